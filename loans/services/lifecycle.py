"""From application to disbursement, and the end of a loan: rescheduling, write-off, recovery."""
import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from books.models import EntryKind
from books.periods import check_open, closed_through
from books.services import credit, debit, journal_post
from core.idempotency import idempotent
from core.inputs import check_date
from core.money import format_rupiah, round_half_up
from groups.calendar import due_dates_for
from groups.rules import GroupRules
from loans.models import Instalment, Loan, LoanStatus, Recovery, ScheduleVersion, WriteOff
from loans.positions import loan_position
from loans.schedule import build_schedule
from loans.selectors import eligibility_for_members
from members.models import Member

from .common import lock_loan, refuse_before_last_payment, refuse_future, require_rules, require_status
from .posting import disbursement_lines, disbursement_memo
from .provisions import allowance_balance

if TYPE_CHECKING:
    from accounts.models import User


@idempotent("loans.apply")
@transaction.atomic
def loan_apply(*, member: Member, amount: int, term: int, purpose: str, business: str, date: datetime.date,
               actor: "User") -> Loan:
    """Record a member's application: amount, term, purpose and the business it serves. Nothing else."""
    check_date(date)
    errors = {}
    if not isinstance(amount, int) or amount <= 0:
        errors["amount"] = _("Enter an amount of at least Rp 1.")
    if not (purpose or "").strip():
        errors["purpose"] = _("Say what the loan is for.")
    if not (business or "").strip():
        errors["business"] = _("Say which business the loan serves.")
    if member.exited_on is not None or date < member.joined_on:
        errors["__all__"] = _("She is not a member of the group on that date.")
    check_open(date, closed_through(member.group_id), field="date")
    rules = require_rules(member.group, date)
    if term not in rules.allowed_terms:
        errors["term"] = _("The group's rules allow terms of %(terms)s months.") % {
            "terms": ", ".join(str(t) for t in rules.allowed_terms)}
    if errors:
        raise ValidationError(errors, code="invalid_application")
    eligibility = eligibility_for_members([member], on=date)[member.pk]
    failed = [c.message for c in eligibility.checks if not c.passed]
    if failed:
        raise ValidationError(_("She does not meet the group's rules yet: %(why)s") % {"why": "; ".join(failed)},
                              code="not_eligible")
    if amount > eligibility.max_amount:
        raise ValidationError({"amount": _("The most she may borrow now is %(max)s.") % {
            "max": format_rupiah(eligibility.max_amount)}}, code="above_max")
    loan = Loan.objects.create(group=member.group, member=member, amount=amount, term=term,
                               purpose=purpose.strip(), business=business.strip(), applied_on=date, created_by=actor)
    audit_record(actor=actor, action="loans.apply", obj=loan, group=loan.group,
                 data={"amount": amount, "term": term})
    return loan


@idempotent("loans.decide")
@transaction.atomic
def loan_decide(*, loan: Loan, approved: bool, date: datetime.date, agreed_by: str, actor: "User",
                meeting: Any = None) -> Loan:
    """Record the group's decision on an application: date, meeting if any, who agreed."""
    check_date(date, future=False)
    loan = lock_loan(loan)
    require_status(loan, LoanStatus.APPLIED)
    if date < loan.applied_on:
        raise ValidationError({"date": _("The decision cannot come before the application.")}, code="before_apply")
    check_open(date, closed_through(loan.group_id), field="date")
    if not (agreed_by or "").strip():
        raise ValidationError({"agreed_by": _("Say who agreed (or who decided).")}, code="agreed_by_required")
    if meeting is not None and meeting.group_id != loan.group_id:
        raise ValidationError(_("The meeting belongs to another group."), code="meeting_other_group")
    rules = require_rules(loan.group, date)
    if not approved:
        status = LoanStatus.REJECTED
    elif rules.loan_manager_approval_above is not None and loan.amount > rules.loan_manager_approval_above:
        status = LoanStatus.AWAITING_MANAGER
    else:
        status = LoanStatus.APPROVED
    loan.status, loan.decided_on, loan.decision_meeting = status, date, meeting
    loan.agreed_by, loan.decided_by = agreed_by.strip(), actor
    loan.save(update_fields=["status", "decided_on", "decision_meeting", "agreed_by", "decided_by"])
    audit_record(actor=actor, action="loans.decide", obj=loan, group=loan.group,
                 data={"approved": approved, "status": status, "agreed_by": loan.agreed_by})
    return loan


