"""Money coming in on a loan: repayments, joint liability covers and their paybacks, reversals.

A payment first pays what is due by its date, in the group's allocation order, oldest
instalment first; what is left pays later instalments in order (early payoff). Interest and
penalties are income when received (cash basis): a penalty is charged as a due component when
an instalment is still unpaid after the grace days, and posted only when paid.
"""
import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from books.models import EntryKind
from books.services import credit, debit, journal_post, journal_reverse
from core.idempotency import idempotent
from core.inputs import check_date
from core.money import format_rupiah
from groups.rules import GroupRules
from loans.allocation import Due, allocate
from loans.models import Allocation, CoverPayback, Loan, LoanStatus, PenaltyCharge, Repayment, RepaymentReversal
from loans.positions import InstalmentState, LoanPosition, loan_position
from loans.quality import penalty_for
from loans.selectors import cover_outstanding
from members.models import Member
from savings.services import savings_deposit

from .common import latest_payment_date, lock_loan, refuse_before, refuse_future, require_rules, require_status
from .posting import component_totals, payment_entry_kind, payment_lines, payment_memo

if TYPE_CHECKING:
    from accounts.models import User

Parts = list[tuple[InstalmentState, str, int]]


def split_payment(amount: int, instalments: Sequence[InstalmentState], order: str) -> tuple[Parts, int]:
    """Return ([(instalment_state, component, amount)], leftover) paying ``instalments`` in ``order``."""
    by_number = {s.number: s for s in instalments}
    dues = [Due(s.number, **s.remaining) for s in instalments]
    result = allocate(amount, dues, order)
    return [(by_number[a.instalment_number], a.component, a.amount) for a in result.allocations], result.leftover


def new_penalties(position: LoanPosition, date: datetime.date,
                  rules: GroupRules) -> list[tuple[InstalmentState, int]]:
    """Return [(instalment state, amount)]: the late penalty charged once on each instalment still unpaid
    after the grace days, for a payment on ``date`` (``loans.bulk`` plays payments with it too)."""
    new: list[tuple[InstalmentState, int]] = []
    for state in position.instalments:
        unpaid = state.principal_due + state.interest_due - state.principal_paid - state.interest_paid
        if state.penalty_due == 0 and state.due_date < date:
            amount = penalty_for(unpaid, (date - state.due_date).days, rules)
            if amount > 0:
                new.append((state, amount))
    return new


def split_member_payment(position: LoanPosition, amount: int, date: datetime.date,
                         rules: GroupRules) -> tuple[Parts, int]:
    """Return (parts, leftover): what is due by ``date`` first in the group's order, then later instalments."""
    parts, left = split_payment(amount, [s for s in position.instalments if s.due_date <= date],
                                rules.loan_allocation_order)
    more, left = split_payment(left, [s for s in position.instalments if s.due_date > date],
                               "penalty_interest_principal")
    return parts + more, left


def overpayment_error(amount: int, left: int) -> ValidationError:
    return ValidationError({"amount": ValidationError(
        _("That is %(over)s more than the loan still owes (%(owed)s).") % {
            "over": format_rupiah(left), "owed": format_rupiah(amount - left)}, code="overpayment")})


def _charge_penalties(*, loan: Loan, date: datetime.date, rules: GroupRules) -> LoanPosition:
    """Charge the late penalty once on each instalment still unpaid after the grace days; return the position.

    The position is read once, with the loan row locked by the caller: the penalties charged here
    are the only change to it, so they are set on its states rather than read back (as loans.bulk
    plays them).
    """
    position = loan_position(loan, as_of=date)
    new = new_penalties(position, date, rules)
    PenaltyCharge.objects.bulk_create([PenaltyCharge(instalment=state.instalment, loan=loan, amount=amount,
                                                     charged_on=date) for state, amount in new])
    for state, amount in new:
        state.penalty_due = amount
    return position


def check_payment(*, loan: Loan, amount: int, date: datetime.date, meeting: Any = None,
                  latest: datetime.date | None) -> None:
    """Refuse a payment no loan may take; ``latest`` is the date of the loan's latest payment (or None)."""
    refuse_future(date)
    refuse_before(latest, date)
    if not isinstance(amount, int) or amount <= 0:
        raise ValidationError({"amount": _("Enter an amount of at least Rp 1.")}, code="amount_not_positive")
    assert loan.disbursed_on is not None  # the callers require an active loan, so a disbursed one
    if date < loan.disbursed_on:
        raise ValidationError({"date": _("The date is before the disbursement.")}, code="before_disbursement")
    if meeting is not None and meeting.group_id != loan.group_id:
        raise ValidationError(_("The meeting belongs to another group."), code="meeting_other_group")


