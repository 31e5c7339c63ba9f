"""Monthly PAR > 30 days and repayment rate for the dashboard's trend charts, in nine queries.

Each comes group by group too (``*_by_group``), as amounts that add up, for the per-group cache.

A query per month would grow with the months shown. Instead the repayment rate reads payments
and instalments due once each, grouped by month; PAR reads the portfolio grouped by month, and
only the loans that may be late (an instalment unpaid 30 days after its due date, or a new
schedule) loan by loan; the month ends are worked out here.
Each point follows indicators.md exactly as ``indicators_for`` does for the same dates (tested).
"""

import datetime

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncMonth

from core.dates import add_months, month_end
from loans.models import Allocation, Instalment, Loan, Repayment, ScheduleVersion, WriteOff

from ..indicators import calc

LATE_DAYS = 30  # PAR > 30 days


def month_ends(end, months):
    """Return the last day of each of the ``months`` months up to ``end``; the last point is ``end`` itself."""
    ends = [month_end(add_months(end.replace(day=1), -back)) for back in range(months - 1, -1, -1)]
    ends[-1] = end
    return ends


def _as_date(value):
    return value.date() if isinstance(value, datetime.datetime) else value


class _Months:
    """Map a date's month to its point in the series: earlier months to 0, no date to "never"."""

    def __init__(self, ends):
        self.first = ends[0].replace(day=1)
        self.count = len(ends)
        self._seen = {}

    def index(self, day, *, clamp=True):
        if day is None:
            return self.count
        key = (day, clamp)
        if key not in self._seen:  # thousands of rows share a few dozen months
            day = _as_date(day)
            i = (day.year - self.first.year) * 12 + day.month - self.first.month
            self._seen[key] = max(i, 0) if clamp else i
        return self._seen[key]


def repayment_trend(groups, *, ends):
    """Return the repayment rate of each month ending on ``ends`` (two grouped queries).

    Month i covers its first day to ``ends[i]``: (principal + interest received − prepayments) /
    (principal + interest falling due), as ``indicators_for`` computes it for that month.
    """
    got, due = [0] * len(ends), [0] * len(ends)
    for group_got, group_due in repayment_trend_by_group(groups, ends=ends).values():
        got = [a + b for a, b in zip(got, group_got, strict=True)]
        due = [a + b for a, b in zip(due, group_due, strict=True)]
    return repayment_rates(got, due)


def repayment_rates(got, due):
    """Return the repayment rate of each point from what was received and what fell due."""
    return [calc.repayment_rate(received=g, prepayments=0, due=d) for g, d in zip(got, due, strict=True)]


def repayment_trend_by_group(groups, *, ends):
    """Return {group_id: (received, due)}, one amount per point of ``ends``, for each group with either.

    Two grouped queries; the rate of the points is ``repayment_rates`` of the sums over any groups.
    """
    months, end = _Months(ends), ends[-1]
    result = {}

    def group(group_id):
        if group_id not in result:
            result[group_id] = ([0] * months.count, [0] * months.count)
        return result[group_id]

    # The months' allocations only, found through the months' repayments (a semi-join on ``repayment_id``,
    # read through its index): the allocations have no group or date of their own, and filtering the
    # joined repayment's group and date let PostgreSQL read every allocation of the federation and hash them.
    window = Repayment.objects.filter(group__in=groups, value_date__gte=months.first, value_date__lte=end)
    # Due after ``end`` matters only in the last month, which stops at ``end`` rather than its last day.
    ahead = Case(When(instalment__due_date__gt=end, then=Value(True)), default=Value(False),
                 output_field=BooleanField())
    received = Allocation.objects.filter(
        repayment__in=window.values("pk"), component__in=["principal", "interest"],
        repayment__group__in=groups, repayment__value_date__gte=months.first, repayment__value_date__lte=end,
    ).values("repayment__group_id", paid=TruncMonth("repayment__value_date"),
             reversed=TruncMonth("repayment__reversal__date"), due=TruncMonth("instalment__due_date"),
             after_end=ahead).annotate(s=Sum("amount")).order_by()
    for row in received:
        i = months.index(row["paid"])
        if months.index(row["reversed"]) <= i:
            continue  # reversed by the month's end: it does not count for that month
        prepaid = months.index(row["due"], clamp=False) > i or (i == months.count - 1 and row["after_end"])
        group(row["repayment__group_id"])[0][i] += 0 if prepaid else row["s"]
    later = ScheduleVersion.objects.filter(loan=OuterRef("loan"), version__gt=OuterRef("schedule__version"))
    superseded = Subquery(later.order_by().values("loan").annotate(m=Min("start")).values("m"))
    due_rows = Instalment.objects.filter(
        loan__group__in=groups, due_date__gte=months.first, due_date__lte=end,
    ).values("loan__group_id", due=TruncMonth("due_date"), started=TruncMonth("schedule__start"),
             superseded=TruncMonth(superseded)).annotate(s=Sum(F("principal") + F("interest"))).order_by()
    for row in due_rows:
        i = months.index(row["due"])
        # The schedule in force at the month's end: started by then and not yet replaced.
        if months.index(row["started"]) <= i < months.index(row["superseded"]):
            group(row["loan__group_id"])[1][i] += row["s"]
    return result


