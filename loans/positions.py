"""Loan positions as of a date: what was paid, what is outstanding and overdue, derived from rows.

Every figure here is read from the allocations of payments that count at the date (paid by then,
not reversed by then), so a position at any past date can be asked again and gives the same
answer. The portfolio reads (outstanding principal, days past due) aggregate in the database, so
their query count does not grow with the number of loans.
"""
import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, F, IntegerField, Max, Min, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Greatest, Least

from .models import Allocation, CoverPayback, Instalment, Loan, PenaltyCharge, Repayment, ScheduleVersion, WriteOff
from .quality import days_past_due

if TYPE_CHECKING:
    from typing import TypedDict

    from django.db.models.expressions import Combinable
    from django_stubs_ext import WithAnnotations

    class _PaidPI(TypedDict):
        paid_principal: int
        paid_interest: int

    class _Paid(_PaidPI):
        paid_penalty: int

    # Instalments annotated with what was paid on them (``_current_instalments``, ``unpaid_instalments``).
    PaidInstalment = WithAnnotations[Instalment, _Paid]
    PaidPIInstalment = WithAnnotations[Instalment, _PaidPI]


def _counted(as_of: "datetime.date | OuterRef", prefix: str = "", own: bool = False) -> Q:
    """Filter for allocations that count at ``as_of``: paid by then and not reversed by then.

    ``own``: only the member's own payments, joint-liability covers left out (indicators.md shows
    PAR and repayment both after group cover and as the member's own).
    """
    counted = (Q(**{f"{prefix}repayment__value_date__lte": as_of})
               & ~Q(**{f"{prefix}repayment__reversal__date__lte": as_of}))
    if own:
        counted &= Q(**{f"{prefix}repayment__kind": Repayment.Kind.MEMBER})
    return counted


def paid_back_parts(as_of: "datetime.date | OuterRef", **filters: Any) -> QuerySet[Allocation]:
    """Return the joint-liability covers' allocations (filtered by ``filters``), each with ``part``: how much
    of it the borrower has paid back by ``as_of`` (a date, or an expression such as ``OuterRef("due_date")``).

    A cover payback settles her own arrears **oldest first**: the paybacks of a cover, added up to
    ``as_of``, pay its allocations in the order the cover made them (oldest instalment first, in
    the group's allocation order). So in the member's own view a cover repaid in full counts as
    if she had paid those instalments herself on the days she paid the group back.
    """
    before = (Allocation.objects.filter(repayment=OuterRef("repayment"), pk__lt=OuterRef("pk")).order_by()
              .values("repayment").annotate(s=Sum("amount")).values("s"))
    deeper = OuterRef(as_of) if isinstance(as_of, OuterRef) else as_of  # ``back`` is one subquery further in
    back = (CoverPayback.objects.filter(cover=OuterRef("repayment"), value_date__lte=deeper).order_by()
            .values("cover").annotate(s=Sum("amount")).values("s"))
    return (Allocation.objects.filter(repayment__kind=Repayment.Kind.COVER, repayment__value_date__lte=as_of, **filters)
            .exclude(repayment__reversal__date__lte=as_of)
            .annotate(before=Coalesce(Subquery(before, output_field=IntegerField()), Value(0)),
                      back=Coalesce(Subquery(back, output_field=IntegerField()), Value(0)))
            .annotate(part=Greatest(Value(0), Least(F("amount"), F("back") - F("before")),
                                    output_field=IntegerField())))


def paid_back_sum(as_of: "datetime.date | OuterRef", group_by: str, **filters: Any) -> Coalesce:
    """Return a subquery expression: the sum of :func:`paid_back_parts` grouped by ``group_by`` (0 if none)."""
    rows = (paid_back_parts(as_of, **filters).order_by().values(group_by).annotate(s=Sum("part")).values("s"))
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def current_schedule_filter(as_of: datetime.date, prefix: str = "") -> Q:
    """Filter for instalments of the schedule version in force at ``as_of`` (latest started by then)."""
    later = ScheduleVersion.objects.filter(
        loan=OuterRef(f"{prefix}loan"), start__lte=as_of, version__gt=OuterRef(f"{prefix}schedule__version"))
    # a Q at runtime (Q.__and__ takes conditional expressions); django-stubs types Q & Exists as Combinable
    return Q(**{f"{prefix}schedule__start__lte": as_of}) & ~Exists(later)  # type: ignore[return-value]