def _check_payment(*, loan: Loan, amount: int, date: datetime.date, meeting: Any) -> None:
    check_payment(loan=loan, amount=amount, date=date, meeting=meeting, latest=latest_payment_date(loan))


def _post_payment(*, loan: Loan, kind: str, amount: int, parts: Parts, date: datetime.date, actor: "User",
                  meeting: Any, coverer: Member | None = None, held: int = 0,
                  idempotency_key: str | None = None, debit_account: str = "cash") -> Repayment:
    member = loan.member
    lines = payment_lines(amount=amount, held=held, totals=component_totals(parts), member=member,
                          debit_account=debit_account)
    entry = journal_post(group=loan.group, date=date, actor=actor, reference=f"loan:{loan.pk}",
                         kind=payment_entry_kind(kind), memo=payment_memo(kind, member), lines=lines)
    repayment = Repayment.objects.create(
        loan=loan, group=loan.group, member=member, kind=kind, coverer=coverer, amount=amount, held_as_sukarela=held,
        value_date=date, meeting=meeting, entry=entry, idempotency_key=idempotency_key, created_by=actor)
    Allocation.objects.bulk_create([Allocation(repayment=repayment, instalment=s.instalment, component=c, amount=a)
                                    for s, c, a in parts])
    return repayment


def _close_if_paid(loan: Loan, date: datetime.date, position: LoanPosition, parts: Parts) -> None:
    """Close the loan when ``parts``, just posted, pay all that ``position`` (read under the loan's lock) owed.

    Nothing else changed the locked loan since ``position`` was read, and the parts are dated
    ``date``, its as-of day: what is left is its remaining total less the parts, not read again.
    """
    if position.remaining_total - sum(amount for _state, _component, amount in parts) == 0:
        loan.status, loan.closed_on = LoanStatus.CLOSED, date
        loan.save(update_fields=["status", "closed_on"])


@transaction.atomic
def loan_repay(*, loan: Loan, amount: int, date: datetime.date, actor: "User", meeting: Any = None,
               overpayment: str = "refuse", idempotency_key: str | None = None) -> Repayment:
    """Record the member's payment on ``loan`` and allocate it; return the Repayment.

    More than the whole loan still owes is refused, or with ``overpayment="sukarela"`` the rest is
    deposited to her sukarela savings. A used ``idempotency_key`` returns the first repayment and
    posts nothing (also for two requests at once: the loan row lock serialises them and the unique
    key catches the rest).
    """
    if idempotency_key:
        existing = Repayment.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    if overpayment not in {"refuse", "sukarela"}:
        raise ValidationError(_("Choose what to do with an overpayment."), code="bad_overpayment")
    loan = lock_loan(loan)
    if idempotency_key:
        existing = Repayment.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    require_status(loan, LoanStatus.ACTIVE)
    _check_payment(loan=loan, amount=amount, date=date, meeting=meeting)
    rules = require_rules(loan.group, date)
    position = _charge_penalties(loan=loan, date=date, rules=rules)
    parts, left = split_member_payment(position, amount, date, rules)
    if left and overpayment == "refuse":
        raise overpayment_error(amount, left)
    try:
        with transaction.atomic():
            repayment = _post_payment(loan=loan, kind=Repayment.Kind.MEMBER, amount=amount, parts=parts, date=date,
                                      actor=actor, meeting=meeting, held=left, idempotency_key=idempotency_key)
    except IntegrityError:
        if idempotency_key and Repayment.objects.filter(idempotency_key=idempotency_key).exists():
            return Repayment.objects.get(idempotency_key=idempotency_key)
        raise
    if left:
        savings_deposit(member=loan.member, kind="sukarela", amount=left, date=date, actor=actor, meeting=meeting,
                        note=_("Overpayment of loan #%(id)s") % {"id": loan.pk})
    _close_if_paid(loan, date, position, parts)
    audit_record(actor=actor, action="loans.repay", obj=repayment, group=loan.group,
                 data={"amount": amount, "held_as_sukarela": left})
    return repayment


