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

The schedule comes from loans.schedule, and every payment (of a new loan or one already
disbursed) is played by ``_Book.pay`` through the very functions ``loan_repay`` calls
(``check_payment``, ``new_penalties``, ``split_member_payment``, ``overpayment_error``) on a
position kept in memory, under the rules version the services would read, so the numbers cannot
drift apart. Covers, reversals, rescheduling and write-off stay with the services (seeds call them for
the few loans that need them).
"""
import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audit.services import Event, audit_record_many, event_for
from books.models import EntryKind
from books.periods import check_open, closed_through_by_group
from books.services import Entry, journal_post_many
from core.dates import today
from core.db import insert_rows
from groups.calendar import due_dates_for
from groups.rules import GroupRules
from groups.selectors import rules_on, rules_versions
from members.services import lock_members

from .models import Allocation, Instalment, Loan, LoanStatus, PenaltyCharge, Repayment, ScheduleVersion
from .positions import InstalmentState, LoanPosition
from .schedule import build_schedule
from .services.common import require_status
from .services.lifecycle import admin_fee_for
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


@dataclass(frozen=True)
class Payment:
    """One of the member's own payments on a disbursed loan: what a call of ``loan_repay`` would get."""

    loan: object
    amount: int
    date: datetime.date
    idempotency_key: str | None = None
    meeting: object = None  # the meeting it was paid at (a sheet), of the loan's group


@dataclass
class PlayedPayment:
    """A checked payment: the penalties it charges first, its allocations and whether it closes the loan."""

    payment: Payment
    loan: object
    penalties: list  # [(Instalment, amount)]
    parts: list  # [(Instalment, component, amount)]
    closes: bool


def _key(instalment):
    """Tell instalments apart before they are saved too: by schedule version and number."""
    return instalment.schedule_id, instalment.number


@dataclass
class _Book:
    """One loan as payments are played on it: its schedules, and what was paid and charged on which dates."""

    loan: object
    schedules: list  # [(start, [Instalment])], newest version first
    paid: list = field(default_factory=list)  # [(instalment key, component, amount, value date, reversed on)]
    penalties: dict = field(default_factory=dict)  # {instalment key: (amount, charged on)}
    latest: datetime.date | None = None  # the latest payment not reversed

    def position(self, day):
        """Return the loan's position at ``day`` as ``loans.positions.loan_position`` reads it from the rows."""
        instalments = next((rows for start, rows in self.schedules if start <= day), [])
        paid = {}
        for key, component, amount, value_date, reversed_on in self.paid:
            if value_date <= day and (reversed_on is None or reversed_on > day):
                paid[(key, component)] = paid.get((key, component), 0) + amount
        states = []
        for i in instalments:
            key = _key(i)
            penalty, charged_on = self.penalties.get(key, (0, None))
            states.append(InstalmentState(i, i.principal, i.interest, penalty if charged_on and charged_on <= day
                                          else 0, paid.get((key, "principal"), 0), paid.get((key, "interest"), 0),
                                          paid.get((key, "penalty"), 0)))
        return LoanPosition(self.loan, day, states)

    def pay(self, payment, rules_versions):
        """Return the :class:`PlayedPayment` of ``payment`` and count it, or raise what ``loan_repay`` would.

        The steps and functions are ``loan_repay``'s: status, dates and amount, penalties charged
        first, the split, the overpayment refused, the loan closed when nothing is left.
        """
        loan, day, amount = self.loan, payment.date, payment.amount
        require_status(loan, LoanStatus.ACTIVE)
        check_payment(loan=loan, amount=amount, date=day, meeting=payment.meeting, latest=self.latest)
        rules = _rules_on(rules_versions, day)
        position = self.position(day)
        penalties = new_penalties(position, day, rules)
        for state, charged in penalties:
            state.penalty_due = charged
        parts, left = split_member_payment(position, amount, day, rules)
        if left:
            raise overpayment_error(amount, left)
        for state, charged in penalties:
            self.penalties[_key(state.instalment)] = (charged, day)
        self.paid += [(_key(state.instalment), component, value, day, None) for state, component, value in parts]
        self.latest = day
        # What is left is what the position (with today's penalties) owed less this payment, all allocated.
        closes = position.remaining_total == amount
        if closes:
            loan.status, loan.closed_on = LoanStatus.CLOSED, day
        return PlayedPayment(payment, loan, [(s.instalment, charged) for s, charged in penalties],
                             [(s.instalment, component, value) for s, component, value in parts], closes)