def par_trend(groups, *, ends, late_days=LATE_DAYS):
    """Return PAR > ``late_days`` at each of ``ends`` (seven queries, whatever the months or groups).

    A loan is at risk at a month end when it was rescheduled by then, or an instalment of its
    first schedule due more than ``late_days`` days earlier was not paid in full (principal and
    interest) by then; its whole outstanding principal counts, over the outstanding of all loans.
    """
    at_risk, glp = [0] * len(ends), [0] * len(ends)
    for group_risk, group_glp in par_trend_by_group(groups, ends=ends, late_days=late_days).values():
        at_risk = [a + b for a, b in zip(at_risk, group_risk, strict=True)]
        glp = [a + b for a, b in zip(glp, group_glp, strict=True)]
    return par_ratios(at_risk, glp)


def par_ratios(at_risk, glp):
    """Return PAR at each point from the principal at risk and the portfolio."""
    return [calc.ratio(r, g) for r, g in zip(at_risk, glp, strict=True)]


def par_trend_by_group(groups, *, ends, late_days=LATE_DAYS):
    """Return {group_id: (principal at risk, portfolio)}, one amount per point of ``ends``, for each group
    with loans; the same seven queries as ``par_trend``, whose points are ``par_ratios`` of the sums."""
    months, end = _Months(ends), ends[-1]
    loans = Loan.objects.filter(group__in=groups, disbursed_on__lte=end)
    result = {group_id: ([0] * months.count, glp) for group_id, glp in _portfolio(groups, loans, months, end).items()}
    for loan in _risky_loans(loans, ends, months, late_days).values():
        at_risk = result.setdefault(loan["group"], ([0] * months.count, [0] * months.count))[0]
        outstanding = loan["amount"]
        for i in range(months.count):
            outstanding -= loan["repaid"][i]
            if loan["from"] <= i < loan["until"] and outstanding > 0 and (i >= loan["risk_from"] or loan["late"][i]):
                at_risk[i] += outstanding
    return result


def _portfolio(groups, loans, months, end):
    """Return {group_id: outstanding principal of its ``loans`` at each point}, from three queries grouped by month.

    Summing the whole book is exact because no loan's outstanding goes below zero and a closed loan
    has none left (the loans app allocates at most each instalment's principal).
    """
    change = {}

    def group(group_id):
        return change.setdefault(group_id, [0] * (months.count + 1))

    for row in loans.values("group_id", month=TruncMonth("disbursed_on")).annotate(s=Sum("amount")).order_by():
        group(row["group_id"])[months.index(row["month"])] += row["s"]
    for row in Allocation.objects.filter(
            repayment__group__in=groups, component="principal", repayment__value_date__lte=end,
    ).values("repayment__group_id", month=TruncMonth("repayment__value_date"),
             reversed=TruncMonth("repayment__reversal__date")).annotate(s=Sum("amount")).order_by():
        mine = group(row["repayment__group_id"])
        mine[months.index(row["month"])] -= row["s"]
        mine[months.index(row["reversed"])] += row["s"]
    for row in WriteOff.objects.filter(loan__group__in=groups, date__lte=end).values(
            "loan__group_id", month=TruncMonth("date")).annotate(s=Sum("principal")).order_by():
        group(row["loan__group_id"])[months.index(row["month"])] -= row["s"]
    result = {}
    for group_id, changes in change.items():
        glp, total = [], 0
        for i in range(months.count):
            total += changes[i]
            glp.append(total)
        result[group_id] = glp
    return result


