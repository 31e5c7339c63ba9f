"""Post many savings movements at once, for seeding years of history.

:func:`bulk_post` writes exactly what calling the services one by one writes — the same
:class:`~savings.models.SavingsTransaction` rows, journal entries and lines (same accounts,
amounts, members, memos, kinds, references) and one audit event per row — but with a handful of
``bulk_create`` calls per batch instead of several queries per movement
(``tests/savings/test_bulk.py`` compares both paths on the same inputs). About 5 rows a
movement (row, entry, two lines, audit event): the entries through ``books.services.journal_post_many``,
the events through ``audit.services.audit_record_many``; ``manage.py bench_savings_bulk`` prints the speed.

It checks what the services check (positive amounts, no future dates, not before she joined,
withdrawals from sukarela only and never beyond the balance, pokok never beyond what is due,
the meeting's group). A withdrawal may be back-dated like in the services: it may not make her
balance negative on its date nor on any later date. One difference serves seeding history: a
member who has since left may have history dated up to her exit day (the seeded members carry
their exit date already), and her settlement is given as ``exit`` movements of her balances on
that day; once settled, nothing more is posted for her.

Like the services, the caller locks the members' rows first when others may post at the same
time (a meeting sheet does); the seeding runs alone.
"""
import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import Event, audit_record_many
from books.periods import check_open, closed_through_by_group
from books.services import Entry, accounts_by_group, journal_post_many
from core.dates import today
from core.db import insert_rows
from core.money import format_rupiah
from groups.selectors import rules_versions

from .models import DIRECTION, SavingsKind, SavingsTransaction, TxnType
from .selectors import SIGNED, balances_for_members, pokok_due_for
from .services import ENTRY_KIND, journal_lines, memo_for, pokok_message

BULK_TYPES = (TxnType.DEPOSIT, TxnType.WITHDRAWAL, TxnType.INTEREST, TxnType.EXIT)


@dataclass(frozen=True)
class Movement:
    """One savings movement to post: what a call of the matching service would get."""

    member: object
    kind: str
    type: str
    amount: int
    date: datetime.date
    meeting: object = None
    note: str = ""
    idempotency_key: str | None = None  # unique over every savings row: a movement imported twice is refused


class MovementChecker:
    """Check movements one at a time, each against the rows already posted and the movements checked before it.

    :meth:`check` raises ValidationError for what the services would refuse and leaves the state
    as it was; a movement that passes counts for the next ones. ``imports`` uses it to name every
    refused row of a file; :func:`bulk_post` to refuse a batch at its first bad movement.
    """

    def __init__(self, members):
        members = {m.pk: m for m in members}
        self.balances = balances_for_members(list(members), as_of=datetime.date.max)
        self.latest = dict(SavingsTransaction.objects.filter(member_id__in=list(members)).values("member_id")
                           .annotate(d=Max("value_date")).order_by().values_list("member_id", "d"))
        self.versions = rules_versions({m.group_id for m in members.values()})
        self.posted = {pk: [] for pk in members}
        self.settled = set(SavingsTransaction.objects.filter(member_id__in=list(members), type=TxnType.EXIT)
                           .values_list("member_id", flat=True))
        self.closed = closed_through_by_group({m.group_id for m in members.values()})
        self.on = today()

    def check(self, mv):
        member = mv.member
        if mv.type not in BULK_TYPES or mv.kind not in SavingsKind.values:
            raise ValidationError(_("Unknown savings movement."), code="bad_movement")
        if isinstance(mv.amount, bool) or not isinstance(mv.amount, int) or mv.amount <= 0:
            raise ValidationError(_("Enter an amount of at least Rp 1."), code="amount_not_positive")
        if mv.date > self.on:
            raise ValidationError(_("The date cannot be in the future."), code="future_date")
        if mv.date < member.joined_on:
            raise ValidationError(_("The date is before she joined the group."), code="before_join")
        check_open(mv.date, self.closed.get(member.group_id))
        settled_before = member.pk in self.settled and mv.type != TxnType.EXIT  # her exit is one row per kind
        if settled_before or (member.exited_on is not None and mv.date > member.exited_on):
            raise ValidationError(_("She has left the group; her savings were settled."), code="exited")
        if mv.meeting is not None and mv.meeting.group_id != member.group_id:
            raise ValidationError(_("The meeting belongs to another group."), code="meeting_group")
        if mv.type == TxnType.WITHDRAWAL and mv.kind != SavingsKind.SUKARELA:
            raise ValidationError(_("Only sukarela savings can be withdrawn."), code="not_withdrawable")
        balance = self.balances[member.pk]
        if mv.kind == SavingsKind.POKOK and mv.type == TxnType.DEPOSIT:
            owing = max(pokok_due_for(member, self.versions.get(member.group_id, [])) - balance[mv.kind], 0)
            if mv.amount > owing:
                raise ValidationError(pokok_message(owing), code="pokok_beyond_due")
        if DIRECTION[mv.type] < 0:
            # With nothing dated after it, her balance over every row is her balance on its date and
            # after; otherwise walk her rows of that kind (the rare back-dated case).
            latest = self.latest.get(member.pk)
            back_dated = latest is not None and mv.date < latest
            available = (_lowest_from(member, mv.kind, mv.date, self.posted[member.pk]) if back_dated
                         else balance[mv.kind])
            if mv.amount > available:
                raise ValidationError(_("Her %(kind)s balance is %(balance)s; she cannot take %(amount)s.") % {
                    "kind": SavingsKind(mv.kind).label, "balance": format_rupiah(available),
                    "amount": format_rupiah(mv.amount)}, code="insufficient_balance")
        balance[mv.kind] += DIRECTION[mv.type] * mv.amount
        self.posted[member.pk].append((mv.kind, mv.date, DIRECTION[mv.type] * mv.amount))
        if mv.type == TxnType.EXIT:
            self.settled.add(member.pk)
        self.latest[member.pk] = max(self.latest.get(member.pk) or mv.date, mv.date)


