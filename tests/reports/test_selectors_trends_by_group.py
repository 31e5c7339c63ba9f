"""``repayment_trend_by_group``: each group's received and due amounts per month, read for those months only."""
import datetime

import pytest

from core.dates import month_end
from loans import services
from loans.models import Allocation, Instalment, ScheduleVersion
from reports.selectors.trends import month_ends, repayment_trend_by_group
from tests.factories import GroupFactory, MemberFactory
from tests.reports.factories import build_loans
from tests.utils import count_queries

pytestmark = pytest.mark.django_db
D = datetime.date
ENDS = month_ends(D(2024, 6, 30), 6)


def _month(day):
    return (day.year, day.month)


def recompute(group_ids, ends):
    """The same figures from every allocation and instalment, one row at a time, by indicators.md's rules."""
    points = [_month(e) for e in ends]
    end = ends[-1]
    result = {}

    def mine(group_id):
        return result.setdefault(group_id, ([0] * len(ends), [0] * len(ends)))

    for a in Allocation.objects.select_related("repayment__reversal", "instalment"):
        paid = a.repayment.value_date
        if a.repayment.group_id not in group_ids or a.component == "penalty" or not (
                ends[0].replace(day=1) <= paid <= end):
            continue
        i = points.index(_month(paid))
        reversal = getattr(a.repayment, "reversal", None)
        if reversal is not None and reversal.date <= month_end(paid):
            continue  # reversed within its month
        due = a.instalment.due_date
        if _month(due) > points[i] or due > end:
            continue  # a prepayment: not received against what fell due
        mine(a.repayment.group_id)[0][i] += a.amount
    for inst in Instalment.objects.select_related("loan", "schedule"):
        if inst.loan.group_id not in group_ids or not (ends[0].replace(day=1) <= inst.due_date <= end):
            continue
        i = points.index(_month(inst.due_date))
        later = ScheduleVersion.objects.filter(loan=inst.loan, version__gt=inst.schedule.version).order_by("start")
        replaced = later.first().start if later.exists() else None
        if _month(inst.schedule.start) <= points[i] and (replaced is None or _month(replaced) > points[i]):
            mine(inst.loan.group_id)[1][i] += inst.principal + inst.interest
    return result


@pytest.fixture
def two_groups(group_a, manager):
    """``build_loans`` in two groups; the second also has a loan repaid in full in 2023, before the months asked."""
    group_b = GroupFactory()
    build_loans(group_a, manager)
    _on_time, late, _covered = build_loans(group_b, manager)
    old = MemberFactory(group=group_b, full_name="Lama", joined_on=D(2020, 1, 1))
    loan = services.loan_apply(member=old, amount=500_000, term=5, purpose="Modal", business="Kedai",
                               date=D(2023, 1, 5), actor=manager)
    services.loan_decide(loan=loan, approved=True, date=D(2023, 1, 10), agreed_by="Rapat anggota", actor=manager)
    services.loan_disburse(loan=loan, date=D(2023, 1, 15), actor=manager)
    for month in range(2, 7):
        services.loan_repay(loan=loan, amount=110_000, date=D(2023, month, 15), actor=manager)
    # In group_b, April: a payment entered by mistake and reversed in the same month does not count.
    wrong = services.loan_repay(loan=late, amount=120_000, date=D(2024, 4, 2), actor=manager)
    services.repayment_reverse(repayment=wrong, actor=manager, reason="Salah catat", date=D(2024, 4, 20))
    return group_a, group_b


def test_each_group_month_by_month(two_groups):
    group_a, group_b = two_groups
    # Due each month from February: 120,000 + 120,000 + 110,000 = 350,000 (flat 2 %, see build_loans).
    # Received: everything in February; from March Rosmaniar's 120,000 and Nurhayati's 110,000 (May: the
    # group fund's cover); June Rosmaniar's 120,000 alone. The 2023 loan and the reversed April payment add nothing.
    expected = ([0, 350_000, 230_000, 230_000, 230_000, 120_000], [0, 350_000, 350_000, 350_000, 350_000, 350_000])
    result = repayment_trend_by_group([group_a.pk, group_b.pk], ends=ENDS)
    assert result == {group_a.pk: expected, group_b.pk: expected}
    assert repayment_trend_by_group([group_b.pk], ends=ENDS) == {group_b.pk: expected}


def test_equals_a_recomputation_from_every_row(two_groups, manager):
    group_a, group_b = two_groups
    on_time = group_a.members.get(full_name="Rosmaniar").loans.get()
    services.loan_reschedule(loan=on_time, term=8, date=D(2024, 6, 20), actor=manager, reason="Usaha sepi")
    services.loan_repay(loan=on_time, amount=300_000, date=D(2024, 6, 25), actor=manager)  # beyond what is due
    periods = [ENDS, month_ends(D(2024, 6, 20), 8), month_ends(D(2023, 7, 31), 7), month_ends(D(2024, 3, 31), 24),
               month_ends(D(2024, 9, 30), 5)]
    for ends in periods:
        for ids in ([group_a.pk], [group_b.pk], [group_a.pk, group_b.pk]):
            assert repayment_trend_by_group(ids, ends=ends) == recompute(set(ids), ends), (ends[-1], ids)


def test_two_queries_whatever_the_history_before_the_months(two_groups, manager):
    group_a, group_b = two_groups
    before, queries = count_queries(lambda: repayment_trend_by_group([group_a.pk], ends=ENDS))
    for _i in range(2):  # more groups, with loans in the same months
        build_loans(GroupFactory(), manager)
    after, queries_after = count_queries(lambda: repayment_trend_by_group([group_a.pk], ends=ENDS))
    assert before == after
    assert queries == queries_after == 2