def _rules_on(versions, day):
    """Return the rules version in force on ``day`` from ``versions`` (newest first), or refuse."""
    rules = rules_on(versions, day)
    if rules is not None:
        return rules
    raise ValidationError(_("The group has no rules in force on %(date)s.") % {
            "date": date_format(day)}, code="no_rules")


def _play(plan, rules_versions, actor=None, group=None):
    """Return (loan, schedule, [PlayedPayment]) for ``plan``: the loan and its rows unsaved, or refuse it.

    ``group`` is the member's group (its calendar gives the due dates), read from her when not given.
    """
    if plan.date > today():
        raise ValidationError(_("The date cannot be in the future."), code="future_date")
    rules = _rules_on(rules_versions, plan.date)
    if plan.term not in rules.allowed_terms:
        raise ValidationError(_("The group's rules allow terms of %(terms)s months.") % {
            "terms": ", ".join(str(t) for t in rules.allowed_terms)}, code="bad_term")
    loan = Loan(group_id=plan.member.group_id, member=plan.member, amount=plan.amount, term=plan.term,
                purpose=plan.purpose, business=plan.business, applied_on=plan.date, decided_on=plan.date,
                agreed_by=plan.agreed_by, decided_by=actor, created_by=actor, disbursed_on=plan.date,
                status=LoanStatus.ACTIVE, rules=rules, method=rules.loan_interest_method,
                rate=rules.loan_interest_rate, admin_fee=admin_fee_for(rules, plan.amount))
    schedule = ScheduleVersion(loan=loan, version=1, start=plan.date, principal=plan.amount, term=plan.term,
                               created_by=actor)
    lines = build_schedule(principal=plan.amount, rate=rules.loan_interest_rate, term=plan.term,
                           method=rules.loan_interest_method, rounding=rules.loan_rounding,
                           due_dates=due_dates_for(group or plan.member.group, rules, start=plan.date,
                                                   count=plan.term)).lines
    book = _Book(loan, [(plan.date, [Instalment(loan=loan, number=ln.number, due_date=ln.due_date,
                                                principal=ln.principal, interest=ln.interest) for ln in lines])])
    played = [book.pay(Payment(loan, amount, day), rules_versions) for day, amount in plan.payments]
    return loan, schedule, book, played


def remaining_after(plan, rules_versions, group=None):
    """Return what the loan of ``plan`` still owes (penalties included) after its payments."""
    _loan, _schedule, book, _played = _play(plan, rules_versions, group=group)
    return book.position(datetime.date.max).remaining_total


