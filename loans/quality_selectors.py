"""Reads of loan quality under each group's regime: the class and reserve of every open loan at a date."""
import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet, Sum

from books.models import JournalLine
from core.dates import month_end
from groups.regimes import BY_KEY, QualityClass, Regime, regime_for
from groups.selectors import legal_form_expr, legal_form_on

from .models import Loan, LoanProvision
from .quality import classify, months_in_arrears, reserve_for
from .selectors import days_past_due_by_loan, outstanding_principal_by_loan

if TYPE_CHECKING:
    from groups.models import Group


@dataclass(frozen=True)
class LoanQuality:
    loan: Loan
    regime: Regime
    days_past_due: int
    months_in_arrears: int
    klass: QualityClass
    outstanding: int
    provision: int

    def as_dict(self) -> dict[str, Any]:
        return {"loan": self.loan.pk, "member": self.loan.member.code, "group": self.loan.group.code,
                "regime": self.regime.key, "days_past_due": self.days_past_due,
                "months_in_arrears": self.months_in_arrears, "class": self.klass.key,
                "outstanding": self.outstanding, "provision": self.provision}


def group_regime(group: "Group", on: datetime.date) -> Regime:
    """Return the regime in force for ``group`` on ``on`` (by its legal form that day)."""
    return regime_for(legal_form_on(group, on), on)


def open_loans(groups: "Iterable[Group]", *, as_of: datetime.date) -> QuerySet[Loan]:
    """Return the loans of ``groups`` disbursed by ``as_of`` and not closed by then (a queryset)."""
    return Loan.objects.filter(group__in=groups, disbursed_on__lte=as_of).exclude(closed_on__lte=as_of)


def loan_quality(loans: QuerySet[Loan], *, as_of: datetime.date,
                 regime_key: str | None = None) -> list[LoanQuality]:
    """Return a :class:`LoanQuality` for each loan of ``loans`` with principal outstanding at ``as_of``.

    Each loan is classed under its group's regime on ``as_of`` (by the group's legal form that day: a
    group that became a KSP later keeps the earlier regime for earlier days), or under ``regime_key``
    for all. Three queries whatever the number of loans; ordered by group code, then loan id.
    """
    loans = loans.filter(disbursed_on__lte=as_of).exclude(closed_on__lte=as_of)
    outstanding = outstanding_principal_by_loan(loans, as_of=as_of)
    dpd = days_past_due_by_loan(loans, as_of=as_of)
    forced = BY_KEY[regime_key] if regime_key else None
    regimes: dict[str, Regime] = {}
    rows: list[LoanQuality] = []
    rows_ = loans.select_related("member", "group").annotate(form_on=legal_form_expr(as_of, "group__"))
    for loan in rows_.order_by("group__code", "pk"):
        amount = outstanding.get(loan.pk, 0)
        if amount <= 0:
            continue
        regime = forced or regimes.setdefault(loan.form_on, regime_for(loan.form_on, as_of))
        days = dpd.get(loan.pk, 0)
        klass = classify(regime, dpd=days, on=as_of)
        rows.append(LoanQuality(loan, regime, days, months_in_arrears(days, on=as_of), klass, amount,
                                reserve_for(klass, amount)))
    return rows


def regimes_of(groups: "QuerySet[Group]", *, on: datetime.date) -> list[Regime]:
    """Return the distinct regimes in force for ``groups`` on ``on``, oldest version first (one query)."""
    forms = set(groups.order_by().annotate(form_on=legal_form_expr(on)).values_list("form_on", flat=True).distinct())
    found = {regime_for(form, on) for form in forms}
    return sorted(found, key=lambda r: (r.effective_from, r.key))


def allowance_in_books(groups: "Iterable[Group]", *, on: datetime.date) -> int:
    """Return the allowance for loan losses of ``groups`` in the books at ``on`` (its credit balance; one query)."""
    sums = JournalLine.objects.filter(account__group__in=groups, account__key="loan_loss_allowance",
                                      entry__date__lte=on).aggregate(d=Sum("debit"), c=Sum("credit"))
    return (sums["c"] or 0) - (sums["d"] or 0)


def latest_provision(group: "Group") -> "LoanProvision | None":
    """Return the group's latest standing month-end provision, or None (one query)."""
    return (LoanProvision.objects.filter(group=group, reversed_at__isnull=True).select_related("created_by")
            .order_by("-month").first())


def standing_provisions(groups: "Iterable[Group]", *, month: datetime.date) -> "dict[int, LoanProvision]":
    """Return {group id: its standing provision} of ``groups`` at the end of ``month`` (one query)."""
    return {p.group_id: p for p in LoanProvision.objects.filter(group__in=groups, month=month_end(month),
                                                                 reversed_at__isnull=True)}
