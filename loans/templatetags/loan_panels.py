"""Data for the loan partials on the member, group and dashboard pages (bounded queries)."""
from django import template

from core.cache import reuse_until_changed
from core.dates import today
from groups.selectors import groups_visible_to
from loans import selectors
from loans.models import Loan, LoanStatus

register = template.Library()


@register.simple_tag
def member_loans(member):
    """Return the member's loans with outstanding principal, and her eligibility today."""
    on = today()
    loans = list(Loan.objects.filter(member=member).order_by("-applied_on", "-id"))
    outstanding = selectors.outstanding_principal_by_loan(Loan.objects.filter(member=member), as_of=on)
    dpd = selectors.days_past_due_by_loan(Loan.objects.filter(member=member), as_of=on)
    for loan in loans:
        loan.outstanding = outstanding.get(loan.pk) if loan.is_open else None
        loan.dpd = dpd.get(loan.pk, 0)
    eligibility = selectors.eligibility_for_members([member], on=on).get(member.pk) if member.is_active else None
    return {"loans": loans, "eligibility": eligibility,
            "cover_owed": selectors.cover_outstanding_for_members([member.pk], as_of=on).get(member.pk, 0)}


@register.simple_tag
def group_loans_summary(group):
    """Return the group's running loans: count, outstanding principal, how many overdue, to disburse."""
    on = today()
    running = Loan.objects.filter(group=group, status=LoanStatus.ACTIVE)
    outstanding = selectors.outstanding_principal_by_loan(running, as_of=on)
    late = selectors.days_past_due_by_loan(running, as_of=on)
    return {"running": len(outstanding), "outstanding": sum(outstanding.values()), "late": len(late),
            "to_disburse": selectors.approved_unpaid_for_group(group)}


@register.filter
def may_record_loans(user):
    return user.is_authenticated and selectors.can_record_loans(user)


@register.simple_tag
def dashboard_loans(user):
    """Return the running loans of the groups ``user`` sees: count, outstanding principal, overdue count.

    Reused until the next audited change (``core.cache``): at LP2M scale it reads every open loan.
    """
    on = today()
    running = selectors.loans_visible_to(user).filter(status=LoanStatus.ACTIVE)

    def compute():
        outstanding = selectors.outstanding_principal_by_loan(running, as_of=on)
        return {"running": len(outstanding), "outstanding": sum(outstanding.values()),
                "late": len(selectors.days_past_due_by_loan(running, as_of=on))}

    return reuse_until_changed("dashboard_loans", (groups_visible_to(user),), compute)