def _paid_subquery(as_of: datetime.date, components: list[str], own: bool = False) -> "Combinable":
    """What was paid on the instalment by ``as_of``; ``own``: her own payments and her paybacks of covers."""
    rows = (Allocation.objects.filter(_counted(as_of, own=own), instalment=OuterRef("pk"), component__in=components)
            .order_by().values("instalment").annotate(s=Sum("amount")).values("s"))
    paid: Combinable = Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))
    if own:
        paid = paid + paid_back_sum(as_of, "instalment", instalment=OuterRef("pk"),
                                    component__in=components)
    return paid


def _current_instalments(as_of: datetime.date, own: bool = False) -> "QuerySet[PaidInstalment]":
    """Instalments of the schedules in force at ``as_of``, annotated with what was paid on them."""
    return (Instalment.objects.filter(current_schedule_filter(as_of))
            .annotate(paid_principal=_paid_subquery(as_of, ["principal"], own),
                      paid_interest=_paid_subquery(as_of, ["interest"], own),
                      paid_penalty=_paid_subquery(as_of, ["penalty"], own)))


def with_paid(instalments: QuerySet[Instalment], as_of: datetime.date) -> "list[PaidInstalment]":
    """Return ``instalments`` with what was paid on each by ``as_of``, as :func:`_current_instalments` annotates.

    The same sums as ``_paid_subquery`` (``own`` left out), from one grouped query over their
    allocations instead of three correlated subqueries a row: the hot paths (the meeting sheet's
    dues, a repayment's position) spent more time having Django build those than running them.
    """
    rows = list(instalments)
    paid: dict[tuple[int, str], int] = {}
    if rows:
        sums = (Allocation.objects.filter(_counted(as_of), instalment_id__in=[r.pk for r in rows]).order_by()
                .values_list("instalment_id", "component").annotate(s=Sum("amount")))
        paid = {(instalment_id, component): total for instalment_id, component, total in sums}
    for r in rows:
        r.paid_principal = paid.get((r.pk, "principal"), 0)  # type: ignore[attr-defined]
        r.paid_interest = paid.get((r.pk, "interest"), 0)  # type: ignore[attr-defined]
        r.paid_penalty = paid.get((r.pk, "penalty"), 0)  # type: ignore[attr-defined]
    return rows  # type: ignore[return-value]


# ----- one loan -------------------------------------------------------------------------------

@dataclass
class InstalmentState:
    instalment: Instalment
    principal_due: int
    interest_due: int
    penalty_due: int
    principal_paid: int
    interest_paid: int
    penalty_paid: int

    @property
    def number(self) -> int:
        return self.instalment.number

    @property
    def due_date(self) -> datetime.date:
        return self.instalment.due_date

    @property
    def remaining(self) -> dict[str, int]:
        return {"penalty": self.penalty_due - self.penalty_paid,
                "interest": self.interest_due - self.interest_paid,
                "principal": self.principal_due - self.principal_paid}

    @property
    def total_due(self) -> int:
        return self.principal_due + self.interest_due + self.penalty_due

    @property
    def total_paid(self) -> int:
        return self.principal_paid + self.interest_paid + self.penalty_paid

    @property
    def unpaid(self) -> int:
        return self.total_due - self.total_paid

    @property
    def is_paid(self) -> bool:
        return self.unpaid == 0