@idempotent("loans.manager_approve")
@transaction.atomic
def loan_manager_approve(*, loan: Loan, actor: "User") -> Loan:
    """Give the manager's approval the rules ask for above an amount (not by who recorded the loan)."""
    loan = lock_loan(loan)
    require_status(loan, LoanStatus.AWAITING_MANAGER)
    if not actor.is_manager:
        raise ValidationError(_("Only a manager can give this approval."), code="not_manager")
    if actor.pk in {loan.created_by_id, loan.decided_by_id}:
        raise ValidationError(_("Another person must approve: you recorded this loan."), code="maker_checker")
    loan.status, loan.manager_approved_by, loan.manager_approved_at = LoanStatus.APPROVED, actor, timezone.now()
    loan.save(update_fields=["status", "manager_approved_by", "manager_approved_at"])
    audit_record(actor=actor, action="loans.manager_approve", obj=loan, group=loan.group)
    return loan


def admin_fee_for(rules: GroupRules, amount: int) -> int:
    if rules.loan_admin_fee_type == GroupRules.FeeType.FIXED:
        return int(rules.loan_admin_fee_value)
    return round_half_up(amount * rules.loan_admin_fee_value / 100)


def create_schedule(*, loan: Loan, version: int, start: datetime.date, principal: int, term: int, actor: "User",
                    reason: str = "") -> ScheduleVersion:
    """Write a schedule version and its instalments from loans.schedule.

    The instalments fall due at the group's meetings (``groups.calendar``) by the rules in force on
    ``start``: the first at the first meeting at least ``loan_first_due_min_days`` after ``start``.
    The dates are stored: a later change of the calendar or of the rules moves nothing already due.
    """
    rules = require_rules(loan.group, start)
    assert loan.rules is not None  # set at disbursement (loan_disburse), before the first schedule
    schedule = build_schedule(principal=principal, rate=loan.rate, term=term, method=loan.method,
                              rounding=loan.rules.loan_rounding,
                              due_dates=due_dates_for(loan.group, rules, start=start, count=term))
    sv = ScheduleVersion.objects.create(loan=loan, version=version, start=start, principal=principal, term=term,
                                        reason=reason, created_by=actor)
    Instalment.objects.bulk_create([
        # due_dates given: build_schedule dates every line (ScheduleLine.due_date is None only without them)
        Instalment(schedule=sv, loan=loan, number=ln.number, due_date=ln.due_date,  # type: ignore[misc]
                   principal=ln.principal, interest=ln.interest) for ln in schedule.lines])
    return sv


@idempotent("loans.disburse")
@transaction.atomic
def loan_disburse(*, loan: Loan, date: datetime.date, actor: "User", meeting: Any = None) -> Loan:
    """Pay out an approved loan: cash out of the group's books, admin fee, the schedule in force."""
    loan = lock_loan(loan)
    require_status(loan, LoanStatus.APPROVED)
    assert loan.decided_on is not None  # an approved loan was decided (loan_decide)
    if date < loan.decided_on:
        raise ValidationError({"date": _("Disbursement cannot come before the group's decision.")},
                              code="before_decision")
    refuse_future(date)
    rules = require_rules(loan.group, date)
    fee = admin_fee_for(rules, loan.amount)
    if fee >= loan.amount:
        raise ValidationError(_("The admin fee is not smaller than the loan."), code="fee_too_large")
    lines = disbursement_lines(amount=loan.amount, fee=fee, deducted=rules.loan_admin_fee_deducted, member=loan.member)
    entry = journal_post(group=loan.group, date=date, kind=EntryKind.LOAN_DISBURSEMENT, lines=lines, actor=actor,
                         memo=disbursement_memo(loan.member), reference=f"loan:{loan.pk}")
    loan.status, loan.disbursed_on, loan.disbursement_entry = LoanStatus.ACTIVE, date, entry
    loan.rules, loan.method, loan.rate = rules, rules.loan_interest_method, rules.loan_interest_rate
    loan.admin_fee = fee
    loan.save(update_fields=["status", "disbursed_on", "disbursement_entry", "rules", "method", "rate", "admin_fee"])
    create_schedule(loan=loan, version=1, start=date, principal=loan.amount, term=loan.term, actor=actor)
    audit_record(actor=actor, action="loans.disburse", obj=loan, group=loan.group,
                 data={"amount": loan.amount, "fee": fee, "meeting": meeting.pk if meeting else None})
    return loan


