"""Each group's report figures are cached under that group's version: a sheet submitted in one group
recomputes that group only, and what is shown always equals a fresh computation."""
import datetime
import uuid

import pytest

from books.selectors import account_balances
from core.dates import today
from groups.models import Group
from meetings.models import Meeting
from meetings.services import meeting_record
from members.models import Member
from reports.selectors import reused
from reports.selectors.dashboard import monthly_trend
from reports.selectors.indicators import group_figures
from reports.selectors.manager_panel import panel_for_groups
from reports.selectors.portfolio import portfolio_quality, quality_by_group
from reports.selectors.trends import month_ends, par_ratios, par_trend, repayment_rates, repayment_trend
from sheet.services import sheet_submit
from tests.reports.factories import build_loans

pytestmark = pytest.mark.django_db
D = datetime.date
START, END = D(2024, 1, 1), D(2024, 12, 31)


def submit_sheet(group, actor, day=D(2024, 7, 9)):
    """Submit a routine meeting's sheet in ``group``: every member present and paying 10,000 wajib."""
    members = list(Member.objects.filter(group=group))
    meeting = meeting_record(group=group, actor=actor, date=day, type=Meeting.Type.ROUTINE)
    cash = account_balances(group, as_of=day)["cash"]
    rows = {m.pk: {"attendance": "present", "wajib": 10_000} for m in members}
    # build_loans lent without savings: the books' cash is negative, the box counted empty.
    sheet_submit(meeting=meeting, actor=actor, submission_id=uuid.uuid4(), rows=rows,
                 cash_counted=max(cash + 10_000 * len(members), 0), cash_difference_note="Kas dari modal LP2M")


def record(monkeypatch, name):
    """Replace ``reused.<name>`` by a wrapper that records the groups it is asked for."""
    calls, real = [], getattr(reused, name)

    def wrapper(groups, **kwargs):
        ids = set(groups.values_list("pk", flat=True)) if hasattr(groups, "values_list") else set(groups)
        calls.append(ids)
        return real(groups, **kwargs)

    monkeypatch.setattr(reused, name, wrapper)
    return calls


@pytest.fixture
def two_groups(group_a, group_b, manager):
    build_loans(group_a, manager)
    build_loans(group_b, manager)
    return group_a, group_b


def test_a_sheet_in_one_group_recomputes_that_groups_figures_only(monkeypatch, two_groups, pendamping1):
    a, b = two_groups
    calls = record(monkeypatch, "group_figures")
    first = reused.figures_by_group(Group.objects.all(), start=START, end=END)
    reused.figures_by_group(Group.objects.all(), start=START, end=END)
    assert calls == [{a.pk, b.pk}]  # the second view computed nothing

    submit_sheet(a, pendamping1)
    after = reused.figures_by_group(Group.objects.all(), start=START, end=END)
    assert calls == [{a.pk, b.pk}, {a.pk}]
    assert after == group_figures(Group.objects.all(), start=START, end=END)
    assert after[a.pk]["att_present"] == first[a.pk]["att_present"] + 3
    assert after[b.pk] == first[b.pk]


def test_a_sheet_in_one_group_recomputes_its_quality_and_trends_only(monkeypatch, two_groups, pendamping1):
    a, b = two_groups
    quality_calls, trend_calls = record(monkeypatch, "quality_by_group"), record(monkeypatch, "par_trend_by_group")
    for _view in range(2):
        reused.quality_for_groups(Group.objects.all(), as_of=END)
        reused.trends_for_groups(Group.objects.all(), end=END, months=24)
    assert quality_calls == trend_calls == [{a.pk, b.pk}]
    submit_sheet(a, pendamping1)
    quality = reused.quality_for_groups(Group.objects.all(), as_of=END)
    trends = reused.trends_for_groups(Group.objects.all(), end=END, months=24)
    assert quality_calls == trend_calls == [{a.pk, b.pk}, {a.pk}]
    assert quality == quality_by_group(Group.objects.all(), as_of=END)
    ends = month_ends(END, 24)
    assert [sum(t["points"][i]["savings"] for t in trends.values()) for i in range(24)] \
        == [p["savings"] for p in monthly_trend(Group.objects.all(), end=END, months=24)]
    at_risk = [sum(t["par"][0][i] for t in trends.values()) for i in range(24)]
    glp = [sum(t["par"][1][i] for t in trends.values()) for i in range(24)]
    assert par_ratios(at_risk, glp) == par_trend(Group.objects.all(), ends=ends)
    got = [sum(t["repayment"][0][i] for t in trends.values()) for i in range(24)]
    due = [sum(t["repayment"][1][i] for t in trends.values()) for i in range(24)]
    assert repayment_rates(got, due) == repayment_trend(Group.objects.all(), ends=ends)
    # Both groups: 2,500,000 lent on 15 Jan 2024; 500,000 + 900,000 + 100,000 left at the year end.
    assert (glp[12], glp[-1]) == (2 * 2_500_000, 2 * 1_500_000)


def test_the_manager_panel_equals_a_fresh_computation_after_a_sheet(monkeypatch, two_groups, pendamping1):
    a, b = two_groups
    calls = record(monkeypatch, "group_figures")
    panel_for_groups(Group.objects.all())
    submit_sheet(a, pendamping1, day=today() - datetime.timedelta(days=3))
    panel = panel_for_groups(Group.objects.all())
    assert calls[-1] == {a.pk}
    fresh = portfolio_quality(Group.objects.all(), as_of=today(), limit=10)
    assert [(r["days"], r["loan"].pk, r["outstanding"], r["overdue"]) for r in panel["quality"]["arrears"]] \
        == [(r["days"], r["loan"].pk, r["outstanding"], r["overdue"]) for r in fresh["arrears"]]
    assert panel["now"]["savings"] == monthly_trend(Group.objects.all(), end=today(), months=1)[-1]["savings"]


def test_the_dashboard_after_a_sheet_recomputes_one_group(monkeypatch, login, users, two_groups, pendamping1):
    a, _b = two_groups
    client = login(users["manager"])
    calls = record(monkeypatch, "group_figures")
    assert client.get("/").status_code == 200
    assert client.get("/").status_code == 200
    assert len(calls) == 1
    submit_sheet(a, pendamping1, day=today() - datetime.timedelta(days=3))
    assert client.get("/").status_code == 200
    assert calls[-1] == {a.pk}