@dataclass
class LoanPosition:
    loan: Loan
    as_of: datetime.date
    instalments: list[InstalmentState] = field(default_factory=list)
    outstanding_principal: int = 0
    written_off: int = 0

    @property
    def remaining_total(self) -> int:
        return sum(s.unpaid for s in self.instalments)

    def overdue(self) -> list[InstalmentState]:
        return [s for s in self.instalments if s.due_date < self.as_of and not s.is_paid]

    @property
    def overdue_amount(self) -> int:
        return sum(s.unpaid for s in self.overdue())

    @property
    def days_past_due(self) -> int:
        return days_past_due([s.due_date for s in self.instalments
                              if s.principal_paid + s.interest_paid < s.principal_due + s.interest_due], on=self.as_of)


def loan_position(loan: Loan, *, as_of: datetime.date) -> LoanPosition:
    """Return the schedule in force at ``as_of`` with paid and unpaid amounts per instalment."""
    instalments = with_paid(Instalment.objects.filter(current_schedule_filter(as_of), loan=loan)
                             .select_related("penalty").order_by("number"), as_of)
    penalties = {p.instalment_id: p.amount for p in PenaltyCharge.objects.filter(loan=loan, charged_on__lte=as_of)}
    states = [InstalmentState(i, i.principal, i.interest, penalties.get(i.pk, 0), i.paid_principal,
                              i.paid_interest, i.paid_penalty) for i in instalments]
    outstanding = outstanding_principal_by_loan(Loan.objects.filter(pk=loan.pk), as_of=as_of).get(loan.pk, 0)
    write_off = WriteOff.objects.filter(loan=loan, date__lte=as_of).first()
    return LoanPosition(loan, as_of, states, outstanding, write_off.principal if write_off else 0)


def loan_positions(loans: Iterable[Loan], *, as_of: datetime.date) -> dict[int, LoanPosition]:
    """Return {loan_id: LoanPosition} for ``loans`` at ``as_of``, each equal to ``loan_position``'s.

    Four queries however many loans (instalments with what was paid, penalties charged,
    outstanding principal, write-offs), for statements that show many loans at once.
    """
    loans = list(loans)
    ids = [loan.pk for loan in loans]
    rows = _current_instalments(as_of).filter(loan_id__in=ids).order_by("loan_id", "number")
    by_loan: dict[int, list[PaidInstalment]] = {}
    for inst in rows:
        by_loan.setdefault(inst.loan_id, []).append(inst)
    penalties = dict(PenaltyCharge.objects.filter(loan_id__in=ids, charged_on__lte=as_of)
                     .values_list("instalment_id", "amount"))
    outstanding = outstanding_principal_by_loan(Loan.objects.filter(pk__in=ids), as_of=as_of)
    written = dict(WriteOff.objects.filter(loan_id__in=ids, date__lte=as_of).values_list("loan_id", "principal"))
    return {loan.pk: LoanPosition(
        loan, as_of,
        [InstalmentState(i, i.principal, i.interest, penalties.get(i.pk, 0), i.paid_principal, i.paid_interest,
                         i.paid_penalty) for i in by_loan.get(loan.pk, [])],
        outstanding.get(loan.pk, 0), written.get(loan.pk, 0),
    ) for loan in loans}


# ----- portfolio (bounded queries) ------------------------------------------------------------

def _counted_joined(as_of: datetime.date, prefix: str, own: bool = False) -> Q:
    """``_counted`` for allocations reached through a join (``prefix`` up to the repayment, e.g.
    ``"repayments__"`` from a loan): positive conditions only, so the ORM joins instead of adding a
    subquery per row."""
    counted = (Q(**{f"{prefix}value_date__lte": as_of})
               & (Q(**{f"{prefix}reversal__isnull": True}) | Q(**{f"{prefix}reversal__date__gt": as_of})))
    if own:
        counted &= Q(**{f"{prefix}kind": Repayment.Kind.MEMBER})
    return counted


