"""Post many loans, or many repayments on loans already disbursed, at once.

:func:`bulk_post_loans` writes what applying, deciding, disbursing and repaying through the
services one by one writes — the same loans, schedules, instalments, penalty charges,
repayments, allocations, journal entries and lines (accounts, amounts, members, memos, kinds,
references) — with a handful of ``bulk_create`` calls per batch instead of dozens of queries
per loan (``tests/loans/test_bulk.py`` compares both paths on the same inputs). It writes one
audit event per loan and per repayment (not the services' per-step and per-entry events).
:func:`bulk_post_repayments` does the same for the member's own payments on loans already
disbursed (seeded, brought in at a cut-over or rescheduled): what ``loan_repay`` called on each
would write, checked payment by payment by :class:`RepaymentChecker`, which imports use to name
every refused row with the service's own message.

The schedule, penalties and allocation come from the same pure modules (loans.schedule,
loans.quality, loans.allocation), the repayments' from the very functions ``loan_repay`` calls
(``new_penalties``, ``split_member_payment``, ``check_payment``) on a position read once and
kept in memory, and the same rules version the services would read, so the numbers cannot drift
apart. Covers, reversals, rescheduling and write-off stay with the services (seeds call them for
the few loans that need them).
"""
import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from books.models import Account, EntryKind, JournalEntry, JournalLine
from core.dates import add_months, today
from groups.rules import GroupRules

from .allocation import Due, allocate
from .models import Allocation, Instalment, Loan, LoanStatus, PenaltyCharge, Repayment, ScheduleVersion
from .quality import penalty_for
from .schedule import build_schedule
from .selectors import InstalmentState, LoanPosition
from .services.common import require_status
from .services.lifecycle import admin_fee_for
from .services.opening import group_rules, rules_on
from .services.payments import check_payment, new_penalties, overpayment_error, split_member_payment
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
    """Return the rules version in force on ``day`` from ``versions`` (newest first), or refuse."""
    rules = rules_on(versions, day)
    if rules is not None:
        return rules
    raise ValidationError(_("The group has no rules in force on %(date)s.") % {
            "date": date_format(day)}, code="no_rules")


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
    previous = plan.date
    for day, amount in plan.payments:
        if closed_on is not None or day < previous or amount <= 0:
            raise ValidationError(_("A payment is not possible on %(date)s.") % {
            "date": date_format(day)}, code="bad_payment")
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
            raise ValidationError(_("A payment on %(date)s is more than the loan still owes.") % {
            "date": date_format(day)},
                                  code="overpayment")
        by_number = {ln.number: ln for ln in lines}
        parts = []
        for a in allocations:
            by_number[a.instalment_number].paid[a.component] += a.amount
            parts.append((a.instalment_number, a.component, a.amount))
        payments.append((day, amount, parts))
        previous = day
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
    accounts = _accounts([group.pk])
    created = []
    for start in range(0, len(plans), batch_size):
        batch = plans[start:start + batch_size]
        created += _write(group, [(p, *_play(p, versions)) for p in batch], accounts, actor)
    return created


def _entry(date, kind, memo, loan, actor):
    return JournalEntry(group_id=loan.group_id, date=date, kind=kind, memo=memo[:255], reference=f"loan:{loan.pk}",
                        created_by=actor)


def _accounts(group_ids):
    """Return {group_id: {account key: Account}} in one query."""
    accounts = {}
    for account in Account.objects.filter(group_id__in=group_ids):
        accounts.setdefault(account.group_id, {})[account.key] = account
    return accounts


