"""Reads for loans: who may see which loan, what a member owes at the meeting, who may borrow.

Positions as of a date (paid, outstanding, overdue) are in ``loans.positions``; these reads build
on them and aggregate in the database, so their query count does not grow with the number of loans.
"""
import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import F, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
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
    CoverPayback,
    Instalment,
    Loan,
    LoanStatus,
    Repayment,
)
from .positions import (
    current_schedule_filter,
    days_past_due_by_loan,
    loan_position,
    outstanding_principal_by_loan,
    with_paid,
)
from .quality import penalty_for

if TYPE_CHECKING:
    from accounts.models import User
    from audit.models import AuditEvent
    from groups.models import Group
    from members.models import Member

    from .eligibility import Eligibility


def loans_visible_to(user: "User") -> QuerySet[Loan]:
    return Loan.objects.filter(group__in=groups_visible_to(user))


def get_loan_for_user(user: "User", pk: int | str) -> Loan:
    """Return loan ``pk`` if it belongs to a group ``user`` may see, else raise Http404."""
    return get_object_or_404(loans_visible_to(user).select_related("member", "group"), pk=pk)


def loan_history(loan: Loan) -> QuerySet[Repayment]:
    """Return the payments of ``loan`` (covers included) with their allocations and reversals."""
    return (Repayment.objects.filter(loan=loan).select_related("coverer", "reversal", "created_by")
            .prefetch_related("allocations__instalment", "paybacks").order_by("value_date", "id"))


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
    rows = with_paid(Instalment.objects.filter(current_schedule_filter(on), loan__member_id__in=member_ids,
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
