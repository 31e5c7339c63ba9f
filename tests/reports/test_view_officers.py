"""The table by field officer (page and download) and the portfolio page's drill-down to groups."""
import datetime
from decimal import Decimal

import pytest

from tests.factories import GroupFactory
from tests.reports.factories import build_loans
from tests.utils import count_queries

pytestmark = pytest.mark.django_db
D = datetime.date
HALF = "start=2024-01-01&end=2024-06-30"


@pytest.fixture
def loans(group_a, group_b, manager):
    return build_loans(group_a, manager)


@pytest.mark.parametrize("role, officers", [("manager", ["pendamping1", "pendamping2"]),
                                            ("pendamping1", ["pendamping1"]), ("pendamping2", ["pendamping2"]),
                                            ("bendahara1", [])])
def test_each_role_sees_only_the_officers_she_may(login, users, loans, role, officers):
    response = login(users[role]).get(f"/reports/officers/?{HALF}")
    assert response.status_code == 200
    rows = response.context["officers"]
    assert [r["officer"].username for r in rows] == officers
    by_name = {r["officer"].username: r for r in rows}
    if "pendamping1" in by_name:
        values = by_name["pendamping1"]["values"]
        assert (values["glp"], values["par30"], values["repayment_rate"]) == (
            1_500_000, Decimal("0.6000"), Decimal("0.6629"))
        assert "Rp 1.500.000" in response.content.decode()


def test_officer_table_downloads_as_csv_and_xlsx(login, users, loans):
    client = login(users["manager"])
    body = client.get(f"/reports/officers/?{HALF}&export=csv").content.decode("utf-8-sig")
    assert f"{users['pendamping1']},1,3,1500000,0.6,0.6629" in body
    response = client.get(f"/reports/officers/?{HALF}&export=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_bad_period_is_a_message(login, users, loans):
    response = login(users["manager"]).get("/reports/officers/?start=2024-12-31&end=2024-01-01")
    assert response.status_code == 200
    assert response.context["form"].errors


def test_officer_table_query_count_does_not_grow_with_groups(login, users, loans, manager):
    from tests.factories import assign

    client = login(users["manager"])
    _, few = count_queries(lambda: client.get(f"/reports/officers/?{HALF}"))
    for _i in range(3):
        group = GroupFactory()
        build_loans(group, manager)
        assign(users["pendamping2"], group)
    _, many = count_queries(lambda: client.get(f"/reports/officers/?{HALF}"))
    assert few == many


@pytest.mark.parametrize("role, query, groups", [
    ("manager", "", ["Anggrek", "Garuda Metro"]), ("manager", "officer={pendamping1}", ["Anggrek"]),
    ("pendamping1", "", ["Anggrek"]), ("pendamping2", "", ["Garuda Metro"]), ("bendahara1", "", ["Anggrek"]),
])
def test_portfolio_drills_down_from_an_officer_to_her_groups(login, users, loans, role, query, groups):
    query = query.format(pendamping1=users["pendamping1"].pk)
    response = login(users[role]).get(f"/reports/portfolio/?{HALF}&{query}")
    rows = response.context["by_group"]
    assert [r["group"].name for r in rows] == groups
    assert rows[0]["values"]["glp"] == (1_500_000 if groups[0] == "Anggrek" else 0)
    content = response.content.decode()
    assert f"/reports/groups/{rows[0]['group'].pk}/report/?start=2024-01-01&amp;end=2024-06-30" in content


def test_one_group_has_no_group_table(login, users, loans, group_a):
    response = login(users["manager"]).get(f"/reports/portfolio/?{HALF}&group={group_a.pk}")
    assert response.context["by_group"] is None
    assert 'id="by-group"' not in response.content.decode()


def test_the_period_boxes_show_the_default_period(login, users, loans):
    from reports.forms import default_period

    start, end = default_period()
    page = login(users["manager"]).get("/reports/officers/").content.decode()
    assert f'value="{start:%Y-%m-%d}"' in page and f'value="{end:%Y-%m-%d}"' in page
