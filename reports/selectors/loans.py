"""Loan figures per group for the indicators: portfolio, quality, repayment, disbursement, outreach.

Every figure comes from a fixed number of grouped queries over the loans app's rows (its public
portfolio selectors for outstanding principal and days past due), so the count does not grow
with the number of groups or loans. The per-loan dictionaries those selectors return are only
added up here.
"""
import datetime

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from loans.models import Allocation, Instalment, Loan, LoanStatus, Repayment, ScheduleVersion, WriteOff
from loans.positions import (
    days_past_due_by_loan,
    outstanding_principal_by_loan,
    paid_back_parts,
    paid_back_sum,
    unpaid_instalments,
)

PAR_DAYS = {"at_risk1": 1, "at_risk30": 30, "at_risk90": 90}
LOAN_SUMMED = ("glp_start", "glp_end", "borrowers", "at_risk1", "at_risk30", "at_risk90", "glp_own", "at_risk1_own",
               "at_risk30_own", "at_risk90_own", "disbursed_count",
               "disbursed_value", "first_loans", "decided", "approved", "written_off", "received", "received_own",
               "prepaid", "prepaid_own", "due", "on_time", "on_time_own", "overdue_principal")


def _open_loans(ids, on):
    return Loan.objects.filter(group_id__in=ids, disbursed_on__lte=on).exclude(closed_on__lte=on)


def _portfolio_into(figures, ids, *, on, prefix):
    """Add GLP (and at the period end: borrowers and PAR, after cover and own) at ``on`` to each group's figures.

    Two queries at the start; at the end four, or six when a loan had a cover (her own view read only for those).
    """
    loans = _open_loans(ids, on)
    outstanding = outstanding_principal_by_loan(loans, as_of=on)
    if prefix == "start":
        for loan_id, group_id in loans.values_list("pk", "group_id"):
            figures[group_id]["glp_start"] += max(outstanding.get(loan_id, 0), 0)
        return
    dpd = days_past_due_by_loan(loans, as_of=on)
    # The member's own view (indicators.md, Decision): as if no joint-liability cover had been paid,
    # so a covered loan keeps the principal and the lateness the cover took away.
    # Only a loan with a cover can differ: read her own view for those few, not the whole portfolio.
    covered_ids = set(loans.filter(Exists(Repayment.objects.filter(loan=OuterRef("pk"), kind=Repayment.Kind.COVER)))
                      .values_list("pk", flat=True))
    outstanding_own, dpd_own = outstanding, dpd
    if covered_ids:  # most groups, most months: none, and her own view is the portfolio's (two queries fewer)
        covered = Loan.objects.filter(pk__in=covered_ids)
        outstanding_own = {**outstanding, **outstanding_principal_by_loan(covered, as_of=on, own=True)}
        dpd_own = {pk: days for pk, days in dpd.items() if pk not in covered_ids}
        dpd_own.update(days_past_due_by_loan(covered, as_of=on, own=True))
    borrowers = {}
    # Rescheduled by ``on`` (a new schedule started), not merely flagged today: PAR of a past date
    # must not count a reschedule that came later.
    later = ScheduleVersion.objects.filter(loan=OuterRef("pk"), version__gt=1, start__lte=on)
    rows = loans.annotate(rescheduled_by=Exists(later)).values_list("pk", "group_id", "member_id", "rescheduled_by")
    for loan_id, group_id, member_id, rescheduled in rows:
        raw = figures[group_id]
        amount, own = outstanding.get(loan_id, 0), outstanding_own.get(loan_id, 0)
        if own > 0:
            raw["glp_own"] += own
        for key, days in PAR_DAYS.items():
            # PAR > X days: DPD above X, or rescheduled whatever its DPD (indicators.md).
            if own > 0 and (dpd_own.get(loan_id, 0) > days or rescheduled):
                raw[f"{key}_own"] += own
            if amount > 0 and (dpd.get(loan_id, 0) > days or rescheduled):
                raw[key] += amount
        if amount > 0:
            raw["glp_end"] += amount
            borrowers.setdefault(group_id, set()).add(member_id)
    for group_id, members in borrowers.items():
        figures[group_id]["borrowers"] = len(members)


def _overdue_principal_into(figures, ids, *, on):
    """Add each group's overdue principal at ``on`` (principal of instalments due before ``on``, unpaid at ``on``).

    One grouped join over the allocations of the open loans' overdue instalments (no lookup per instalment).
    """
    rows = unpaid_instalments(_open_loans(ids, on), as_of=on).values_list("loan__group_id", "principal",
                                                                          "paid_principal")
    overdue = {}
    for group_id, principal, paid in rows:
        overdue[group_id] = overdue.get(group_id, 0) + principal - paid
    for group_id, amount in overdue.items():
        figures[group_id]["overdue_principal"] += max(amount, 0)


def _current_schedule(as_of):
    later = ScheduleVersion.objects.filter(loan=OuterRef("loan"), start__lte=as_of,
                                           version__gt=OuterRef("schedule__version"))
    return Q(schedule__start__lte=as_of) & ~Exists(later)