@idempotent("loans.reschedule")
@transaction.atomic
def loan_reschedule(*, loan: Loan, term: int, date: datetime.date, actor: "User", reason: str) -> ScheduleVersion:
    """Spread the remaining principal over a new schedule from ``date``; the old one is kept.

    Interest and penalties still unpaid on the old schedule are not carried over: interest is
    income only when received, so nothing is posted, and the loan is flagged rescheduled (PAR).
    """
    loan = lock_loan(loan)
    require_status(loan, LoanStatus.ACTIVE)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for rescheduling.")}, code="reason_required")
    if not isinstance(term, int) or not 0 < term <= 120:
        raise ValidationError({"term": _("Enter a term of one to 120 months.")}, code="bad_term")
    refuse_future(date)
    check_date(date)
    refuse_before_last_payment(loan, date)
    last = loan.schedules.order_by("-version").first()
    assert last is not None  # an active loan has had a schedule since its disbursement
    if date < last.start:
        raise ValidationError({"date": _("The date is before the schedule in force.")}, code="before_schedule")
    remaining = loan_position(loan, as_of=date).outstanding_principal
    if remaining <= 0:
        raise ValidationError(_("Nothing is left to reschedule."), code="nothing_left")
    sv = create_schedule(loan=loan, version=last.version + 1, start=date, principal=remaining, term=term,
                         actor=actor, reason=reason.strip())
    loan.rescheduled = True
    loan.save(update_fields=["rescheduled"])
    audit_record(actor=actor, action="loans.reschedule", obj=loan, group=loan.group,
                 data={"version": sv.version, "principal": remaining, "term": term, "reason": reason})
    return sv


@idempotent("loans.write_off")
@transaction.atomic
def loan_write_off(*, loan: Loan, date: datetime.date, actor: "User", reason: str) -> WriteOff:
    """Write off the outstanding principal, from the allowance first.

    Dr allowance for loan losses (what the reserve formed holds, up to the principal) and Dr loan loss
    expense for the rest / Cr loans receivable (regulation.md, "Loan quality and loss reserves").
    """
    loan = lock_loan(loan)
    require_status(loan, LoanStatus.ACTIVE)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for the write-off.")}, code="reason_required")
    refuse_future(date)
    refuse_before_last_payment(loan, date)
    remaining = loan_position(loan, as_of=date).outstanding_principal
    if remaining <= 0:
        raise ValidationError(_("Nothing is left to write off."), code="nothing_left")
    from_allowance = min(remaining, max(allowance_balance(loan.group, on=date), 0))
    entry = journal_post(group=loan.group, date=date, kind=EntryKind.LOAN_WRITE_OFF, actor=actor,
                         lines=[debit("loan_loss_allowance", from_allowance),
                                debit("loan_loss_expense", remaining - from_allowance),
                                credit("loans_receivable", remaining, loan.member)],
                         memo=_("Write-off: %(loan)s") % {"loan": loan}, reference=f"loan:{loan.pk}")
    write_off = WriteOff.objects.create(loan=loan, date=date, principal=remaining, reason=reason.strip(),
                                        entry=entry, created_by=actor)
    loan.status = LoanStatus.WRITTEN_OFF
    loan.save(update_fields=["status"])
    audit_record(actor=actor, action="loans.write_off", obj=write_off, group=loan.group,
                 data={"principal": remaining, "from_allowance": from_allowance, "reason": reason})
    return write_off


@idempotent("loans.recover")
@transaction.atomic
def loan_recover(*, loan: Loan, amount: int, date: datetime.date, actor: "User", meeting: Any = None) -> Recovery:
    """Record money received on a written-off loan: Dr cash / Cr recovery income."""
    loan = lock_loan(loan)
    require_status(loan, LoanStatus.WRITTEN_OFF)
    write_off = loan.write_off
    if date < write_off.date:
        raise ValidationError({"date": _("The date is before the write-off.")}, code="before_write_off")
    refuse_future(date)
    recovered = loan.recoveries.aggregate(s=Sum("amount"))["s"] or 0
    if not isinstance(amount, int) or amount <= 0:
        raise ValidationError({"amount": _("Enter an amount of at least Rp 1.")}, code="amount_not_positive")
    if amount > write_off.principal - recovered:
        raise ValidationError({"amount": _("Only %(left)s of the written-off principal is still unrecovered.") % {
            "left": format_rupiah(write_off.principal - recovered)}}, code="above_written_off")
    entry = journal_post(group=loan.group, date=date, kind=EntryKind.LOAN_RECOVERY, actor=actor,
                         lines=[debit("cash", amount), credit("recovery_income", amount, loan.member)],
                         memo=_("Recovery: %(loan)s") % {"loan": loan}, reference=f"loan:{loan.pk}")
    recovery = Recovery.objects.create(loan=loan, amount=amount, value_date=date, entry=entry, created_by=actor)
    audit_record(actor=actor, action="loans.recover", obj=recovery, group=loan.group, data={"amount": amount})
    return recovery