def _journal(entries_with_lines, accounts):
    """Create entries and their lines (``accounts`` from :func:`_accounts`); return the entries in order."""
    entries = JournalEntry.objects.bulk_create([e for e, _lines in entries_with_lines])
    JournalLine.objects.bulk_create([
        JournalLine(entry=entry, account=accounts[entry.group_id][ln.account], debit=ln.debit, credit=ln.credit,
                    member=ln.member)
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
        (_entry(p.date, EntryKind.LOAN_DISBURSEMENT, disbursement_memo(p.member), loan, actor),
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
        (_entry(day, payment_entry_kind(Repayment.Kind.MEMBER), payment_memo(Repayment.Kind.MEMBER, p.member),
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


# ----- the member's own payments on loans already disbursed ---------------------------------------

@dataclass(frozen=True)
class Payment:
    """One of the member's own payments on a disbursed loan: what a call of ``loan_repay`` would get."""

    loan: object
    amount: int
    date: datetime.date
    idempotency_key: str = None


@dataclass
class PlayedPayment:
    """A checked payment: the penalties it charges first, its allocations and whether it closes the loan."""

    payment: Payment
    loan: object
    penalties: list  # [(Instalment, amount)]
    parts: list  # [(Instalment, component, amount)]
    closes: bool


@dataclass
class _Book:
    """One loan as the checker sees it: its schedules, and what was paid and charged on which dates."""

    loan: object
    schedules: list  # [(start, [Instalment])], newest version first
    paid: list = field(default_factory=list)  # [(instalment pk, component, amount, value date, reversed on)]
    penalties: dict = field(default_factory=dict)  # {instalment pk: (amount, charged on)}
    latest: datetime.date = None  # the latest payment not reversed

    def position(self, day):
        """Return the loan's position at ``day`` as ``loans.selectors.loan_position`` reads it from the rows."""
        instalments = next((rows for start, rows in self.schedules if start <= day), [])
        paid = {}
        for pk, component, amount, value_date, reversed_on in self.paid:
            if value_date <= day and (reversed_on is None or reversed_on > day):
                paid[(pk, component)] = paid.get((pk, component), 0) + amount
        states = []
        for i in instalments:
            penalty, charged_on = self.penalties.get(i.pk, (0, None))
            states.append(InstalmentState(i, i.principal, i.interest, penalty if charged_on and charged_on <= day
                                          else 0, paid.get((i.pk, "principal"), 0), paid.get((i.pk, "interest"), 0),
                                          paid.get((i.pk, "penalty"), 0)))
        return LoanPosition(self.loan, day, states)


class RepaymentChecker:
    """Check payments one at a time as ``loan_repay`` would, each after the rows posted and the payments before it.

    :meth:`check` raises the service's own ValidationError (same fields, messages and codes) and
    leaves the state as it was; a payment that passes counts for the next ones. ``imports`` uses
    it to name every refused row of a file; :func:`bulk_post_repayments` to refuse a batch at its
    first bad payment. About seven queries, however many loans and payments.
    """

    def __init__(self, loans, *, lock=False):
        rows = Loan.objects.filter(pk__in={loan.pk for loan in loans}).select_related("member")
        if lock:
            rows = rows.select_for_update(of=("self",))
        self.books = {loan.pk: _Book(loan, []) for loan in rows}
        self.versions = group_rules({b.loan.group_id for b in self.books.values()})
        instalments = {}
        for i in Instalment.objects.filter(loan__in=list(self.books)).order_by("number"):
            instalments.setdefault(i.schedule_id, []).append(i)
        for sv in ScheduleVersion.objects.filter(loan__in=list(self.books)).order_by("-version"):
            self.books[sv.loan_id].schedules.append((sv.start, instalments.get(sv.pk, [])))
        for loan_id, pk, component, amount, value_date, reversed_on in Allocation.objects.filter(
                repayment__loan__in=list(self.books)).values_list(
                "repayment__loan_id", "instalment_id", "component", "amount", "repayment__value_date",
                "repayment__reversal__date"):
            self.books[loan_id].paid.append((pk, component, amount, value_date, reversed_on))
        for p in PenaltyCharge.objects.filter(loan__in=list(self.books)):
            self.books[p.loan_id].penalties[p.instalment_id] = (p.amount, p.charged_on)
        for loan_id, latest in (Repayment.objects.filter(loan__in=list(self.books), reversal__isnull=True)
                                .values("loan_id").annotate(d=Max("value_date")).order_by()
                                .values_list("loan_id", "d")):
            self.books[loan_id].latest = latest

    def check(self, payment):
        """Return the :class:`PlayedPayment` of ``payment``, or raise what ``loan_repay`` would."""
        book = self.books[payment.loan.pk]
        loan, day, amount = book.loan, payment.date, payment.amount
        require_status(loan, LoanStatus.ACTIVE)
        check_payment(loan=loan, amount=amount, date=day, latest=book.latest)
        rules = _rules_on(self.versions.get(loan.group_id, []), day)
        position = book.position(day)
        penalties = new_penalties(position, day, rules)
        for state, charged in penalties:
            state.penalty_due = charged
        parts, left = split_member_payment(position, amount, day, rules)
        if left:
            raise overpayment_error(amount, left)
        for state, charged in penalties:
            book.penalties[state.instalment.pk] = (charged, day)
        book.paid += [(state.instalment.pk, component, value, day, None) for state, component, value in parts]
        book.latest = day
        closes = book.position(day).remaining_total == 0
        if closes:
            loan.status, loan.closed_on = LoanStatus.CLOSED, day
        return PlayedPayment(payment, loan, [(s.instalment, charged) for s, charged in penalties],
                             [(s.instalment, component, value) for s, component, value in parts], closes)


@transaction.atomic
def bulk_post_repayments(*, payments, actor):
    """Post ``payments`` (:class:`Payment`, in date order per loan) as ``loan_repay`` called on each would.

    The same penalty charges, repayments, allocations, journal entries and lines and loan closing
    (``tests/loans/test_bulk.py`` compares both paths), with one audit event per repayment (not the
    service's second one per journal entry). The loans are locked first; a payment whose
    idempotency key was used already (here or earlier in ``payments``) posts nothing, and any
    refused payment refuses them all. Return the repayments created, in order.
    """
    payments = list(payments)
    checker = RepaymentChecker([p.loan for p in payments], lock=True)
    keys = {p.idempotency_key for p in payments if p.idempotency_key}
    used = set(Repayment.objects.filter(idempotency_key__in=keys).values_list("idempotency_key", flat=True))
    played = []
    for payment in payments:
        if payment.idempotency_key and payment.idempotency_key in used:
            continue
        used.add(payment.idempotency_key)
        played.append(checker.check(payment))
    return _write_repayments(played, actor)


def _write_repayments(played, actor):
    PenaltyCharge.objects.bulk_create([
        PenaltyCharge(instalment=instalment, loan=p.loan, amount=amount, charged_on=p.payment.date)
        for p in played for instalment, amount in p.penalties])
    kind = Repayment.Kind.MEMBER
    entries = _journal([
        (_entry(p.payment.date, payment_entry_kind(kind), payment_memo(kind, p.loan.member), p.loan, actor),
         payment_lines(amount=p.payment.amount, held=0, totals=component_totals(p.parts), member=p.loan.member))
        for p in played], _accounts({p.loan.group_id for p in played}))
    repayments = Repayment.objects.bulk_create([
        Repayment(loan=p.loan, group_id=p.loan.group_id, member=p.loan.member, amount=p.payment.amount,
                  value_date=p.payment.date, entry=entry, idempotency_key=p.payment.idempotency_key,
                  created_by=actor) for p, entry in zip(played, entries, strict=True)])
    Allocation.objects.bulk_create([
        Allocation(repayment=r, instalment=instalment, component=component, amount=amount)
        for r, p in zip(repayments, played, strict=True) for instalment, component, amount in p.parts])
    Loan.objects.bulk_update([p.loan for p in played if p.closes], ["status", "closed_on"])
    AuditEvent.objects.bulk_create([
        AuditEvent(actor=actor, action="loans.repay", group_id=r.group_id, object_type=r._meta.label_lower,
                   object_id=str(r.pk), data={"amount": r.amount, "held_as_sukarela": 0}) for r in repayments])
    return repayments