def _paid_by_due_date(*, own):
    """Subquery: principal + interest paid on the instalment by its due date.

    ``own``: covers left out, except what she had paid back of them by then (``paid_back_parts``).
    """
    rows = Allocation.objects.filter(
        instalment=OuterRef("pk"), component__in=["principal", "interest"],
        repayment__value_date__lte=OuterRef("due_date"),
    ).exclude(repayment__reversal__date__lte=OuterRef("due_date"))
    if own:
        rows = rows.filter(repayment__kind=Repayment.Kind.MEMBER)
    rows = rows.order_by().values("instalment").annotate(s=Sum("amount")).values("s")
    paid = Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))
    if own:
        paid = paid + paid_back_sum(OuterRef("due_date"), "instalment", instalment=OuterRef("pk"),
                                    component__in=["principal", "interest"])
    return paid


def _paid_back_into(figures, ids, *, start, end):
    """Add to her own receipts what covers' paybacks settled in [start, end] (principal + interest; 2 queries).

    A payback settles the cover's allocations oldest first (``loans.positions.paid_back_parts``), so
    her own repayment rate counts the instalments she repaid to the group, on the day she repaid them.
    """
    for day, sign in ((end, 1), (start - datetime.timedelta(days=1), -1)):
        rows = (paid_back_parts(day, repayment__group_id__in=ids, component__in=["principal", "interest"])
                .order_by().values("repayment__group_id").annotate(s=Sum("part")))
        for row in rows:
            figures[row["repayment__group_id"]]["received_own"] += sign * (row["s"] or 0)


def add_loan_figures(figures, ids, *, start, end):
    """Add each group's loan figures for [start, end] to ``figures`` ({group_id: raw}).

    13 queries, 15 when a loan had a cover.
    """
    if not ids:
        return
    _portfolio_into(figures, ids, on=end, prefix="end")
    _portfolio_into(figures, ids, on=start - datetime.timedelta(days=1), prefix="start")
    _overdue_principal_into(figures, ids, on=end)

    earlier = Loan.objects.filter(member=OuterRef("member"), disbursed_on__isnull=False).filter(
        Q(disbursed_on__lt=OuterRef("disbursed_on")) | Q(disbursed_on=OuterRef("disbursed_on"), pk__lt=OuterRef("pk")))
    disbursed = Loan.objects.filter(group_id__in=ids, disbursed_on__gte=start, disbursed_on__lte=end).annotate(
        first=~Exists(earlier)).values_list("group_id", "amount", "applied_on", "disbursed_on", "first")
    for group_id, amount, applied_on, disbursed_on, first in disbursed:
        raw = figures[group_id]
        raw["disbursed_count"] += 1
        raw["disbursed_value"] += amount
        raw["first_loans"] += bool(first)
        raw["disburse_days"].append((disbursed_on - applied_on).days)

    decisions = Loan.objects.filter(group_id__in=ids, decided_on__gte=start, decided_on__lte=end).values(
        "group_id").annotate(decided=Count("id"), approved=Count("id", filter=~Q(status=LoanStatus.REJECTED))
                             ).order_by()
    for row in decisions:
        figures[row.pop("group_id")].update(row)

    for row in WriteOff.objects.filter(loan__group_id__in=ids, date__gte=start, date__lte=end).values(
            "loan__group_id").annotate(s=Sum("principal")).order_by():
        figures[row["loan__group_id"]]["written_off"] = row["s"]

    own = Q(repayment__kind=Repayment.Kind.MEMBER)
    ahead = Q(instalment__due_date__gt=end)
    received = Allocation.objects.filter(
        repayment__group_id__in=ids, repayment__value_date__gte=start, repayment__value_date__lte=end,
        component__in=["principal", "interest"],
    ).exclude(repayment__reversal__date__lte=end).values("repayment__group_id").annotate(
        received=Coalesce(Sum("amount"), 0), received_own=Coalesce(Sum("amount", filter=own), 0),
        prepaid=Coalesce(Sum("amount", filter=ahead), 0), prepaid_own=Coalesce(Sum("amount", filter=own & ahead), 0),
    ).order_by()
    for row in received:
        figures[row.pop("repayment__group_id")].update(row)
    _paid_back_into(figures, ids, start=start, end=end)

    value = F("principal") + F("interest")
    due = Instalment.objects.filter(_current_schedule(end), loan__group_id__in=ids, due_date__gte=start,
                                    due_date__lte=end).annotate(
        paid_on_time=_paid_by_due_date(own=False), paid_on_time_own=_paid_by_due_date(own=True),
    ).values("loan__group_id").annotate(
        due=Coalesce(Sum(value), 0),
        on_time=Coalesce(Sum(value, filter=Q(paid_on_time__gte=value)), 0),
        on_time_own=Coalesce(Sum(value, filter=Q(paid_on_time_own__gte=value)), 0),
    ).order_by()
    for row in due:
        figures[row.pop("loan__group_id")].update(row)
