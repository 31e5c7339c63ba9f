"""The repayment dashboard: collectibility of the portfolio and the arrears list, ready to act on."""
from groups.regimes import CLASS_KEYS
from loans.models import Loan
from loans.quality_selectors import loan_quality, regimes_of
from loans.selectors import days_past_due_by_loan, dues_for_members, outstanding_principal_by_loan


def portfolio_quality(groups, *, as_of, limit=None):
    """Return the collectibility table and the late loans of ``groups`` at ``as_of`` (eleven queries).

    Each loan is classed under its group's regime (``groups.regimes``); the table has a row for
    every class any of those regimes uses, with the loans, their outstanding principal and the
    reserve they require; ``regimes`` names the regimes and their sources for the page.

    Late loans come longest-late first, each with the borrower, her group, days late, the amount
    overdue (principal and interest) and the outstanding principal. ``limit`` keeps the first few.
    """
    loans = Loan.objects.filter(group__in=groups, disbursed_on__lte=as_of).exclude(closed_on__lte=as_of)
    outstanding = outstanding_principal_by_loan(loans, as_of=as_of)
    dpd = days_past_due_by_loan(loans, as_of=as_of)
    regimes = regimes_of(groups, on=as_of)
    used = {}
    for regime in regimes:
        for klass in regime.classes:
            used.setdefault(klass.key, klass)
    table = {key: {"class": used[key], "loans": 0, "outstanding": 0, "reserve": 0} for key in CLASS_KEYS if key in used}
    for row in loan_quality(loans, as_of=as_of):
        cell = table[row.klass.key]
        cell["loans"] += 1
        cell["outstanding"] += row.outstanding
        cell["reserve"] += row.provision
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
    return {"collectibility": list(table.values()), "arrears": arrears, "late_count": len(all_late),
            "regimes": regimes, "reserve_required": sum(cell["reserve"] for cell in table.values())}
