"""Reads of loan quality under each group's regime: the class and reserve of every open loan at a date."""
from dataclasses import dataclass

from groups.regimes import BY_KEY, regime_for

from .models import Loan
from .quality import classify, months_in_arrears, reserve_for
from .selectors import days_past_due_by_loan, outstanding_principal_by_loan


@dataclass(frozen=True)
class LoanQuality:
    loan: object
    regime: object
    days_past_due: int
    months_in_arrears: int
    klass: object
    outstanding: int
    provision: int

    def as_dict(self):
        return {"loan": self.loan.pk, "member": self.loan.member.code, "group": self.loan.group.code,
                "regime": self.regime.key, "days_past_due": self.days_past_due,
                "months_in_arrears": self.months_in_arrears, "class": self.klass.key,
                "outstanding": self.outstanding, "provision": self.provision}


def group_regime(group, on):
    """Return the regime in force for ``group`` on ``on`` (by its legal form)."""
    return regime_for(group.legal_form, on)


def open_loans(groups, *, as_of):
    """Return the loans of ``groups`` disbursed by ``as_of`` and not closed by then (a queryset)."""
    return Loan.objects.filter(group__in=groups, disbursed_on__lte=as_of).exclude(closed_on__lte=as_of)


def loan_quality(loans, *, as_of, regime_key=None):
    """Return a :class:`LoanQuality` for each loan of ``loans`` with principal outstanding at ``as_of``.

    Each loan is classed under its group's regime on ``as_of``, or under ``regime_key`` for all.
    Three queries whatever the number of loans; ordered by group code, then loan id.
    """
    loans = loans.filter(disbursed_on__lte=as_of).exclude(closed_on__lte=as_of)
    outstanding = outstanding_principal_by_loan(loans, as_of=as_of)
    dpd = days_past_due_by_loan(loans, as_of=as_of)
    forced = BY_KEY[regime_key] if regime_key else None
    regimes = {}
    rows = []
    for loan in loans.select_related("member", "group").order_by("group__code", "pk"):
        amount = outstanding.get(loan.pk, 0)
        if amount <= 0:
            continue
        regime = forced or regimes.setdefault(loan.group.legal_form, regime_for(loan.group.legal_form, as_of))
        days = dpd.get(loan.pk, 0)
        klass = classify(regime, dpd=days, on=as_of)
        rows.append(LoanQuality(loan, regime, days, months_in_arrears(days, on=as_of), klass, amount,
                                reserve_for(klass, amount)))
    return rows


def regimes_of(groups, *, on):
    """Return the distinct regimes in force for ``groups`` on ``on``, oldest version first (one query)."""
    forms = set(groups.order_by().values_list("legal_form", flat=True).distinct())
    found = {regime_for(form, on) for form in forms}
    return sorted(found, key=lambda r: (r.effective_from, r.key))


def allowance_in_books(groups, *, on):
    """Return the allowance for loan losses of ``groups`` in the books at ``on`` (its credit balance; one query)."""
    from django.db.models import Sum

    from books.models import JournalLine

    sums = JournalLine.objects.filter(account__group__in=groups, account__key="loan_loss_allowance",
                                      entry__date__lte=on).aggregate(d=Sum("debit"), c=Sum("credit"))
    return (sums["c"] or 0) - (sums["d"] or 0)


def latest_provision(group):
    """Return the group's latest standing month-end provision, or None (one query)."""
    from .models import LoanProvision

    return (LoanProvision.objects.filter(group=group, reversed_at__isnull=True).select_related("created_by")
            .order_by("-month").first())


def standing_provisions(groups, *, month):
    """Return {group id: its standing provision} of ``groups`` at the end of ``month`` (one query)."""
    from core.dates import month_end

    from .models import LoanProvision

    return {p.group_id: p for p in LoanProvision.objects.filter(group__in=groups, month=month_end(month),
                                                                 reversed_at__isnull=True)}
