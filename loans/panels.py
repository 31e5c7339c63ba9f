"""The loan panels on the member, group and home pages: their data, in bounded queries.

The member and group panels are registered with ``core.panels`` (their pages sit below loans);
the home page, above loans, calls ``dashboard_loans`` itself.
"""
from core.cache import reuse_per_group
from core.dates import today
from core.panels import GROUP, MEMBER, register
from groups.access import can_record_loans
from groups.selectors import groups_visible_to

from . import positions, selectors
from .models import Loan, LoanStatus


@register(MEMBER, "loans")
def member_loans(member, *, user):
    """Return the member's loans with outstanding principal, her eligibility today, what she owes on
    covers, and whether ``user`` may record a loan for her."""
    on = today()
    loans = list(Loan.objects.filter(member=member).order_by("-applied_on", "-id"))
    outstanding = positions.outstanding_principal_by_loan(Loan.objects.filter(member=member), as_of=on)
    dpd = positions.days_past_due_by_loan(Loan.objects.filter(member=member), as_of=on)
    for loan in loans:
        loan.outstanding = outstanding.get(loan.pk) if loan.is_open else None
        loan.dpd = dpd.get(loan.pk, 0)
    eligibility = selectors.eligibility_for_members([member], on=on).get(member.pk) if member.is_active else None
    return {"loans": loans, "eligibility": eligibility,
            "cover_owed": selectors.cover_outstanding_for_members([member.pk], as_of=on).get(member.pk, 0),
            "may_record": user.is_authenticated and can_record_loans(user)}


@register(GROUP, "loans")
def group_loans_summary(group, *, user):
    """Return the group's running loans: count, outstanding principal, how many overdue, to disburse."""
    on = today()
    running = Loan.objects.filter(group=group, status=LoanStatus.ACTIVE)
    outstanding = positions.outstanding_principal_by_loan(running, as_of=on)
    late = positions.days_past_due_by_loan(running, as_of=on)
    return {"running": len(outstanding), "outstanding": sum(outstanding.values()), "late": len(late),
            "to_disburse": selectors.approved_unpaid_for_group(group)}


def dashboard_loans(user):
    """Return the running loans of the groups ``user`` sees: count, outstanding principal, overdue count.

    Each group's counts are reused until that group changes (``core.cache``): at LP2M scale this
    reads every open loan.
    """
    on = today()

    def compute(ids):
        running = Loan.objects.filter(group_id__in=ids, status=LoanStatus.ACTIVE)
        outstanding = positions.outstanding_principal_by_loan(running, as_of=on)
        late = positions.days_past_due_by_loan(running, as_of=on)
        counts = {gid: {"running": 0, "outstanding": 0, "late": 0} for gid in ids}
        for loan_id, group_id in running.filter(disbursed_on__lte=on).values_list("pk", "group_id"):
            counts[group_id]["running"] += 1
            counts[group_id]["outstanding"] += outstanding.get(loan_id, 0)
            counts[group_id]["late"] += loan_id in late
        return counts

    total = {"running": 0, "outstanding": 0, "late": 0}
    for counts in reuse_per_group("dashboard_loans", groups_visible_to(user), (), compute).values():
        for key in total:
            total[key] += counts[key]
    return total