def _risky_loans(loans, ends, months, late_days):
    """Return {loan_id: state} for the loans at risk at some point, from four queries.

    Only instalments not paid in full ``late_days`` days after their due date (or touched by a
    reversal) can make a loan late: their payments are followed point by point. Only the loans
    found late, and rescheduled loans, need their outstanding principal at each point.
    """
    count, end = months.count, ends[-1]
    grace = ExpressionWrapper(F("due_date") + datetime.timedelta(days=late_days), output_field=DateField())
    # Paid in full (and never reversed) by its grace day or by the first point: never late at a point.
    kept = ((Q(allocations__repayment__value_date__lte=grace) | Q(allocations__repayment__value_date__lte=ends[0]))
            & Q(allocations__repayment__reversal__isnull=True))
    candidates = Instalment.objects.filter(
        loan__in=loans.filter(Q(closed_on__isnull=True) | Q(closed_on__gt=ends[0])), schedule__version=1,
        due_date__lt=end - datetime.timedelta(days=late_days),
    ).annotate(
        paid_principal=Coalesce(Sum("allocations__amount", filter=kept & Q(allocations__component="principal")), 0),
        paid_interest=Coalesce(Sum("allocations__amount", filter=kept & Q(allocations__component="interest")), 0),
        reversals=Count("allocations", filter=Q(allocations__repayment__reversal__isnull=False)),
    ).filter(Q(paid_principal__lt=F("principal")) | Q(paid_interest__lt=F("interest")) | Q(reversals__gt=0)).values(
        "pk", "loan_id", "due_date", "principal", "interest")
    candidates = list(candidates)
    paid = {}
    # ``or [0]``: an empty list would skip the query, and the count should not depend on the data.
    for row in Allocation.objects.filter(
            instalment_id__in=[c["pk"] for c in candidates] or [0], repayment__value_date__lte=end,
            component__in=["principal", "interest"],
    ).values("instalment_id", "component", month=TruncMonth("repayment__value_date"),
             reversed=TruncMonth("repayment__reversal__date")).annotate(s=Sum("amount")).order_by():
        paid.setdefault(row["instalment_id"], []).append(
            (months.index(row["month"]), months.index(row["reversed"]), row["component"], row["s"]))
    late = {}
    for inst in candidates:
        late_from = _first_after(ends, inst["due_date"] + datetime.timedelta(days=late_days))
        for i in _unpaid_points(paid.get(inst["pk"], []), inst, count, late_from):
            late.setdefault(inst["loan_id"], [False] * count)[i] = True
    rescheduled = ScheduleVersion.objects.filter(loan=OuterRef("pk"), version__gt=1)
    risky = loans.filter(Q(pk__in=list(late)) | Exists(rescheduled))
    first_rescheduled = rescheduled.order_by().values("loan").annotate(m=Min("start")).values("m")
    written = WriteOff.objects.filter(loan=OuterRef("pk"))
    state = {}
    for pk, group_id, amount, disbursed, closed, resched, written_on, written_amount in risky.annotate(
            rescheduled_on=Subquery(first_rescheduled), written_on=Subquery(written.values("date")[:1]),
            written=Coalesce(Subquery(written.values("principal")[:1], output_field=IntegerField()), Value(0)),
    ).values_list("pk", "group_id", "amount", "disbursed_on", "closed_on", "rescheduled_on", "written_on", "written"):
        repaid = [0] * (count + 1)
        if written_on is not None:
            repaid[months.index(written_on)] += written_amount
        state[pk] = {"group": group_id, "amount": amount, "from": _first_on_or_after(ends, disbursed),
                     "until": count if closed is None else _first_on_or_after(ends, closed),
                     "risk_from": months.index(resched), "repaid": repaid,
                     "late": late.get(pk, [False] * count)}
    for row in Allocation.objects.filter(
            repayment__loan__in=risky, component="principal", repayment__value_date__lte=end,
    ).values("repayment__loan_id", month=TruncMonth("repayment__value_date"),
             reversed=TruncMonth("repayment__reversal__date")).annotate(s=Sum("amount")).order_by():
        repaid = state[row["repayment__loan_id"]]["repaid"]
        repaid[months.index(row["month"])] += row["s"]
        repaid[months.index(row["reversed"])] -= row["s"]
    return state


def _first_on_or_after(ends, day):
    """Return the first point whose date is on or after ``day`` (len(ends) if none)."""
    return next((i for i, e in enumerate(ends) if e >= day), len(ends))


def _first_after(ends, day):
    return next((i for i, e in enumerate(ends) if e > day), len(ends))


def _unpaid_points(payments, inst, count, start):
    """Return the points from ``start`` at which the instalment's principal or interest is not paid in full."""
    if all(off >= count for _at, off, _c, _a in payments):
        # No reversal in sight: what is paid only grows, so the instalment is unpaid until one point.
        paid_off = 0
        for component in ("principal", "interest"):
            total, at_point = 0, count
            for at, _off, _c, amount in sorted(p for p in payments if p[2] == component):
                total += amount
                if total >= inst[component]:
                    at_point = at
                    break
            paid_off = max(paid_off, 0 if inst[component] == 0 else at_point)
        return range(start, paid_off)
    change = {"principal": [0] * (count + 1), "interest": [0] * (count + 1)}
    for at, off, component, amount in payments:
        change[component][at] += amount
        change[component][off] -= amount
    points, principal, interest = [], 0, 0
    for i in range(count):
        principal += change["principal"][i]
        interest += change["interest"][i]
        if i >= start and (principal < inst["principal"] or interest < inst["interest"]):
            points.append(i)
    return points
