"""Reads of loan quality under each group's regime: the class and reserve of every open loan at a date."""
import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet, Sum

from books.models import JournalLine
from core.dates import month_end
from groups.regimes import BY_KEY, QualityClass, Regime, regime_for
from groups.selectors import legal_form_by_day, legal_form_expr, legal_form_on

from .models import Allocation, Instalment, Loan, LoanProvision, ScheduleVersion, WriteOff
from .positions import days_past_due_by_loan, outstanding_principal_by_loan
from .quality import classify, months_in_arrears, reserve_for

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


def loan_quality_by_month(group: "Group",
                          month_ends: "Iterable[datetime.date]") -> dict[datetime.date, list[LoanQuality]]:
    """Return {as_of: [LoanQuality]} for each day of ``month_ends``, each list equal to
    ``loan_quality(Loan.objects.filter(group=group), as_of=as_of)``.

    For posting years of month-end provisions at once (:func:`loans.services.loan_provisions_post_many`):
    the group's loans, schedules, instalments, allocations, write-offs and legal forms are read once
    (six queries however many months) and each month's outstanding principal and days past due are
    worked out from them as :func:`outstanding_principal_by_loan` and :func:`days_past_due_by_loan`
    count them (``tests/loans/test_provisions_many.py`` compares the two on a seeded history).
    """
    loans = list(Loan.objects.filter(group=group, disbursed_on__isnull=False).select_related("member", "group")
                 .order_by("pk"))
    # loan id -> [(start, version, schedule id)]
    schedules: dict[int, list[tuple[datetime.date, int, int]]] = {}
    for pk, loan_id, version, start in (ScheduleVersion.objects.filter(loan__group=group)
                                        .values_list("pk", "loan_id", "version", "start")):
        schedules.setdefault(loan_id, []).append((start, version, pk))
    # schedule id -> [(instalment id, due date, principal, interest)]
    instalments: dict[int, list[tuple[int, datetime.date, int, int]]] = {}
    for pk, schedule_id, due, principal, interest in (Instalment.objects.filter(loan__group=group)
                                                      .values_list("pk", "schedule_id", "due_date", "principal",
                                                                   "interest")):
        instalments.setdefault(schedule_id, []).append((pk, due, principal, interest))
    # instalment id -> [(paid on, reversed on or None, component, amount)]
    paid_on: dict[int, list[tuple[datetime.date, datetime.date | None, str, int]]] = {}
    # loan id -> [(paid on, reversed on or None, amount)], the loan's own repayments
    principal_by_loan: dict[int, list[tuple[datetime.date, datetime.date | None, int]]] = {}
    for instalment_id, loan_id, component, amount, day, reversed_on in (
            Allocation.objects.filter(repayment__loan__group=group)
            .values_list("instalment_id", "repayment__loan_id", "component", "amount", "repayment__value_date",
                         "repayment__reversal__date")):
        paid_on.setdefault(instalment_id, []).append((day, reversed_on, component, amount))
        if component == "principal":
            principal_by_loan.setdefault(loan_id, []).append((day, reversed_on, amount))
    written = {loan_id: (day, principal) for loan_id, day, principal in
               WriteOff.objects.filter(loan__group=group).values_list("loan_id", "date", "principal")}

    def counted(day: datetime.date, reversed_on: datetime.date | None, as_of: datetime.date) -> bool:
        return day <= as_of and (reversed_on is None or reversed_on > as_of)

    form_on = legal_form_by_day(group)  # the form of each month, as group_regime reads it
    result = {}
    for as_of in month_ends:
        regime = regime_for(form_on(as_of), as_of)
        rows = []
        for loan in loans:
            assert loan.disbursed_on is not None  # the loans read above are the disbursed ones
            if loan.disbursed_on > as_of or (loan.closed_on is not None and loan.closed_on <= as_of):
                continue
            amount = loan.amount - sum(a for d, r, a in principal_by_loan.get(loan.pk, ()) if counted(d, r, as_of))
            off = written.get(loan.pk)
            if off is not None and off[0] <= as_of:
                amount -= off[1]
            if amount <= 0:
                continue
            started = [s for s in schedules.get(loan.pk, ()) if s[0] <= as_of]
            oldest = None
            if started:
                for pk, due, principal, interest in instalments.get(max(started, key=lambda s: s[1])[2], ()):
                    if due >= as_of or (oldest is not None and due >= oldest):
                        continue
                    paid = {"principal": 0, "interest": 0}
                    for d, r, component, value in paid_on.get(pk, ()):
                        if component in paid and counted(d, r, as_of):
                            paid[component] += value
                    if paid["principal"] < principal or paid["interest"] < interest:
                        oldest = due
            days = (as_of - oldest).days if oldest is not None else 0
            klass = classify(regime, dpd=days, on=as_of)
            rows.append(LoanQuality(loan, regime, days, months_in_arrears(days, on=as_of), klass, amount,
                                    reserve_for(klass, amount)))
        result[as_of] = rows
    return result
