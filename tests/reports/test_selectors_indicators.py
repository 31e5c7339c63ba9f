"""Indicators aggregated in the database, on hand-built data with values worked out by hand."""
import datetime
from decimal import Decimal

import pytest

from groups.models import Group
from reports.selectors.indicators import indicators_by_group, indicators_for, rank_among
from tests.factories import GroupFactory
from tests.reports.factories import build_books, build_members_and_meetings
from tests.utils import count_queries

pytestmark = pytest.mark.django_db
D = datetime.date
YEAR = {"start": D(2024, 1, 1), "end": D(2024, 12, 31)}


@pytest.fixture
def history(group_a, manager):
    build_members_and_meetings(group_a, manager)
    build_books(group_a, manager)
    return group_a


def _only(group):
    return Group.objects.filter(pk=group.pk)


def test_member_indicators(history):
    values = indicators_for(_only(history), **YEAR)
    # Start: 4 active; end: 3 of them + Desmawati who joined in March = 4; Later joins in 2025.
    assert values["active_members"] == 4
    assert values["new_members"] == 1
    assert values["retention"] == Decimal("0.7500")  # (4 − 1) / 4
    assert values["member_growth"] == Decimal("0.0000")
    assert values["travel_minutes"] == Decimal("10.0")  # median of 5, 10, 30 (Desmawati gave none)


def test_meeting_indicators(history):
    values = indicators_for(_only(history), **YEAR)
    assert values["meetings_held_rate"] == Decimal("0.5000")  # 6 months held of 12 (July is a draft)
    assert values["facilitation"] == Decimal("0.6667")  # officer at 4 of 6
    assert values["attendance_rate"] == Decimal("0.7500")  # 3 present of 4 expected
    assert values["represented_rate"] == Decimal("0.2500")
    assert values["capacity_events"] == 1
    assert values["capacity_participants"] == 2


def test_book_indicators(history):
    values = indicators_for(_only(history), **YEAR)
    assert values["savings_total"] == 403_000  # 200,000 pokok + 120,000 wajib + 83,000 sukarela
    assert values["savings_growth"] == Decimal("1.0150")  # 403,000 / 200,000 − 1
    assert values["oss"] == Decimal("2.4000")  # (30,000 + 6,000) / (12,000 + 3,000)
    assert values["loans_receivable"] == 300_000
    assert values["portfolio_yield"] == Decimal("0.0800")  # 36,000 / ((600,000 + 300,000) / 2), 12 months
    assert values["savings_to_loans"] == Decimal("1.3433")  # 403,000 / 300,000
    assert values["own_capital_ratio"] == Decimal("0.9270")  # 1,320,000 / 1,424,000
    assert values["years_operating"] == Decimal("10.0")  # LKP founded 1 Jan 2015


def test_half_year_yield_is_annualised(history):
    values = indicators_for(_only(history), start=D(2024, 1, 1), end=D(2024, 6, 30))
    assert values["portfolio_yield"] == Decimal("0.1600")  # 0.08 for six months × 12 / 6


def test_empty_scope_gives_zero_counts_and_no_ratios(group_b):
    values = indicators_for(_only(group_b), **YEAR)
    assert values["active_members"] == 0
    assert values["savings_total"] == 0
    for key in ("retention", "member_growth", "oss", "attendance_rate", "savings_growth", "own_capital_ratio",
                "travel_minutes", "facilitation"):
        assert values[key] is None, key
    assert indicators_for(Group.objects.none(), **YEAR)["active_members"] == 0


def test_scope_of_two_groups_adds_the_figures(history, group_b, manager):
    build_books(group_b, manager)
    values = indicators_for(Group.objects.filter(pk__in=[history.pk, group_b.pk]), **YEAR)
    assert values["savings_total"] == 806_000
    assert values["oss"] == Decimal("2.4000")
    assert values["active_members"] == 4


def test_rank_among_groups(history, group_b, manager):
    build_books(group_b, manager)
    by_group = indicators_by_group(Group.objects.all(), **YEAR)
    assert by_group[history.pk]["active_members"] == 4
    assert rank_among(by_group, "active_members", 4) == (1, 2)
    assert rank_among(by_group, "active_members", 0) == (2, 2)
    assert rank_among(by_group, "active_members", 0, higher_is_better=False) == (1, 2)
    assert rank_among(by_group, "retention", None) is None


def test_query_count_does_not_grow_with_groups(history, manager):
    _, few = count_queries(lambda: indicators_for(Group.objects.all(), **YEAR))
    for _i in range(6):
        group = GroupFactory()
        build_members_and_meetings(group, manager)
        build_books(group, manager)
    values, many = count_queries(lambda: indicators_for(Group.objects.all(), **YEAR))
    assert few == many
    assert values["active_members"] == 28
