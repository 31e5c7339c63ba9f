"""Post many loans (disbursement and the member's own repayments) at once, for seeding history.

:func:`bulk_post_loans` writes what applying, deciding, disbursing and repaying through the
services one by one writes — the same loans, schedules, instalments, penalty charges,
repayments, allocations, journal entries and lines (accounts, amounts, members, memos, kinds,
references) — with a handful of ``bulk_create`` calls per batch instead of dozens of queries
per loan (``tests/loans/test_bulk.py`` compares both paths on the same inputs). It writes one
audit event per loan and per repayment (not the services' per-step and per-entry events).

The schedule, penalties and allocation come from the same pure modules (loans.schedule,
loans.quality, loans.allocation) and the same rules version the services would read, so the
numbers cannot drift apart. Covers, reversals, rescheduling and write-off stay with the
services (seeds call them for the few loans that need them).
"""
import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from books.models import Account, EntryKind, JournalEntry, JournalLine
from core.dates import add_months, today
from groups.rules import GroupRules

from .allocation import Due, allocate
from .models import Allocation, Instalment, Loan, LoanStatus, PenaltyCharge, Repayment, ScheduleVersion
from .quality import penalty_for
from .schedule import build_schedule
from .services.lifecycle import admin_fee_for
from .services.posting import (
    component_totals,
    disbursement_lines,
    disbursement_memo,
    payment_entry_kind,
    payment_lines,
    payment_memo,
)


@dataclass
class LoanPlan:
    """One loan to post: applied, decided and disbursed on ``date``, then repaid by ``payments``."""

    member: object
    amount: int
    term: int
    date: datetime.date
    payments: list = field(default_factory=list)  # [(date, amount)], in date order
    purpose: str = "Modal usaha"
    business: str = "Usaha anggota"
    agreed_by: str = "Rapat anggota"


@dataclass
class _Line:
    """One instalment while the payments are played through it."""

    number: int
    due_date: datetime.date
    principal: int
    interest: int
    penalty: int = 0
    penalty_on: datetime.date = None
    paid: dict = field(default_factory=lambda: {"principal": 0, "interest": 0, "penalty": 0})

    def remaining(self, component):
        return getattr(self, component) - self.paid[component]


def _rules_on(versions, day):
    for rules in versions:  # newest first
        if rules.effective_from <= day:
            return rules
    raise ValidationError(_("The group has no rules in force on %(date)s.") % {"date": day}, code="no_rules")


def _play(plan, rules_versions):
    """Return (rules, fee, schedule lines, [(date, amount, parts)], closed_on) for ``plan``, or refuse it."""
    on = today()
    if plan.date > on or any(day > on for day, _amount in plan.payments):
        raise ValidationError(_("The date cannot be in the future."), code="future_date")
    rules = _rules_on(rules_versions, plan.date)
    if plan.term not in rules.allowed_terms:
        raise ValidationError(_("The group's rules allow terms of %(terms)s months.") % {
            "terms": ", ".join(str(t) for t in rules.allowed_terms)}, code="bad_term")
    fee = admin_fee_for(rules, plan.amount)
    schedule = build_schedule(principal=plan.amount, rate=rules.loan_interest_rate, term=plan.term,
                              method=rules.loan_interest_method, rounding=rules.loan_rounding,
                              first_due=add_months(plan.date, 1))
    lines = [_Line(ln.number, ln.due_date, ln.principal, ln.interest) for ln in schedule.lines]
    payments, closed_on = [], None
    for day, amount in plan.payments:
        if closed_on is not None or day < plan.date or amount <= 0:
            raise ValidationError(_("A payment is not possible on %(date)s.") % {"date": day}, code="bad_payment")
        rules_now = _rules_on(rules_versions, day)
        for line in lines:
            unpaid = line.remaining("principal") + line.remaining("interest")
            if line.penalty == 0 and line.due_date < day:
                line.penalty = penalty_for(unpaid, (day - line.due_date).days, rules_now)
                line.penalty_on = day if line.penalty else None
        due_now = [ln for ln in lines if ln.due_date <= day]
        later = [ln for ln in lines if ln.due_date > day]
        result = allocate(amount, [Due(ln.number, ln.remaining("principal"), ln.remaining("interest"),
                                       ln.remaining("penalty")) for ln in due_now], rules_now.loan_allocation_order)
        allocations = list(result.allocations)
        more = allocate(result.leftover, [Due(ln.number, ln.remaining("principal"), ln.remaining("interest"),
                                              ln.remaining("penalty")) for ln in later])
        allocations += more.allocations
        if more.leftover:
            raise ValidationError(_("A payment on %(date)s is more than the loan still owes.") % {"date": day},
                                  code="overpayment")
        by_number = {ln.number: ln for ln in lines}
        parts = []
        for a in allocations:
            by_number[a.instalment_number].paid[a.component] += a.amount
            parts.append((a.instalment_number, a.component, a.amount))
        payments.append((day, amount, parts))
        if all(ln.remaining(c) == 0 for ln in lines for c in ("principal", "interest", "penalty")):
            closed_on = day
    return rules, fee, lines, payments, closed_on


def remaining_after(plan, rules_versions):
    """Return what the loan of ``plan`` still owes (penalties included) after its payments."""
    *_rest, lines, _payments, _closed = _play(plan, rules_versions)
    return sum(ln.remaining(c) for ln in lines for c in ("principal", "interest", "penalty"))


