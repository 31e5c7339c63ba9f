"""Reads for loans: what is owed, overdue and paid, always derived from rows as of a date.

Portfolio reads (outstanding principal, days past due, dues per member) aggregate in the
database, so their query count does not grow with the number of loans.
"""
import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, F, IntegerField, Max, Min, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Greatest, Least
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from core.dates import add_months, months_between
from groups.access import can_approve_loans, can_record_loans  # noqa: F401 (their old home)
from groups.rules import GroupRules
from groups.selectors import groups_visible_to
from meetings.models import Attendance, Meeting
from savings.selectors import balances_for_members, wajib_status_for_members

from .eligibility import EligibilityFacts, evaluate
from .models import (
    Allocation,
    CoverPayback,
    Instalment,
    Loan,
    LoanStatus,
    PenaltyCharge,
    Repayment,
    ScheduleVersion,
    WriteOff,
)
from .quality import days_past_due, penalty_for

if TYPE_CHECKING:
    from typing import TypedDict

    from django.db.models.expressions import Combinable
    from django_stubs_ext import WithAnnotations

    from accounts.models import User
    from audit.models import AuditEvent
    from groups.models import Group
    from members.models import Member

    from .eligibility import Eligibility

    class _PaidPI(TypedDict):
        paid_principal: int
        paid_interest: int

    class _Paid(_PaidPI):
        paid_penalty: int

    # Instalments annotated with what was paid on them (``_current_instalments``, ``unpaid_instalments``).
    PaidInstalment = WithAnnotations[Instalment, _Paid]
    PaidPIInstalment = WithAnnotations[Instalment, _PaidPI]


def loans_visible_to(user: "User") -> QuerySet[Loan]:
    return Loan.objects.filter(group__in=groups_visible_to(user))


def get_loan_for_user(user: "User", pk: int | str) -> Loan:
    """Return loan ``pk`` if it belongs to a group ``user`` may see, else raise Http404."""
    return get_object_or_404(loans_visible_to(user).select_related("member", "group"), pk=pk)


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


def _current_schedule_filter(as_of: datetime.date, prefix: str = "") -> Q:
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
    return (Instalment.objects.filter(_current_schedule_filter(as_of))
            .annotate(paid_principal=_paid_subquery(as_of, ["principal"], own),
                      paid_interest=_paid_subquery(as_of, ["interest"], own),
                      paid_penalty=_paid_subquery(as_of, ["penalty"], own)))


