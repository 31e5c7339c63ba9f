"""The group report (savings, cash, loans, meetings, arrears): HTML, PDF and XLSX for each role."""
import datetime
import io

import pytest
from pypdf import PdfReader

from savings.services import savings_deposit
from tests.reports.factories import build_loans
from tests.utils import count_queries

pytestmark = pytest.mark.django_db
D = datetime.date
HALF = "start=2024-01-01&end=2024-06-30"


@pytest.fixture
def history(group_a, manager):
    on_time, _late, _covered = build_loans(group_a, manager)
    savings_deposit(member=on_time.member, kind="pokok", amount=50_000, date=D(2023, 12, 10), actor=manager)
    savings_deposit(member=on_time.member, kind="wajib", amount=10_000, date=D(2024, 2, 15), actor=manager)
    return group_a


def _url(group, suffix=""):
    return f"/reports/groups/{group.pk}/report/{suffix}?{HALF}"


@pytest.mark.parametrize("role", ["manager", "pendamping1", "bendahara1"])
def test_in_scope_roles_see_the_report(login, users, history, role):
    response = login(users[role]).get(_url(history))
    assert response.status_code == 200
    report = response.context["report"]
    assert [(r["kind"], r["opening"], r["change"], r["closing"]) for r in report["savings"]] == [
        ("pokok", 50_000, 0, 50_000), ("wajib", 0, 10_000, 10_000), ("sukarela", 0, 0, 0)]
    assert report["values"]["glp"] == 1_500_000
    assert [a["member"].full_name for a in report["quality"]["arrears"]] == ["Yusnimar", "Nurhayati"]
    # Cash: the pokok came before 2024. In: 10,000 wajib + 1,050,000 paid by the members themselves (the
    # group fund's 110,000 cover is no cash). Out: 2,500,000 lent less the 1 % admin fees kept back.
    assert report["cash"] == {"opening": 50_000, "in": 1_060_000, "out": 2_475_000, "closing": -1_365_000}


@pytest.mark.parametrize("role", ["pendamping2"])
def test_out_of_scope_is_404(login, users, history, role):
    assert login(users[role]).get(_url(history)).status_code == 404
    assert login(users[role]).get(_url(history, "pdf/")).status_code == 404


def test_pdf_has_group_figures_and_signatures(login, users, history):
    response = login(users["bendahara1"]).get(_url(history, "pdf/"))
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Anggrek" in text
    assert "1.500.000" in text
    assert "Yusnimar" in text
    assert "Bendahara" in text


def test_export(login, users, history):
    body = login(users["manager"]).get(_url(history) + "&export=csv").content.decode("utf-8-sig")
    assert "Yusnimar,107,480000,900000" in body


def test_query_count_does_not_grow_with_members(login, users, history, manager):
    client = login(users["manager"])
    _, few = count_queries(lambda: client.get(_url(history)))
    build_loans(history, manager)
    _, many = count_queries(lambda: client.get(_url(history)))
    assert few == many


CUT_OVER_PERIOD = "start=2024-12-01&end=2025-01-31"


@pytest.fixture
def cut_over_books(group_a, manager):
    """Siti's balances brought in on 31 Dec 2024 (wajib 120.000, sukarela 325.000), then her own deposits."""
    from savings.services import Opening, savings_open_balances
    from tests.factories import MemberFactory

    siti = MemberFactory(code="A-001", group=group_a, full_name="Siti", joined_on=D(2024, 1, 1))
    savings_open_balances(openings=[Opening(siti, "wajib", 120_000, D(2024, 12, 31)),
                                    Opening(siti, "sukarela", 325_000, D(2024, 12, 31))], actor=manager)
    savings_deposit(member=siti, kind="sukarela", amount=50_000, date=D(2024, 12, 31), actor=manager)
    savings_deposit(member=siti, kind="wajib", amount=10_000, date=D(2025, 1, 15), actor=manager)
    return group_a


@pytest.mark.parametrize("role", ["manager", "pendamping1", "bendahara1"])
def test_balances_brought_in_at_the_cut_over_are_not_savings_of_the_period(login, users, cut_over_books, role):
    response = login(users[role]).get(f"/reports/groups/{cut_over_books.pk}/report/?{CUT_OVER_PERIOD}")
    report = response.context["report"]
    assert [(r["kind"], r["opening"], r["brought_in"], r["deposits"], r["change"], r["closing"])
            for r in report["savings"]] == [("pokok", 0, 0, 0, 0, 0), ("wajib", 0, 120_000, 10_000, 10_000, 130_000),
                                            ("sukarela", 0, 325_000, 50_000, 50_000, 375_000)]
    assert "Saldo pindahan" in response.content.decode()


@pytest.mark.parametrize("role", ["manager", "pendamping1", "bendahara1"])
def test_par30_after_cover_beside_the_members_own(login, users, history, role):
    from decimal import Decimal

    report = login(users[role]).get(_url(history)).context["report"]
    figures = {f["indicator"].key: f["value"] for f in report["figures"]}
    keys = list(figures)
    assert keys.index("par30_own") == keys.index("par30") + 1
    assert (figures["par30"], figures["par30_own"]) == (Decimal("0.6000"), Decimal("0.6875"))
