"""The repayment dashboard: figures, collectibility and the arrears list, for each role."""
import datetime
from decimal import Decimal

import pytest

from groups.models import Group
from reports.selectors.portfolio import portfolio_quality
from tests.factories import GroupFactory
from tests.reports.factories import build_loans
from tests.utils import count_queries

pytestmark = pytest.mark.django_db
D = datetime.date
URL = "/reports/portfolio/?start=2024-01-01&end=2024-06-30"


@pytest.fixture
def loans(group_a, manager):
    return build_loans(group_a, manager)


def test_collectibility_and_arrears_list(loans):
    _on_time, late, covered = loans
    covered.member.contact_consent = False
    covered.member.save()
    quality = portfolio_quality(Group.objects.all(), as_of=D(2024, 6, 30))
    # POJK 62/2015 by calendar months (an informal group in 2024): Yusnimar, 107 days late, is more than
    # three months late, so diragukan with a 50 % reserve of her Rp 900.000.
    assert [(r["class"].key, r["loans"], r["outstanding"], r["reserve"]) for r in quality["collectibility"]] == [
        ("lancar", 2, 600_000, 0), ("diragukan", 1, 900_000, 450_000), ("macet", 0, 0, 0)]
    assert quality["reserve_required"] == 450_000
    assert [r.key for r in quality["regimes"]] == ["pojk-62-2015"]
    assert [(a["member"].full_name, a["days"], a["overdue"], a["outstanding"], a["phone"])
            for a in quality["arrears"]] == [
        ("Yusnimar", 107, 480_000, 900_000, "081234567890"),  # March–June, 4 × 120,000
        ("Nurhayati", 15, 110_000, 100_000, ""),  # no consent: no phone shown
    ]
    assert quality["late_count"] == 2


@pytest.mark.parametrize("role, late", [("manager", 2), ("pendamping1", 2), ("bendahara1", 2), ("pendamping2", 0)])
def test_each_role_sees_her_groups_arrears(login, users, loans, role, late):
    response = login(users[role]).get(URL)
    assert response.status_code == 200
    assert response.context["quality"]["late_count"] == late
    if late:
        content = response.content.decode()
        assert "Yusnimar" in content
        assert "Rp 480.000" in content


def test_figures_on_the_page(login, users, loans):
    figures = {f["indicator"].key: f["value"] for f in login(users["manager"]).get(URL).context["figures"]}
    assert figures["glp"] == 1_500_000
    assert figures["disbursed_value"] == 2_500_000
    assert figures["loans_disbursed"] == 3


def test_arrears_export(login, users, loans):
    body = login(users["manager"]).get(URL + "&export=csv").content.decode("utf-8-sig")
    assert "Yusnimar" in body and "480000" in body


def test_manager_panel_lists_who_is_late(login, users, loans):
    content = login(users["manager"]).get("/").content.decode()
    assert "Yusnimar" in content


def test_query_count_does_not_grow_with_groups(login, users, loans, manager):
    client = login(users["manager"])
    _, few = count_queries(lambda: client.get(URL))
    for _i in range(3):
        build_loans(GroupFactory(), manager)
    _, many = count_queries(lambda: client.get(URL))
    assert few == many


@pytest.mark.parametrize("role, shown", [("manager", True), ("pendamping1", True), ("bendahara1", True),
                                         ("pendamping2", False)])
def test_par_and_repayment_after_cover_beside_the_members_own(login, users, loans, role, shown):
    response = login(users[role]).get(URL)
    rows = {row["after"].key: (row["after_value"], row["own_value"]) for row in response.context["covers"]}
    if not shown:  # no loans in her groups: nothing to divide by
        assert rows["par30"] == (None, None)
        return
    # See tests/reports/test_selectors_loans.py for the arithmetic.
    assert rows == {"par1": (Decimal("0.6667"), Decimal("0.6875")), "par30": (Decimal("0.6000"), Decimal("0.6875")),
                    "par90": (Decimal("0.6000"), Decimal("0.5625")),
                    "repayment_rate": (Decimal("0.6629"), Decimal("0.6000")),
                    "on_time_rate": (Decimal("0.6629"), Decimal("0.6000"))}
    content = response.content.decode()
    row = content[content.index('id="cover-par30"'):]
    row = row[:row.index("</tr>")]
    assert "68,75" in row and "60,00" in row  # both views in the same row
    assert "Cara menghitung" in row


def test_figures_are_reused_until_a_repayment_changes_them(login, users, loans, manager):
    """Yusnimar pays her four late instalments (Rp 480.000): the next view shows her off the list."""
    from loans.services import loan_repay

    _on_time, late, _covered = loans
    client = login(users["manager"])
    _page, cold = count_queries(lambda: client.get(URL))
    page, warm = count_queries(lambda: client.get(URL))
    assert warm < cold - 10
    assert "Yusnimar" in page.content.decode()
    loan_repay(loan=late, amount=480_000, date=D(2024, 6, 30), actor=manager)
    page, again = count_queries(lambda: client.get(URL))
    assert again > warm + 10  # computed afresh
    assert [a["member"].full_name for a in page.context["quality"]["arrears"]] == ["Nurhayati"]


@pytest.mark.parametrize("role, names", [
    ("manager", ["Yusnimar", "Yusnimar", "Nurhayati", "Nurhayati"]),
    ("pendamping1", ["Yusnimar", "Nurhayati"]),
    ("bendahara1", ["Yusnimar", "Nurhayati"]),
    ("pendamping2", ["Yusnimar", "Nurhayati"]),
])
def test_who_is_late_comes_a_page_at_a_time_and_the_download_has_all(monkeypatch, login, users, loans, group_b,
                                                                      manager, role, names):
    """Two groups with two late loans each; a page of one row: the pages and the XLSX hold only her groups."""
    import io

    from openpyxl import load_workbook

    from reports import views

    build_loans(group_b, manager)
    monkeypatch.setattr(views, "ARREARS_PER_PAGE", 1)
    client = login(users[role])
    shown = []
    for number in range(1, len(names) + 2):  # one page past the end shows the last page again
        response = client.get(f"{URL}&page={number}")
        assert response.status_code == 200
        assert response.context["quality"]["late_count"] == len(names)
        assert len(response.context["quality"]["arrears"]) == 1
        shown.append(response.context["quality"]["arrears"][0])
    # Longest late first: both Yusnimars (107 days) before both Nurhayatis (15 days).
    assert [a["member"].full_name for a in shown[:-1]] == names
    assert shown[-1]["loan"] == shown[-2]["loan"]
    mine = {a["group"].pk for a in shown}
    expected = {g.pk for g in (views.groups_visible_to(users[role]))}
    assert mine == expected
    book = load_workbook(io.BytesIO(client.get(URL + "&export=xlsx&page=2").content))
    rows = list(book.active.iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in rows] == names
    assert {row[2] for row in rows} == {g.name for g in views.groups_visible_to(users[role])}


def test_the_page_is_bounded_however_many_are_late(login, users, loans, group_b, manager):
    from reports import views

    build_loans(group_b, manager)
    response = login(users["manager"]).get(URL)
    assert len(response.context["quality"]["arrears"]) == 4 <= views.ARREARS_PER_PAGE
    assert response.context["page"].paginator.per_page == views.ARREARS_PER_PAGE