def _with_paid(instalments: QuerySet[Instalment], as_of: datetime.date) -> "list[PaidInstalment]":
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
    instalments = _with_paid(Instalment.objects.filter(_current_schedule_filter(as_of), loan=loan)
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


def loan_history(loan: Loan) -> QuerySet[Repayment]:
    """Return the payments of ``loan`` (covers included) with their allocations and reversals."""
    return (Repayment.objects.filter(loan=loan).select_related("coverer", "reversal", "created_by")
            .prefetch_related("allocations__instalment", "paybacks").order_by("value_date", "id"))


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
    return (Instalment.objects.filter(_current_schedule_filter(as_of), loan__in=loans,
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


# ----- dues for the meeting sheet -------------------------------------------------------------

@dataclass
class LoanDues:
    loan_id: int
    instalment_due: int = 0
    overdue: int = 0
    penalty: int = 0

    @property
    def total(self) -> int:
        return self.instalment_due + self.overdue + self.penalty


@dataclass
class MemberLoanDues:
    instalment_due: int = 0
    overdue: int = 0
    penalty: int = 0
    loans: list[LoanDues] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.instalment_due + self.overdue + self.penalty


def rules_by_group(group_ids: Iterable[int], *, on: datetime.date) -> dict[int, GroupRules]:
    """Return {group_id: rules in force on ``on``} in one query."""
    result: dict[int, GroupRules] = {}
    for rules in GroupRules.objects.filter(group_id__in=group_ids, effective_from__lte=on).order_by(
            "group_id", "-effective_from"):
        result.setdefault(rules.group_id, rules)
    return result


def dues_for_members(member_ids: Iterable[int], *, on: datetime.date) -> dict[int, MemberLoanDues]:
    """Return {member_id: MemberLoanDues} for the members' disbursed loans at ``on`` (3 queries).

    ``overdue`` is principal and interest unpaid on instalments due before ``on``; ``instalment_due``
    what falls due from ``on`` until a month later; ``penalty`` the penalties charged and unpaid
    plus those the rules would charge now on instalments still late after the grace days.
    """
    horizon = add_months(on, 1)
    rows = _with_paid(Instalment.objects.filter(_current_schedule_filter(on), loan__member_id__in=member_ids,
                                                loan__status=LoanStatus.ACTIVE, due_date__lt=horizon)
                      .select_related("loan", "penalty").order_by("loan_id", "number"), on)
    rules = rules_by_group({r.loan.group_id for r in rows}, on=on)
    result: dict[int, MemberLoanDues] = {}
    per_loan: dict[int, LoanDues] = {}
    for inst in rows:
        unpaid = inst.principal + inst.interest - inst.paid_principal - inst.paid_interest
        charged = getattr(inst, "penalty", None)
        group_rules = rules.get(inst.loan.group_id)
        if charged is not None and charged.charged_on <= on:
            penalty = charged.amount - inst.paid_penalty
        elif group_rules is not None and inst.due_date < on:
            penalty = penalty_for(unpaid, (on - inst.due_date).days, group_rules)
        else:
            penalty = 0
        dues = per_loan.get(inst.loan_id)
        if dues is None:
            dues = per_loan[inst.loan_id] = LoanDues(inst.loan_id)
            result.setdefault(inst.loan.member_id, MemberLoanDues()).loans.append(dues)
        if inst.due_date < on:
            dues.overdue += unpaid
        else:
            dues.instalment_due += unpaid
        dues.penalty += penalty
    for member_dues in result.values():
        for dues in member_dues.loans:
            member_dues.instalment_due += dues.instalment_due
            member_dues.overdue += dues.overdue
            member_dues.penalty += dues.penalty
    return result


def member_amount_owed(member: "Member", *, as_of: datetime.date) -> int:
    """Return what ``member`` owes the institution on loans at ``as_of`` (e.g. to deduct when she exits).

    Outstanding principal (interest not yet due is not owed: it is earned month by month) plus
    covers by the group fund not yet paid back. Covers by a named member are owed to that member,
    not to the institution; read them with :func:`cover_outstanding_for_members`.
    """
    loans = Loan.objects.filter(member=member)
    principal = sum(v for v in outstanding_principal_by_loan(loans, as_of=as_of).values() if v > 0)
    covers = cover_outstanding_for_members([member.pk], as_of=as_of, group_fund_only=True)
    return principal + covers.get(member.pk, 0)


def cover_outstanding_for_members(member_ids: Iterable[int], *, as_of: datetime.date,
                                  group_fund_only: bool = False) -> dict[int, int]:
    """Return {member_id: covers not yet paid back at ``as_of``} in one query (all coverers by default)."""
    paid = (CoverPayback.objects.filter(cover=OuterRef("pk"), value_date__lte=as_of).order_by()
            .values("cover").annotate(s=Sum("amount")).values("s"))
    rows = Repayment.objects.filter(member_id__in=member_ids, kind=Repayment.Kind.COVER, value_date__lte=as_of)
    if group_fund_only:
        rows = rows.filter(coverer__isnull=True)
    rows = (rows.exclude(reversal__date__lte=as_of)
            .annotate(back=Coalesce(Subquery(paid, output_field=IntegerField()), Value(0)))
            .values("member_id").annotate(owed=Sum(F("amount") - F("back"))))
    return {r["member_id"]: r["owed"] for r in rows}


def cover_outstanding(cover: Repayment, *, as_of: datetime.date) -> int:
    paid = cover.paybacks.filter(value_date__lte=as_of).aggregate(s=Sum("amount"))["s"] or 0
    return cover.amount - paid


def approved_unpaid_for_group(group: "Group") -> QuerySet[Loan]:
    """Return the group's loans approved but not yet disbursed, oldest decision first."""
    return (Loan.objects.filter(group=group, status=LoanStatus.APPROVED).select_related("member")
            .order_by("decided_on", "id"))


# ----- eligibility ----------------------------------------------------------------------------

ATTENDED = ("present", "represented")  # she came, or sent someone in her place (diwakilkan)
OPEN_STATUSES = (LoanStatus.APPLIED, LoanStatus.AWAITING_MANAGER, LoanStatus.APPROVED, LoanStatus.ACTIVE)


def _attendance_facts(members: list["Member"], rules: dict[int, GroupRules],
                      on: datetime.date) -> dict[int, tuple[int, int]]:
    """Return {member_id: (attended, considered)} over each group's last N held meetings (2 queries).

    Only routine meetings submitted or verified count, and only those since she joined: a training
    or thematic discussion is open to whom it concerns, so not coming to it is no absence.
    """
    window = max((r.loan_attendance_window for r in rules.values()), default=0)
    meetings: dict[int, list[Mapping[str, Any]]] = {}
    for m in (Meeting.objects.filter(group_id__in=rules.keys(), date__lte=on, type=Meeting.Type.ROUTINE,
                                     status__in=["submitted", "verified"])
              .order_by("group_id", "-date").values("pk", "group_id", "date")):
        held = meetings.setdefault(m["group_id"], [])
        if len(held) < window:
            held.append(m)
    considered_ids = [m["pk"] for held in meetings.values() for m in held]
    attended = set(Attendance.objects.filter(meeting_id__in=considered_ids, member__in=members, status__in=ATTENDED)
                   .values_list("member_id", "meeting_id"))
    result: dict[int, tuple[int, int]] = {}
    for member in members:
        group_rules = rules.get(member.group_id)
        n = group_rules.loan_attendance_window if group_rules else 0
        held = [m for m in meetings.get(member.group_id, [])[:n] if m["date"] >= member.joined_on]
        result[member.pk] = (sum((member.pk, m["pk"]) in attended for m in held), len(held))
    return result


def eligibility_for_members(members: Iterable["Member"], *, on: datetime.date,
                            balances: Mapping[int, Mapping[str, int]] | None = None,
                            wajib: Mapping[int, Any] | None = None) -> dict[int, "Eligibility"]:
    """Return {member_id: Eligibility} judged by loans.eligibility on facts gathered in bounded queries.

    Facts: months of membership, attendance over the group's last N held meetings, savings
    (pokok + wajib + sukarela) and wajib arrears from savings, her loans in arrears and loans
    open (applied, approved or running). Members of groups without rules are left out.
    ``balances`` and ``wajib``: the members' ``balances_for_members`` and ``wajib_status_for_members``
    at ``on`` when the caller has read them already (the meeting sheet), so they are not read twice.
    """
    members = list(members)
    ids = [m.pk for m in members]
    rules = rules_by_group({m.group_id for m in members}, on=on)
    attendance = _attendance_facts(members, rules, on)
    balances = balances_for_members(ids, as_of=on) if balances is None else balances
    wajib = wajib_status_for_members(members, as_of=on) if wajib is None else wajib
    open_loans = Loan.objects.filter(member_id__in=ids, status__in=OPEN_STATUSES)
    late = days_past_due_by_loan(open_loans.filter(status=LoanStatus.ACTIVE), as_of=on)
    open_count: dict[int, int] = {}
    late_count: dict[int, int] = {}
    for loan_id, member_id in open_loans.values_list("pk", "member_id"):
        open_count[member_id] = open_count.get(member_id, 0) + 1
        late_count[member_id] = late_count.get(member_id, 0) + (late.get(loan_id, 0) > 0)
    result: dict[int, Eligibility] = {}
    for member in members:
        if member.group_id not in rules:
            continue
        attended, considered = attendance[member.pk]
        balance = balances.get(member.pk, {})
        status = wajib.get(member.pk)
        facts = EligibilityFacts(
            months_of_membership=max(months_between(member.joined_on, on), 0),
            attended=attended, meetings_considered=considered,
            savings_total=sum(balance.get(k, 0) for k in ("pokok", "wajib", "sukarela")),
            wajib_arrears=status.arrears if status else 0,
            loans_in_arrears=late_count.get(member.pk, 0), active_loans=open_count.get(member.pk, 0),
            is_active_member=member.joined_on <= on and (member.exited_on is None or member.exited_on > on),
        )
        result[member.pk] = evaluate(facts, rules[member.group_id])
    return result


# ----- who may do what (scope itself comes from groups_visible_to) ---------------------------

# can_record_loans, can_approve_loans: decided in groups.access, imported above under these names.


def loan_audit_trail(loan: Loan) -> "QuerySet[AuditEvent]":
    """Return the audit events of the loan's steps (application to write-off), oldest first."""
    return (AuditEvent.objects.filter(object_type="loans.loan", object_id=str(loan.pk)).select_related("actor")
            .order_by("created_at", "id"))


@dataclass(frozen=True)
class Deduction:
    """What an exiting member's savings pay on her behalf: a loan's payoff or a group-fund cover."""

    label: str
    amount: int
    loan: Loan | None = None
    cover: Repayment | None = None


def exit_deductions(member: "Member", *, on: datetime.date, available: int) -> list[Deduction]:
    """Return the :class:`Deduction` list that her savings (``available``) settle when she leaves on ``on``.

    Each open loan is paid off (every unpaid instalment, its interest and charged penalties, as
    loan_repay would close it), oldest loan first, then covers by the group fund not yet paid
    back; never more than ``available``, so what is left stays owed.
    """
    deductions: list[Deduction] = []
    for loan in Loan.objects.filter(member=member, status=LoanStatus.ACTIVE, disbursed_on__lte=on).order_by("pk"):
        amount = min(loan_position(loan, as_of=on).remaining_total, available)
        if amount > 0:
            deductions.append(Deduction(_("Payoff of loan #%(id)s") % {"id": loan.pk}, amount, loan=loan))
            available -= amount
    covers = (Repayment.objects.filter(member=member, kind=Repayment.Kind.COVER, coverer__isnull=True,
                                       value_date__lte=on).exclude(reversal__date__lte=on).order_by("pk"))
    for cover in covers:
        amount = min(cover_outstanding(cover, as_of=on), available)
        if amount > 0:
            deductions.append(Deduction(_("Cover by the group fund on %(date)s") % {"date": cover.value_date},
                                        amount, cover=cover))
            available -= amount
    return deductions
