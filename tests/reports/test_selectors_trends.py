"""Monthly PAR > 30 days and repayment rate for the dashboard, on the hand-built loans."""
import datetime
from decimal import Decimal

import pytest

from groups.models import Group
from loans import services
from reports.selectors.indicators import indicators_for
from reports.selectors.trends import month_ends, par_trend, repayment_trend
from tests.factories import GroupFactory
from tests.reports.factories import build_loans
from tests.utils import count_queries

pytestmark = pytest.mark.django_db
D = datetime.date
ENDS = month_ends(D(2024, 6, 30), 6)


@pytest.fixture
def loans(group_a, manager):
    return build_loans(group_a, manager)


def test_month_ends_stop_at_the_day_asked():
    assert month_ends(D(2024, 3, 10), 4) == [D(2023, 12, 31), D(2024, 1, 31), D(2024, 2, 29), D(2024, 3, 10)]


def test_par30_month_by_month(loans):
    # Jan–Mar nobody is 30 days late (disbursed 15 January, first due 15 February).
    # 30 Apr: Yusnimar (900,000) 46 days late, GLP 700,000 + 900,000 + 200,000.
    # 31 May: the group fund covered Nurhayati's May, GLP 600,000 + 900,000 + 100,000.
    # 30 Jun: 900,000 / 1,500,000.
    assert par_trend(Group.objects.all(), ends=ENDS) == [
        Decimal("0.0000"), Decimal("0.0000"), Decimal("0.0000"), Decimal("0.5000"), Decimal("0.5625"),
        Decimal("0.6000")]


def test_repayment_rate_month_by_month(loans):
    # Due each month from February: 120,000 + 120,000 + 110,000 = 350,000. Received: everything in
    # February; from March Rosmaniar's 120,000 and Nurhayati's 110,000 (in May by the cover); June 120,000.
    assert repayment_trend(Group.objects.all(), ends=ENDS) == [
        None, Decimal("1.0000"), Decimal("0.6571"), Decimal("0.6571"), Decimal("0.6571"), Decimal("0.3429")]


def test_each_point_equals_the_indicators_for_that_month(loans, manager):
    _on_time, late, _covered = loans
    wrong = services.loan_repay(loan=late, amount=120_000, date=D(2024, 4, 2), actor=manager)
    services.repayment_reverse(repayment=wrong, actor=manager, reason="Salah catat", date=D(2024, 5, 3))
    ends = month_ends(D(2024, 6, 20), 8)
    par, repayment = par_trend(Group.objects.all(), ends=ends), repayment_trend(Group.objects.all(), ends=ends)
    for i, end in enumerate(ends):
        values = indicators_for(Group.objects.all(), start=end.replace(day=1), end=end)
        assert (par[i], repayment[i]) == (values["par30"], values["repayment_rate"]), end


def test_rescheduled_and_written_off_loans(loans, manager):
    on_time, late, _covered = loans
    services.loan_reschedule(loan=on_time, term=8, date=D(2024, 6, 20), actor=manager, reason="Usaha sepi")
    services.loan_write_off(loan=late, date=D(2024, 5, 20), actor=manager, reason="Pindah")
    par = par_trend(Group.objects.all(), ends=ENDS)
    # 31 May: Yusnimar written off, GLP 600,000 + 100,000, nobody late → 0. 30 Jun: Rosmaniar
    # rescheduled, so her 500,000 is at risk: 500,000 / 600,000.
    assert par[-2:] == [Decimal("0.0000"), Decimal("0.8333")]
    for i, end in enumerate(ENDS):
        assert par[i] == indicators_for(Group.objects.all(), start=end.replace(day=1), end=end)["par30"], end


def test_query_count_does_not_grow_with_months_or_groups(loans, manager):
    def run(months):
        ends = month_ends(D(2024, 6, 30), months)
        return par_trend(Group.objects.all(), ends=ends), repayment_trend(Group.objects.all(), ends=ends)

    _, twelve = count_queries(lambda: run(12))
    for _i in range(3):
        build_loans(GroupFactory(), manager)
    (par, _repayment), twenty_four = count_queries(lambda: run(24))
    assert twelve == twenty_four == 9
    assert par[-1] == Decimal("0.6000")