class RepaymentChecker:
    """Check payments one at a time as ``loan_repay`` would, each after the rows posted and the payments before it.

    :meth:`check` raises the service's own ValidationError (same fields, messages and codes) and
    leaves the state as it was; a payment that passes counts for the next ones. ``imports`` uses
    it to name every refused row of a file; :func:`bulk_post_repayments` to refuse a batch at its
    first bad payment. About seven queries, however many loans and payments.
    """

    def __init__(self, loans, *, lock=False):
        rows = Loan.objects.filter(pk__in={loan.pk for loan in loans}).select_related("member").order_by("pk")
        if lock:
            lock_members({loan.member_id for loan in loans})  # members, then loans: the services' lock order
            rows = rows.select_for_update(of=("self",))
        self.books = {loan.pk: _Book(loan, []) for loan in rows}
        self.versions = rules_versions({b.loan.group_id for b in self.books.values()})
        self.closed = closed_through_by_group({b.loan.group_id for b in self.books.values()})
        instalments = {}
        for i in Instalment.objects.filter(loan__in=list(self.books)).order_by("number"):
            instalments.setdefault(i.schedule_id, []).append(i)
        for sv in ScheduleVersion.objects.filter(loan__in=list(self.books)).order_by("-version"):
            self.books[sv.loan_id].schedules.append((sv.start, instalments.get(sv.pk, [])))
        for loan_id, *paid in Allocation.objects.filter(repayment__loan__in=list(self.books)).values_list(
                "repayment__loan_id", "instalment__schedule_id", "instalment__number", "component", "amount",
                "repayment__value_date", "repayment__reversal__date"):
            schedule_id, number, *rest = paid
            self.books[loan_id].paid.append(((schedule_id, number), *rest))
        for loan_id, schedule_id, number, amount, charged_on in PenaltyCharge.objects.filter(
                loan__in=list(self.books)).values_list("loan_id", "instalment__schedule_id", "instalment__number",
                                                       "amount", "charged_on"):
            self.books[loan_id].penalties[(schedule_id, number)] = (amount, charged_on)
        for loan_id, latest in (Repayment.objects.filter(loan__in=list(self.books), reversal__isnull=True)
                                .values("loan_id").annotate(d=Max("value_date")).order_by()
                                .values_list("loan_id", "d")):
            self.books[loan_id].latest = latest

    def check(self, payment):
        """Return the :class:`PlayedPayment` of ``payment``, or raise what ``loan_repay`` would."""
        book = self.books[payment.loan.pk]
        check_open(payment.date, self.closed.get(book.loan.group_id), field="date")
        return book.pay(payment, self.versions.get(book.loan.group_id, []))


@transaction.atomic
def bulk_post_loans(*, group, plans, actor, batch_size=500):
    """Post ``plans`` (LoanPlan, members of ``group``) and return the loans created, in order."""
    versions = list(GroupRules.objects.filter(group=group).order_by("-effective_from"))
    created = []
    for start in range(0, len(plans), batch_size):
        created += _write_loans([_play(p, versions, actor, group) for p in plans[start:start + batch_size]], actor)
    return created


@transaction.atomic
def bulk_post_repayments(*, payments, actor, refused=None):
    """Post ``payments`` (:class:`Payment`, in date order per loan) as ``loan_repay`` called on each would.

    The same penalty charges, repayments, allocations, journal entries and lines and loan closing
    (``tests/loans/test_bulk.py`` compares both paths), with one audit event per repayment (not the
    service's second one per journal entry). The loans are locked first; a payment whose
    idempotency key was used already (here or earlier in ``payments``) posts nothing, and any
    refused payment refuses them all: its ValidationError is raised, or with ``refused`` given,
    ``refused(payment, error)`` is called for each refused payment and nothing is posted (a meeting
    sheet names every refused cell). Return the repayments created, in order.
    """
    payments = list(payments)
    checker = RepaymentChecker([p.loan for p in payments], lock=True)
    keys = {p.idempotency_key for p in payments if p.idempotency_key}
    used = set(Repayment.objects.filter(idempotency_key__in=keys).values_list("idempotency_key", flat=True))
    played, any_refused = [], False
    for payment in payments:
        if payment.idempotency_key and payment.idempotency_key in used:
            continue
        used.add(payment.idempotency_key)
        try:
            played.append(checker.check(payment))
        except ValidationError as error:
            if refused is None:
                raise
            refused(payment, error)
            any_refused = True
    if any_refused:
        return []
    ids = _write_repayments(played, actor)
    return list(Repayment.objects.filter(pk__in=ids).order_by("pk"))


def _entry(date, kind, memo, loan, lines):
    return Entry(loan.group_id, date, kind, lines, memo, f"loan:{loan.pk}")


