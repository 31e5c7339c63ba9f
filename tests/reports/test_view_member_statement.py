"""The member statement: one member (HTML, PDF, XLSX) and every member of a group in one PDF."""
import datetime
import io

import pytest
from pypdf import PdfReader

from savings.services import savings_deposit, savings_withdraw
from tests.factories import MemberFactory
from tests.jobs.helpers import job_file
from tests.reports.factories import build_loans
from tests.utils import count_queries

pytestmark = pytest.mark.django_db
D = datetime.date
HALF = "start=2024-01-01&end=2024-06-30"


@pytest.fixture
def rosmaniar(group_a, manager):
    on_time, _late, covered = build_loans(group_a, manager)
    member = on_time.member
    savings_deposit(member=member, kind="pokok", amount=50_000, date=D(2023, 12, 10), actor=manager)
    savings_deposit(member=member, kind="wajib", amount=10_000, date=D(2024, 2, 15), actor=manager)
    savings_deposit(member=member, kind="wajib", amount=10_000, date=D(2024, 3, 15), actor=manager)
    savings_deposit(member=member, kind="sukarela", amount=25_000, date=D(2024, 4, 15), actor=manager)
    savings_withdraw(member=member, amount=5_000, date=D(2024, 5, 15), actor=manager)
    return member


def _pdf_text(response):
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize("role", ["manager", "pendamping1", "bendahara1"])
def test_in_scope_roles_see_her_statement(login, users, rosmaniar, role):
    response = login(users[role]).get(f"/reports/members/{rosmaniar.pk}/statement/?{HALF}")
    assert response.status_code == 200
    statement = response.context["statement"]
    assert [(a.kind, a.opening, a.closing) for a in statement.savings] == [
        ("pokok", 50_000, 50_000), ("wajib", 0, 20_000), ("sukarela", 0, 20_000)]
    assert statement.savings_total == 90_000
    assert [row["balance"] for row in statement.savings[2].rows] == [25_000, 20_000]
    assert statement.outstanding_total == 500_000
    assert len(statement.payments) == 5
    content = response.content.decode()
    assert "Rp 90.000" in content and "Rp 500.000" in content


@pytest.mark.parametrize("role", ["pendamping2"])
def test_out_of_scope_is_404(login, users, rosmaniar, role):
    client = login(users[role])
    assert client.get(f"/reports/members/{rosmaniar.pk}/statement/").status_code == 404
    assert client.get(f"/reports/members/{rosmaniar.pk}/statement/pdf/").status_code == 404
    assert client.get(f"/reports/groups/{rosmaniar.group_id}/member-statements/pdf/").status_code == 404
    assert client.post(f"/reports/groups/{rosmaniar.group_id}/member-statements/pdf/").status_code == 404


def test_treasurer_of_another_group_gets_404(login, users, group_b, manager):
    other = MemberFactory(group=group_b)
    assert login(users["bendahara1"]).get(f"/reports/members/{other.pk}/statement/").status_code == 404


def test_statement_pdf_has_her_name_balances_and_totals(login, users, rosmaniar):
    _reader, text = _pdf_text(login(users["bendahara1"]).get(f"/reports/members/{rosmaniar.pk}/statement/pdf/?{HALF}"))
    assert "Rosmaniar" in text
    assert "90.000" in text  # total savings
    assert "20.000" in text  # closing wajib and sukarela
    assert "500.000" in text  # outstanding principal
    assert "Anggrek" in text


def test_covered_member_shows_the_cover_and_her_arrears(login, users, rosmaniar):
    nurhayati = rosmaniar.group.members.get(full_name="Nurhayati")
    response = login(users["manager"]).get(f"/reports/members/{nurhayati.pk}/statement/?{HALF}")
    statement = response.context["statement"]
    assert statement.covers_owed == 110_000
    assert statement.overdue_total == 110_000  # June instalment unpaid
    assert "Tanggung renteng" in response.content.decode() or "tanggung renteng" in response.content.decode()


@pytest.mark.parametrize("role", ["manager", "pendamping1", "bendahara1"])
def test_group_pdf_has_a_page_per_member(login, users, rosmaniar, role):
    """Asked for, it is made as a job (at once in the tests); its page offers the PDF."""
    client = login(users[role])
    url = f"/reports/groups/{rosmaniar.group_id}/member-statements/pdf/?{HALF}"
    assert "Buat PDF" in client.get(url).content.decode()  # a bookmarked address asks first
    reader, text = _pdf_text(job_file(client, client.post(url)))
    for name in ("Rosmaniar", "Yusnimar", "Nurhayati"):
        assert name in text
    assert len(reader.pages) >= 3
    first_pages = [page.extract_text() for page in reader.pages]
    assert "Nurhayati" in first_pages[0]  # ordered by name: Nurhayati, Rosmaniar, Yusnimar


def test_xlsx_export_of_savings(login, users, rosmaniar):
    response = login(users["manager"]).get(f"/reports/members/{rosmaniar.pk}/statement/?{HALF}&export=csv")
    body = response.content.decode("utf-8-sig")
    assert "-5000,20000" in body


def test_group_statement_queries_stay_bounded_for_savings(login, users, rosmaniar, manager):
    from reports.selectors.statement import member_statements

    members = list(rosmaniar.group.members.all())
    _, few = count_queries(lambda: member_statements(members[:1], start=D(2024, 1, 1), end=D(2024, 6, 30)))
    extra = MemberFactory.create_batch(5, group=rosmaniar.group)
    for m in extra:
        savings_deposit(member=m, kind="pokok", amount=50_000, date=D(2024, 1, 10), actor=manager)
    _, many = count_queries(lambda: member_statements([members[0]] + extra, start=D(2024, 1, 1),
                                                      end=D(2024, 6, 30)))
    assert few == many  # members without loans add no queries


@pytest.mark.parametrize("role", ["manager", "pendamping1", "bendahara1"])
def test_an_opening_balance_shows_as_a_saldo_awal_row(login, users, group_a, manager, role):
    from savings.services import Opening, savings_open_balances

    siti = MemberFactory(code="A-001", group=group_a, full_name="Siti", joined_on=D(2024, 1, 1))
    savings_open_balances(openings=[Opening(siti, "sukarela", 325_000, D(2024, 12, 31))], actor=manager)
    savings_deposit(member=siti, kind="sukarela", amount=50_000, date=D(2025, 1, 15), actor=manager)
    response = login(users[role]).get(f"/reports/members/{siti.pk}/statement/?start=2024-12-01&end=2025-01-31")
    sukarela = response.context["statement"].savings[2]
    assert [(r["txn"].get_type_display(), r["txn"].amount, r["balance"]) for r in sukarela.rows] == [
        ("Saldo awal", 325_000, 325_000), ("Setoran", 50_000, 375_000)]
    assert "Saldo awal" in response.content.decode()
