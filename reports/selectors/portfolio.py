"""The repayment dashboard: collectibility of the portfolio and the arrears list, ready to act on.

``quality_by_group`` reads each group's figures as plain numbers (for the per-group cache),
``combine_quality`` adds any groups up, ``arrears_rows`` fills in the borrowers of the late loans
shown (a page of the list, not all of it).
"""
from loans.models import Loan
from loans.quality import classes, collectibility
from loans.selectors import days_past_due_by_loan, dues_for_members, outstanding_principal_by_loan


def portfolio_quality(groups, *, as_of, limit=None):
    """Return the collectibility table and the late loans of ``groups`` at ``as_of`` (nine queries).

    Late loans come longest-late first, each with the borrower, her group, days late, the amount
    overdue (principal and interest) and the outstanding principal. ``limit`` keeps the first few.
    """
    quality = combine_quality(quality_by_group(groups, as_of=as_of).values())
    late = quality["late"] if limit is None else quality["late"][:limit]
    quality["arrears"] = arrears_rows(late, as_of=as_of)
    return quality


def quality_by_group(groups, *, as_of):
    """Return {group_id: {"classes": {class key: [loans, outstanding]}, "late": [(days, loan id, outstanding)]}}.

    Only groups with open loans at ``as_of`` are in it; three queries.
    """
    loans = Loan.objects.filter(group__in=groups, disbursed_on__lte=as_of).exclude(closed_on__lte=as_of)
    outstanding = outstanding_principal_by_loan(loans, as_of=as_of)
    dpd = days_past_due_by_loan(loans, as_of=as_of)
    result = {}
    for loan_id, group_id in loans.values_list("pk", "group_id"):
        amount = outstanding.get(loan_id, 0)
        if amount <= 0:
            continue
        mine = result.setdefault(group_id, {"classes": {}, "late": []})
        row = mine["classes"].setdefault(collectibility(dpd.get(loan_id, 0)).key, [0, 0])
        row[0] += 1
        row[1] += amount
        if loan_id in dpd:
            mine["late"].append((dpd[loan_id], loan_id, amount))
    return result


def combine_quality(raws):
    """Return {"collectibility": the table, "late": [(days, loan id, outstanding)] longest-late first,
    "late_count"} for the sum of the groups' figures ``raws`` (no query)."""
    table = {c.key: {"class": c, "loans": 0, "outstanding": 0} for c in classes()}
    late = []
    for raw in raws:
        for key, (loans, amount) in raw["classes"].items():
            table[key]["loans"] += loans
            table[key]["outstanding"] += amount
        late += raw["late"]
    late.sort(key=lambda row: (-row[0], row[1]))
    return {"collectibility": list(table.values()), "late": late, "late_count": len(late)}


def arrears_rows(late, *, as_of):
    """Return the arrears rows of the late loans ``late`` ((days, loan id, outstanding), in order); five queries.

    Each row: the loan, the borrower, her group, days late, the amount overdue (principal and
    interest), the outstanding principal and her phone if she agreed to be called.
    """
    ids = [loan_id for _days, loan_id, _amount in late]
    by_id = {loan.pk: loan for loan in Loan.objects.filter(pk__in=ids).select_related("member", "group")}
    dues = dues_for_members({loan.member_id for loan in by_id.values()}, on=as_of)
    overdue = {d.loan_id: d.overdue for member_dues in dues.values() for d in member_dues.loans}
    return [{"loan": by_id[pk], "member": by_id[pk].member, "group": by_id[pk].group, "days": days,
             "overdue": overdue.get(pk, 0), "outstanding": amount,
             "phone": by_id[pk].member.phone if by_id[pk].member.contact_consent else ""}
            for days, pk, amount in late]