@idempotent("loans.cover")
@transaction.atomic
def loan_cover(*, loan: Loan, amount: int, date: datetime.date, actor: "User", coverer: Member | None = None,
               meeting: Any = None) -> Repayment:
    """Cover a member's due instalment under joint liability (tanggung renteng).

    The group fund (``coverer=None``: Dr cover receivable) or a named member paying cash
    (Dr cash) pays the institution; the borrower now owes the coverer until she pays it back.
    Only what is due by ``date`` can be covered.
    """
    loan = lock_loan(loan)
    require_status(loan, LoanStatus.ACTIVE)
    _check_payment(loan=loan, amount=amount, date=date, meeting=meeting)
    rules = require_rules(loan.group, date)
    if not rules.loan_joint_liability:
        raise ValidationError(_("The group's rules have no joint liability (tanggung renteng)."),
                              code="no_joint_liability")
    if coverer is not None and (coverer.group_id != loan.group_id or coverer.pk == loan.member_id):
        raise ValidationError({"coverer": _("Choose another member of the same group.")}, code="bad_coverer")
    position = _charge_penalties(loan=loan, date=date, rules=rules)
    parts, left = split_payment(amount, [s for s in position.instalments if s.due_date <= date],
                                rules.loan_allocation_order)
    if left:
        raise ValidationError({"amount": ValidationError(
            _("Only %(due)s is due now; a cover pays only what is due.") % {"due": format_rupiah(amount - left)},
            code="cover_above_due")})
    cover = _post_payment(loan=loan, kind=Repayment.Kind.COVER, amount=amount, parts=parts, date=date, actor=actor,
                          meeting=meeting, coverer=coverer,
                          debit_account="cover_receivable" if coverer is None else "cash")
    _close_if_paid(loan, date, position, parts)
    audit_record(actor=actor, action="loans.cover", obj=cover, group=loan.group,
                 data={"amount": amount, "coverer": coverer.pk if coverer else None})
    return cover


@idempotent("loans.cover_payback")
@transaction.atomic
def cover_payback(*, cover: Repayment, amount: int, date: datetime.date, actor: "User",
                  meeting: Any = None) -> CoverPayback:
    """Record the borrower paying back a cover.

    To the group fund: Dr cash / Cr cover receivable. To a member who covered her, the money
    passes between the two members at the meeting, so it is recorded (and audited) without an
    entry in the group's books.
    """
    loan = lock_loan(cover.loan)
    cover = Repayment.objects.select_related("coverer").get(pk=cover.pk)
    if cover.kind != Repayment.Kind.COVER or hasattr(cover, "reversal"):
        raise ValidationError(_("This is not a cover that can be paid back."), code="not_a_cover")
    if not isinstance(amount, int) or amount <= 0:
        raise ValidationError({"amount": _("Enter an amount of at least Rp 1.")}, code="amount_not_positive")
    refuse_future(date)
    check_date(date)
    if date < cover.value_date:
        raise ValidationError({"date": _("The date is before the cover.")}, code="before_cover")
    owed = cover_outstanding(cover, as_of=date)
    if amount > owed:
        raise ValidationError({"amount": _("She owes only %(owed)s on this cover.") % {"owed": format_rupiah(owed)}},
                              code="above_owed")
    entry = None
    if cover.coverer_id is None:
        entry = journal_post(group=loan.group, date=date, kind=EntryKind.COVER_PAYBACK, actor=actor,
                             lines=[debit("cash", amount), credit("cover_receivable", amount, loan.member)],
                             memo=_("Cover payback: %(loan)s") % {"loan": loan}, reference=f"loan:{loan.pk}")
    payback = CoverPayback.objects.create(cover=cover, amount=amount, value_date=date, meeting=meeting, entry=entry,
                                          created_by=actor)
    audit_record(actor=actor, action="loans.cover_payback", obj=payback, group=loan.group,
                 data={"amount": amount, "cover": cover.pk})
    return payback


@idempotent("loans.repayment_reverse")
@transaction.atomic
def repayment_reverse(*, repayment: Repayment, actor: "User", reason: str,
                      date: datetime.date | None = None) -> RepaymentReversal:
    """Reverse a repayment or cover entered by mistake: its entry and allocations stop counting.

    An overpayment held as sukarela is a savings deposit of its own, reversed in savings.
    """
    loan = lock_loan(repayment.loan)
    repayment = Repayment.objects.get(pk=repayment.pk)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for the reversal.")}, code="reason_required")
    if RepaymentReversal.objects.filter(repayment=repayment).exists():
        raise ValidationError(_("This payment has already been reversed."), code="already_reversed")
    if repayment.paybacks.exists():
        raise ValidationError(_("This cover has paybacks; it cannot be reversed."), code="has_paybacks")
    date = date or repayment.value_date
    if date < repayment.value_date:
        raise ValidationError({"date": _("The reversal cannot come before the payment.")}, code="before_payment")
    entry = journal_reverse(entry=repayment.entry, actor=actor, reason=reason, date=date)
    reversal = RepaymentReversal.objects.create(repayment=repayment, date=date, reason=reason.strip()[:255],
                                                entry=entry, created_by=actor)
    if loan.status == LoanStatus.CLOSED:
        loan.status, loan.closed_on = LoanStatus.ACTIVE, None
        loan.save(update_fields=["status", "closed_on"])
    audit_record(actor=actor, action="loans.repayment_reverse", obj=reversal, group=loan.group,
                 data={"repayment": repayment.pk, "reason": reason})
    return reversal