@transaction.atomic
def bulk_post_loans(*, group, plans, actor, batch_size=500):
    """Post ``plans`` (LoanPlan, members of ``group``) and return the loans created, in order."""
    versions = list(GroupRules.objects.filter(group=group).order_by("-effective_from"))
    accounts = {a.key: a for a in Account.objects.filter(group=group)}
    created = []
    for start in range(0, len(plans), batch_size):
        batch = plans[start:start + batch_size]
        created += _write(group, [(p, *_play(p, versions)) for p in batch], accounts, actor)
    return created


def _entry(group, date, kind, memo, loan, actor):
    return JournalEntry(group=group, date=date, kind=kind, memo=memo[:255], reference=f"loan:{loan.pk}",
                        created_by=actor)


def _journal(entries_with_lines, accounts):
    """Create entries and their lines; return the entries (with pks) in order."""
    entries = JournalEntry.objects.bulk_create([e for e, _lines in entries_with_lines])
    JournalLine.objects.bulk_create([
        JournalLine(entry=entry, account=accounts[ln.account], debit=ln.debit, credit=ln.credit, member=ln.member)
        for entry, (_e, lines) in zip(entries, entries_with_lines, strict=True) for ln in lines
        if ln.debit or ln.credit])
    return entries


def _audit(actor, group, action, objs, data):
    return [AuditEvent(actor=actor, action=action, group=group, object_type=o._meta.label_lower, object_id=str(o.pk),
                       data=d) for o, d in zip(objs, data, strict=True)]


def _write(group, played, accounts, actor):
    loans = Loan.objects.bulk_create([
        Loan(group=group, member=p.member, amount=p.amount, term=p.term, purpose=p.purpose, business=p.business,
             applied_on=p.date, status=LoanStatus.APPROVED, created_by=actor, decided_on=p.date, agreed_by=p.agreed_by,
             decided_by=actor) for p, *_rest in played])
    disbursements = _journal([
        (_entry(group, p.date, EntryKind.LOAN_DISBURSEMENT, disbursement_memo(p.member), loan, actor),
         disbursement_lines(amount=p.amount, fee=fee, deducted=rules.loan_admin_fee_deducted, member=p.member))
        for loan, (p, rules, fee, _lines, _pay, _closed) in zip(loans, played, strict=True)], accounts)
    for loan, entry, (p, rules, fee, _lines, _pay, closed_on) in zip(loans, disbursements, played, strict=True):
        loan.status = LoanStatus.CLOSED if closed_on else LoanStatus.ACTIVE
        loan.closed_on, loan.disbursed_on, loan.disbursement_entry = closed_on, p.date, entry
        loan.rules, loan.method, loan.rate, loan.admin_fee = (rules, rules.loan_interest_method,
                                                              rules.loan_interest_rate, fee)
    Loan.objects.bulk_update(loans, ["status", "closed_on", "disbursed_on", "disbursement_entry", "rules", "method",
                                     "rate", "admin_fee"])
    schedules = ScheduleVersion.objects.bulk_create([
        ScheduleVersion(loan=loan, version=1, start=p.date, principal=p.amount, term=p.term, created_by=actor)
        for loan, (p, *_rest) in zip(loans, played, strict=True)])
    instalments = Instalment.objects.bulk_create([
        Instalment(schedule=sv, loan=loan, number=ln.number, due_date=ln.due_date, principal=ln.principal,
                   interest=ln.interest)
        for loan, sv, (_p, _r, _f, lines, _pay, _c) in zip(loans, schedules, played, strict=True) for ln in lines])
    by_key = {(i.loan_id, i.number): i for i in instalments}
    PenaltyCharge.objects.bulk_create([
        PenaltyCharge(instalment=by_key[(loan.pk, ln.number)], loan=loan, amount=ln.penalty, charged_on=ln.penalty_on)
        for loan, (_p, _r, _f, lines, _pay, _c) in zip(loans, played, strict=True) for ln in lines if ln.penalty])
    flat = [(loan, p, day, amount, parts) for loan, (p, _r, _f, _l, payments, _c) in zip(loans, played, strict=True)
            for day, amount, parts in payments]
    entries = _journal([
        (_entry(group, day, payment_entry_kind(Repayment.Kind.MEMBER), payment_memo(Repayment.Kind.MEMBER, p.member),
                loan, actor),
         payment_lines(amount=amount, held=0, totals=component_totals(parts), member=p.member))
        for loan, p, day, amount, parts in flat], accounts)
    repayments = Repayment.objects.bulk_create([
        Repayment(loan=loan, group=group, member=p.member, amount=amount, value_date=day, entry=entry,
                  created_by=actor)
        for (loan, p, day, amount, _parts), entry in zip(flat, entries, strict=True)])
    Allocation.objects.bulk_create([
        Allocation(repayment=r, instalment=by_key[(loan.pk, number)], component=component, amount=value)
        for r, (loan, _p, _d, _a, parts) in zip(repayments, flat, strict=True) for number, component, value in parts])
    AuditEvent.objects.bulk_create(
        _audit(actor, group, "loans.bulk_disburse", loans, [{"amount": loan.amount, "fee": loan.admin_fee}
                                                            for loan in loans])
        + _audit(actor, group, "loans.repay", repayments, [{"amount": r.amount, "held_as_sukarela": 0}
                                                           for r in repayments]))
    return loans