def outstanding_principal_by_loan(loans: QuerySet[Loan], *, as_of: datetime.date,
                                   own: bool = False) -> dict[int, int]:
    """Return {loan_id: outstanding principal at ``as_of``} for disbursed ``loans``, in one grouped query.

    Outstanding = amount disbursed − principal repaid (not reversed) − principal written off;
    ``own``: principal repaid by the member herself (her payments, and covers as far as she has paid
    them back, :func:`paid_back_parts`); covers not paid back do not count. The allocations are
    joined and summed per loan (no lookup per loan); the own view adds the paybacks' parts with one
    subquery per loan, and the reports ask for it only for loans that had a cover.
    """
    repaid = _counted_joined(as_of, "repayments__", own) & Q(repayments__allocations__component="principal")
    rows = (loans.filter(disbursed_on__lte=as_of).order_by()
            .annotate(repaid=Coalesce(Sum("repayments__allocations__amount", filter=repaid), 0),
                      # at most one write-off a loan (one-to-one): the join adds no rows
                      written=Coalesce(Max("write_off__principal", filter=Q(write_off__date__lte=as_of)), 0)))
    if own:
        rows = rows.annotate(back=paid_back_sum(as_of, "repayment__loan", repayment__loan=OuterRef("pk"),
                                                component="principal"))
    else:
        rows = rows.annotate(back=Value(0, output_field=IntegerField()))
    return {pk: amount - paid - back - written
            for pk, amount, paid, written, back in rows.values_list("pk", "amount", "repaid", "written", "back")}


def unpaid_instalments(loans: QuerySet[Loan], *, as_of: datetime.date, own: bool = False,
                       due_before: datetime.date | None = None) -> "QuerySet[PaidPIInstalment]":
    """Instalments of ``loans``' schedules in force at ``as_of`` due before ``due_before`` (default
    ``as_of``), annotated with the principal and interest paid on them by ``as_of`` (``paid_principal``,
    ``paid_interest``): one grouped join over their allocations, no lookup per instalment.

    ``own``: her own payments and her paybacks of covers (:func:`_current_instalments`, a subquery
    per instalment: the reports ask for the own view only for loans that had a cover).
    """
    if own:
        return _current_instalments(as_of, own=True).filter(loan__in=loans, due_date__lt=due_before or as_of)
    counted = _counted_joined(as_of, "allocations__repayment__", own)
    return (Instalment.objects.filter(current_schedule_filter(as_of), loan__in=loans,
                                      due_date__lt=due_before or as_of).order_by()
            .annotate(paid_principal=Coalesce(Sum("allocations__amount",
                                                  filter=counted & Q(allocations__component="principal")), 0),
                      paid_interest=Coalesce(Sum("allocations__amount",
                                                 filter=counted & Q(allocations__component="interest")), 0)))


def days_past_due_by_loan(loans: QuerySet[Loan], *, as_of: datetime.date, own: bool = False) -> dict[int, int]:
    """Return {loan_id: days past due at ``as_of``} in one query; loans with nothing overdue are left out.

    ``own``: as if joint-liability covers had not been paid (only the member's own payments count).
    The instalments not paid in full come from one grouped join (``unpaid_instalments``), their
    oldest due date per loan from the same query.
    """
    late = (unpaid_instalments(loans, as_of=as_of, own=own)
            .filter(Q(paid_principal__lt=F("principal")) | Q(paid_interest__lt=F("interest"))).values("pk"))
    rows = Instalment.objects.filter(pk__in=late).order_by().values("loan").annotate(oldest=Min("due_date"))
    return {row["loan"]: (as_of - row["oldest"]).days for row in rows}


def portfolio(loans: QuerySet[Loan], *, as_of: datetime.date) -> list[dict[str, Any]]:
    """Return [{loan, outstanding, dpd, rescheduled}] for loans outstanding at ``as_of`` (3 queries)."""
    loans = loans.filter(disbursed_on__lte=as_of).exclude(closed_on__lte=as_of)
    outstanding = outstanding_principal_by_loan(loans, as_of=as_of)
    dpd = days_past_due_by_loan(loans, as_of=as_of)
    return [{"loan": loan, "outstanding": outstanding.get(loan.pk, 0), "dpd": dpd.get(loan.pk, 0),
             "rescheduled": loan.rescheduled}
            for loan in loans.select_related("member") if outstanding.get(loan.pk, 0) > 0]
