"""The repayment dashboard: collectibility of the portfolio and the arrears list, ready to act on.

``quality_by_group`` reads each group's figures as plain numbers (for the per-group cache): each
loan classed under its group's regime (``groups.regimes``) with the reserve it requires;
``combine_quality`` adds any groups up, ``arrears_rows`` fills in the borrowers of the late loans
shown (a page of the list, not all of it).
"""
from groups.models import Group
from groups.regimes import BY_KEY, CLASS_KEYS, regime_for
from groups.selectors import legal_forms_on
from loans.models import Loan
from loans.quality_selectors import loan_quality
from loans.selectors import dues_for_members


def portfolio_quality(groups, *, as_of, limit=None):
    """Return the collectibility table and the late loans of ``groups`` at ``as_of``.

    The table has a row for every class any of the groups' regimes uses, with the loans, their
    outstanding principal and the reserve they require; ``regimes`` names the regimes and their
    sources for the page. Late loans come longest-late first, each with the borrower, her group,
    days late, the amount overdue (principal and interest) and the outstanding principal.
    ``limit`` keeps the first few.
    """
    quality = combine_quality(quality_by_group(groups, as_of=as_of).values())
    late = quality["late"] if limit is None else quality["late"][:limit]
    quality["arrears"] = arrears_rows(late, as_of=as_of)
    return quality


def quality_by_group(groups, *, as_of):
    """Return {group_id: {"regime": key, "classes": {class key: [loans, outstanding, reserve]},
    "late": [(days, loan id, outstanding)]}}.

    Every group of ``groups`` is in it, with the regime its loans are classed under on ``as_of`` (by its
    legal form that day)
    (a group without loans too: the page names the regimes of its scope); a bounded number of queries.
    """
    result = {gid: {"regime": regime_for(form, as_of).key, "classes": {}, "late": []}
              for gid, form in legal_forms_on(Group.objects.filter(pk__in=groups).values("pk"), as_of).items()}
    for row in loan_quality(Loan.objects.filter(group__in=groups), as_of=as_of):
        mine = result[row.loan.group_id]
        cell = mine["classes"].setdefault(row.klass.key, [0, 0, 0])
        cell[0] += 1
        cell[1] += row.outstanding
        cell[2] += row.provision
        if row.days_past_due > 0:
            mine["late"].append((row.days_past_due, row.loan.pk, row.outstanding))
    return result


def combine_quality(raws):
    """Return the collectibility table, the regimes used, the reserve required and the late loans
    ((days, loan id, outstanding), longest-late first) for the sum of the groups' figures ``raws``
    (no query)."""
    raws = list(raws)
    regimes = sorted({BY_KEY[raw["regime"]] for raw in raws if raw.get("regime")},
                     key=lambda r: (r.effective_from, r.key))
    used = {}
    for regime in regimes:
        for klass in regime.classes:
            used.setdefault(klass.key, klass)
    table = {key: {"class": used[key], "loans": 0, "outstanding": 0, "reserve": 0} for key in CLASS_KEYS
             if key in used}
    late = []
    for raw in raws:
        for key, (loans, amount, reserve) in raw["classes"].items():
            table[key]["loans"] += loans
            table[key]["outstanding"] += amount
            table[key]["reserve"] += reserve
        late += raw["late"]
    late.sort(key=lambda row: (-row[0], row[1]))
    return {"collectibility": list(table.values()), "late": late, "late_count": len(late), "regimes": regimes,
            "reserve_required": sum(cell["reserve"] for cell in table.values())}


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
