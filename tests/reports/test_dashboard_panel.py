"""The reports panel on the manager's dashboard: trends as server-side SVG and a district table."""
import datetime

import pytest

from groups.models import Group
from reports.charts import line_chart
from reports.selectors.dashboard import district_summary, monthly_trend
from tests.factories import GroupFactory, MemberFactory, RegionFactory
from tests.reports.factories import build_books, build_members_and_meetings
from tests.utils import count_queries

pytestmark = pytest.mark.django_db
D = datetime.date


def test_monthly_trend_follows_the_books_and_members(group_a, manager):
    build_books(group_a, manager)
    build_members_and_meetings(group_a, manager)
    points = monthly_trend(Group.objects.all(), end=D(2024, 4, 15), months=6)
    assert [p["date"] for p in points] == [D(2023, 11, 30), D(2023, 12, 31), D(2024, 1, 31), D(2024, 2, 29),
                                          D(2024, 3, 31), D(2024, 4, 15)]
    assert [p["savings"] for p in points] == [0, 200_000, 200_000, 320_000, 400_000, 400_000]
    assert [p["loans"] for p in points] == [0, 600_000, 600_000, 600_000, 600_000, 300_000]
    assert [p["members"] for p in points] == [4, 4, 4, 4, 5, 5]


def test_district_summary_adds_up_groups_under_a_district(manager):
    district = RegionFactory(name="Kota Padang", level="district")
    sub = RegionFactory(name="Koto Tangah", parent=district)
    for _i in range(2):
        group = GroupFactory(region=sub)
        build_books(group, manager)
        MemberFactory(group=group)
    _total, rows = district_summary(Group.objects.all(), start=D(2024, 1, 1), end=D(2024, 12, 31))
    assert [(r["name"], r["groups"], r["values"]["savings_total"], r["values"]["active_members"]) for r in rows] \
        == [("Kota Padang", 2, 806_000, 2)]


def test_line_chart_scales_into_the_box():
    chart = line_chart([0, 50, 100], width=112, height=112)
    assert chart["points"] == "6.0,106.0 56.0,56.0 106.0,6.0"
    assert line_chart([7, 7])["points"].endswith(",55.0")
    assert line_chart([])["points"] == ""


def test_manager_sees_the_panel_with_svg(login, users, group_a, manager):
    build_books(group_a, manager)
    content = login(users["manager"]).get("/").content.decode()
    assert 'id="reports-panel"' in content
    assert "<polyline" in content
    assert "Tren" in content and "Trends" not in content


@pytest.mark.parametrize("role", ["pendamping1", "pendamping2", "bendahara1"])
def test_other_roles_do_not_get_the_panel(login, users, role):
    content = login(users[role]).get("/").content.decode()
    assert 'id="reports-panel"' not in content


def test_dashboard_query_count_does_not_grow_with_groups(login, users, group_a, manager):
    client = login(users["manager"])
    build_books(group_a, manager)
    _, few = count_queries(lambda: client.get("/"))
    for i in range(5):
        region = RegionFactory(level="district") if i % 2 else group_a.region
        group = GroupFactory(region=region)
        build_books(group, manager)
        build_members_and_meetings(group, manager)
    _, many = count_queries(lambda: client.get("/"))
    assert few == many


def test_line_chart_leaves_out_months_without_a_value():
    chart = line_chart([None, 0, None, 100], width=112, height=112)
    assert chart["points"] == "39.3,106.0 106.0,6.0"  # x still tells the month
    assert (chart["last_x"], chart["last_y"]) == ("106.0", "6.0")
    assert line_chart([None, None])["points"] == ""


def test_par30_and_repayment_trends_over_12_and_24_months(login, users, group_a, manager):
    from tests.reports.factories import build_loans

    build_loans(group_a, manager)
    response = login(users["manager"]).get("/")
    charts = {(str(c["label"]), c["months"]): c for c in response.context["charts"]}
    for label in ("Portofolio berisiko > 30 hari", "Tingkat pengembalian"):
        assert {(label, 12), (label, 24)} <= set(charts)
        assert charts[(label, 24)]["kind"] == "ratio"
    content = response.content.decode()
    assert content.count('class="trend-chart"') == 10  # five series, each over 12 and 24 months
    assert "Portofolio berisiko &gt; 30 hari" in content or "Portofolio berisiko > 30 hari" in content


def test_dashboard_query_count_does_not_grow_with_loans_or_groups(login, users, group_a, manager):
    from tests.reports.factories import build_loans

    client = login(users["manager"])
    build_loans(group_a, manager)
    _, few = count_queries(lambda: client.get("/"))
    for _i in range(3):
        build_loans(GroupFactory(), manager)
    _, many = count_queries(lambda: client.get("/"))
    assert few == many