def _write_loans(played_loans, actor):
    """Write the loans of ``played_loans`` (from :func:`_play`), disbursed, with their schedules and payments."""
    loans = [loan for loan, *_rest in played_loans]
    final = [(loan.status, loan.closed_on, loan.disbursed_on) for loan in loans]
    for loan in loans:  # approved first: a disbursed loan needs its entry, which needs the loan's id
        loan.status, loan.closed_on, loan.disbursed_on = LoanStatus.APPROVED, None, None
    Loan.objects.bulk_create(loans)
    entry_ids = journal_post_many([
        _entry(day, EntryKind.LOAN_DISBURSEMENT, disbursement_memo(loan.member), loan,
               disbursement_lines(amount=loan.amount, fee=loan.admin_fee, deducted=loan.rules.loan_admin_fee_deducted,
                                  member=loan.member)) for loan, (_s, _c, day) in zip(loans, final, strict=True)],
        actor=actor, audit=False)
    for loan, entry_id, (status, closed_on, day) in zip(loans, entry_ids, final, strict=True):
        loan.status, loan.closed_on, loan.disbursed_on, loan.disbursement_entry_id = status, closed_on, day, entry_id
    Loan.objects.bulk_update(loans, ["status", "closed_on", "disbursed_on", "disbursement_entry"])
    schedules = ScheduleVersion.objects.bulk_create([schedule for _loan, schedule, _book, _p in played_loans])
    instalments = [(i, loan.pk, schedule.pk) for (loan, _schedule, book, _p), schedule
                   in zip(played_loans, schedules, strict=True) for i in book.schedules[0][1]]
    ops = connection.ops
    ids = insert_rows(Instalment, ["schedule_id", "loan_id", "number", "due_date", "principal", "interest"], [
        (schedule_id, loan_id, i.number, ops.adapt_datefield_value(i.due_date), i.principal, i.interest)
        for i, loan_id, schedule_id in instalments], returning=True)
    for (i, _loan_id, _schedule_id), pk in zip(instalments, ids, strict=True):
        i.pk = pk  # the allocations and penalty charges name it
    _write_repayments([p for *_rest, played in played_loans for p in played], actor)
    audit_record_many([event_for("loans.bulk_disburse", loan, group_id=loan.group_id,
                                 data={"amount": loan.amount, "fee": loan.admin_fee}) for loan in loans], actor=actor)
    return loans


def _write_repayments(played, actor):
    """Write the penalty charges, repayments, entries and allocations of ``played``; return the repayments' ids.

    Multi-row INSERTs of plain values (``core.db.insert_rows``): years of seeded payments are
    tens of thousands of rows, and a model instance per row cost more than the database's work.
    """
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    insert_rows(PenaltyCharge, ["instalment_id", "loan_id", "amount", "charged_on"], [
        (instalment.pk, p.loan.pk, amount, ops.adapt_datefield_value(p.payment.date))
        for p in played for instalment, amount in p.penalties])
    kind = Repayment.Kind.MEMBER
    entry_ids = journal_post_many([
        _entry(p.payment.date, payment_entry_kind(kind), payment_memo(kind, p.loan.member), p.loan,
               payment_lines(amount=p.payment.amount, held=0, totals=component_totals(p.parts), member=p.loan.member))
        for p in played], actor=actor, audit=False)
    ids = insert_rows(Repayment, REPAYMENT_COLUMNS, [
        (p.loan.pk, p.loan.group_id, p.loan.member_id, str(kind), None, p.payment.amount, 0,
         ops.adapt_datefield_value(p.payment.date), p.payment.meeting.pk if p.payment.meeting else None, entry_id,
         p.payment.idempotency_key, actor.pk, now)
        for p, entry_id in zip(played, entry_ids, strict=True)], returning=True)
    insert_rows(Allocation, ["repayment_id", "instalment_id", "component", "amount"], [
        (pk, instalment.pk, str(component), amount)
        for pk, p in zip(ids, played, strict=True) for instalment, component, amount in p.parts])
    Loan.objects.bulk_update([p.loan for p in played if p.closes], ["status", "closed_on"])
    label = Repayment._meta.label_lower
    audit_record_many([Event("loans.repay", label, pk, p.loan.group_id, {"amount": p.payment.amount,
                                                                        "held_as_sukarela": 0})
                       for pk, p in zip(ids, played, strict=True)], actor=actor)
    return ids


REPAYMENT_COLUMNS = ["loan_id", "group_id", "member_id", "kind", "coverer_id", "amount", "held_as_sukarela",
                     "value_date", "meeting_id", "entry_id", "idempotency_key", "created_by_id", "created_at"]