def _check(movements):
    """Raise ValidationError for the first movement the services would refuse; nothing is written."""
    checker = MovementChecker({m.member.pk: m.member for m in movements}.values())
    for mv in movements:
        checker.check(mv)


def _lowest_from(member, kind, date, earlier_in_batch):
    """Return her lowest balance of ``kind`` on ``date`` or later, over her rows and this batch's movements."""
    events = list(SavingsTransaction.objects.filter(member=member, kind=kind).values_list("value_date", SIGNED))
    events += [(day, signed) for k, day, signed in earlier_in_batch if k == kind]
    events.sort(key=lambda e: e[0])
    balance = sum(signed for day, signed in events if day <= date)
    lowest = balance
    for day, signed in events:
        if day > date:
            balance += signed
            lowest = min(lowest, balance)
    return lowest


@transaction.atomic
def bulk_post(movements, *, actor):
    """Post ``movements`` (an iterable of :class:`Movement`) as ``actor``; return how many were posted."""
    movements = list(movements)
    if not movements:
        return 0
    _check(movements)
    accounts = accounts_by_group({mv.member.group_id for mv in movements})
    for start in range(0, len(movements), BATCH):
        _write(movements[start:start + BATCH], accounts, actor)
    return len(movements)


# Movements per round of inserts: big enough that round trips do not matter, small enough to stay in memory.
BATCH = 5000


def _write(batch, accounts, actor):
    memos = {}
    entries = []
    for mv in batch:
        key = (mv.type, mv.kind, mv.member.pk)
        if key not in memos:
            memos[key] = memo_for(type=mv.type, kind=mv.kind, member=mv.member)[:255]
        entries.append(Entry(mv.member.group_id, mv.date, ENTRY_KIND[mv.type],
                             journal_lines(type=mv.type, kind=mv.kind, amount=mv.amount, member=mv.member),
                             memos[key], f"exit-{mv.member.pk}" if mv.type == TxnType.EXIT else ""))
    entry_ids = journal_post_many(entries, actor=actor, accounts=accounts, audit=False)
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    txn_rows = [
        (mv.member.pk, mv.member.group_id, str(mv.kind), str(mv.type), DIRECTION[mv.type], mv.amount,
         ops.adapt_datefield_value(mv.date), now, actor.pk, mv.meeting.pk if mv.meeting else None, entry_id,
         None, "", mv.note[:255], mv.idempotency_key)
        for mv, entry_id in zip(batch, entry_ids, strict=True)
    ]
    txn_ids = insert_rows(SavingsTransaction, [
        "member_id", "group_id", "kind", "type", "direction", "amount", "value_date", "created_at", "created_by_id",
        "meeting_id", "entry_id", "reverses_id", "reason", "note", "idempotency_key"], txn_rows, returning=True)
    label = SavingsTransaction._meta.label_lower
    audit_record_many([
        Event(f"savings.{mv.type}", label, txn_id, mv.member.group_id,
              {"member": mv.member.pk, "kind": str(mv.kind), "amount": mv.amount, "date": mv.date.isoformat(),
               "entry": entry_id})
        for mv, txn_id, entry_id in zip(batch, txn_ids, entry_ids, strict=True)], actor=actor)