def test_officer_summary_adds_up_each_officers_groups(users, group_a, group_b, manager):
    from decimal import Decimal

    from reports.selectors.dashboard import officer_summary
    from tests.factories import assign
    from tests.reports.factories import build_loans

    build_loans(group_a, manager)
    build_loans(GroupFactory(name="Tanpa pendamping"), manager)
    assign(users["pendamping2"], group_a, start=D(2024, 7, 1))  # not yet hers at the end of June
    rows = officer_summary(Group.objects.all(), start=D(2024, 1, 1), end=D(2024, 6, 30))
    # Each loan group: GLP 1,500,000, PAR30 900,000 / 1,500,000, repayment 1,160,000 / 1,750,000.
    assert [(r["officer"].username if r["officer"] else None, r["groups"], r["values"]["active_members"],
             r["values"]["glp"], r["values"]["par30"], r["values"]["repayment_rate"]) for r in rows] == [
        ("pendamping1", 1, 3, 1_500_000, Decimal("0.6000"), Decimal("0.6629")),
        ("pendamping2", 1, 0, 0, None, None),
        (None, 1, 3, 1_500_000, Decimal("0.6000"), Decimal("0.6629")),
    ]
    mine = officer_summary(Group.objects.all(), start=D(2024, 1, 1), end=D(2024, 6, 30),
                           officers=[users["pendamping1"]])
    assert [r["officer"] for r in mine] == [users["pendamping1"]]


def test_manager_sees_the_officer_table_with_download_links(login, users, group_a, manager):
    from tests.reports.factories import build_loans

    build_loans(group_a, manager)
    content = login(users["manager"]).get("/").content.decode()
    table = content[content.index('id="by-officer"'):]
    table = table[:table.index("</table>")]
    assert str(users["pendamping1"]) in table and str(users["pendamping2"]) in table
    assert f"/reports/portfolio/?officer={users['pendamping1'].pk}" in table
    assert "/reports/officers/?export=xlsx" in content


def test_the_panel_is_reused_until_a_service_changes_the_books(login, users, group_a, manager):
    """The second view reads the cached figures; a deposit posted through the savings service shows at once."""
    from core.dates import today
    from core.money import format_rupiah
    from savings.services import savings_deposit

    build_books(group_a, manager)
    client = login(users["manager"])
    _page, cold = count_queries(lambda: client.get("/"))
    _page, warm = count_queries(lambda: client.get("/"))
    assert warm < cold - 20
    member = MemberFactory(group=group_a, joined_on=D(2020, 1, 1))
    savings_deposit(member=member, kind="sukarela", amount=7_654_321, date=today(), actor=manager)
    savings = monthly_trend(Group.objects.all(), end=today(), months=1)[-1]["savings"]
    page, again = count_queries(lambda: client.get("/"))
    assert again > warm + 20  # computed afresh
    assert format_rupiah(savings) in page.content.decode()


def test_the_scale_is_round_numbers_around_the_values():
    from reports.charts import nice_scale

    assert nice_scale(8_603_835, 18_696_542) == [5_000_000, 10_000_000, 15_000_000, 20_000_000]
    assert nice_scale(0.5885, 0.9172) == [0.5, 0.6, 0.7, 0.8, 0.9, 1.0]
    assert nice_scale(30, 38, whole=True) == [30, 32, 34, 36, 38]  # counts: whole ticks
    assert nice_scale(0, 0) == [0, 0.25, 0.5, 0.75, 1.0]  # a flat zero still gets a scale from zero


def test_axis_labels_are_short_and_indonesian():
    from django.utils import translation

    from reports.charts import axis_label

    with translation.override("id"):
        assert axis_label(49_527_100, "money") == "49,5 jt"
        assert axis_label(20_000_000, "money") == "20 jt"
        assert axis_label(1_250_000_000, "money") == "1,3 M"
        assert axis_label(750_000, "money") == "750 rb"
        assert axis_label(0.25, "ratio") == "25 %"
        assert axis_label(0.125, "ratio") == "12,5 %"
        assert axis_label(1250, "count") == "1.250"


def test_bars_rank_the_worst_first_and_leave_out_groups_without_a_value():
    from decimal import Decimal

    from reports.charts import bar_rows

    rows = [{"group_id": i, "name": name, "values": {"par30": par}}
            for i, (name, par) in enumerate([("Anggrek", Decimal("0.6")), ("Melati", None), ("Rosella", Decimal("0")),
                                             ("Garuda", Decimal("0.15"))])]
    ranked = bar_rows(rows, "par30", highest_first=True)
    assert [(r["name"], r["bar"]) for r in ranked] == [("Anggrek", "60.0"), ("Garuda", "15.0"), ("Rosella", "0.0")]
    assert [r["name"] for r in bar_rows(rows, "par30", highest_first=False, limit=2)] == ["Rosella", "Garuda"]
    over = [{"group_id": 1, "name": "A", "values": {"r": Decimal("1.25")}},
            {"group_id": 2, "name": "B", "values": {"r": Decimal("0.5")}}]
    assert [r["bar"] for r in bar_rows(over, "r", highest_first=False)] == ["40.0", "100.0"]  # against the largest
