"""The repayment dashboard: collectibility of the portfolio and the arrears list, ready to act on."""
from loans.models import Loan
from loans.quality import classes, collectibility
from loans.selectors import days_past_due_by_loan, dues_for_members, outstanding_principal_by_loan


def portfolio_quality(groups, *, as_of, limit=None):
    """Return the collectibility table and the late loans of ``groups`` at ``as_of`` (eight queries).

    Late loans come longest-late first, each with the borrower, her group, days late, the amount
    overdue (principal and interest) and the outstanding principal. ``limit`` keeps the first few.
    """
    loans = Loan.objects.filter(group__in=groups, disbursed_on__lte=as_of).exclude(closed_on__lte=as_of)
    outstanding = outstanding_principal_by_loan(loans, as_of=as_of)
    dpd = days_past_due_by_loan(loans, as_of=as_of)
    table = {c.key: {"class": c, "loans": 0, "outstanding": 0} for c in classes()}
    for loan_id, amount in outstanding.items():
        if amount > 0:
            row = table[collectibility(dpd.get(loan_id, 0)).key]
            row["loans"] += 1
            row["outstanding"] += amount
    all_late = sorted((pk for pk in dpd if outstanding.get(pk, 0) > 0), key=lambda pk: (-dpd[pk], pk))
    late_ids = all_late if limit is None else all_late[:limit]
    late = Loan.objects.filter(pk__in=late_ids).select_related("member", "group")
    by_id = {loan.pk: loan for loan in late}
    dues = dues_for_members({loan.member_id for loan in late}, on=as_of)
    overdue = {d.loan_id: d.overdue for member_dues in dues.values() for d in member_dues.loans}
    arrears = [{"loan": by_id[pk], "member": by_id[pk].member, "group": by_id[pk].group, "days": dpd[pk],
                "overdue": overdue.get(pk, 0), "outstanding": outstanding[pk],
                "phone": by_id[pk].member.phone if by_id[pk].member.contact_consent else ""}
               for pk in late_ids]
    return {"collectibility": list(table.values()), "arrears": arrears, "late_count": len(all_late)}
