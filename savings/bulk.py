"""Post many savings movements at once, for seeding years of history.

:func:`bulk_post` writes exactly what calling the services one by one writes — the same
:class:`~savings.models.SavingsTransaction` rows, journal entries and lines (same accounts,
amounts, members, memos, kinds, references) and one audit event per row — but with a handful of
``bulk_create`` calls per batch instead of several queries per movement
(``tests/savings/test_bulk.py`` compares both paths on the same inputs). About 5 rows a
movement (row, entry, two lines, audit event); ``manage.py bench_savings_bulk`` prints the speed.

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
import json
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from books.models import Account, JournalEntry, JournalLine
from books.periods import check_open, closed_through_by_group
from core.dates import today
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
    idempotency_key: str = None  # unique over every savings row: a movement imported twice is refused


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


def _accounts(group_ids):
    accounts = {}
    for key, group_id, pk in Account.objects.filter(group_id__in=group_ids).values_list("key", "group_id", "pk"):
        accounts.setdefault(group_id, {})[key] = pk
    return accounts


@transaction.atomic
def bulk_post(movements, *, actor):
    """Post ``movements`` (an iterable of :class:`Movement`) as ``actor``; return how many were posted."""
    movements = list(movements)
    if not movements:
        return 0
    _check(movements)
    accounts = _accounts({mv.member.group_id for mv in movements})
    for start in range(0, len(movements), BATCH):
        _write(movements[start:start + BATCH], accounts, actor)
    return len(movements)


# Movements per round of inserts: big enough that round trips do not matter, small enough to stay in memory.
BATCH = 5000


def _insert(model, columns, rows, *, returning=False):
    """Insert ``rows`` (tuples in ``columns`` order) into ``model``'s table with multi-row INSERTs.

    Plain SQL rather than ``bulk_create``: building a model instance per row costs more than the
    database's own work, and years of history for every group are millions of rows. Values are
    already adapted for the database by the caller. With ``returning``, return the new ids in
    the order of ``rows`` (as ``bulk_create`` does, on PostgreSQL and SQLite alike).
    """
    ops = connection.ops
    table = ops.quote_name(model._meta.db_table)
    names = ", ".join(ops.quote_name(c) for c in columns)
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    per_statement = max(1, min(1000, MAX_PARAMS[connection.vendor] // len(columns)))
    ids = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start:start + per_statement]
            # Names come from the model's metadata, values are parameters: nothing from a user.
            sql = f"INSERT INTO {table} ({names}) VALUES {', '.join([one] * len(chunk))}"  # noqa: S608
            params = [value for row in chunk for value in row]
            if returning:
                cursor.execute(sql + f" RETURNING {ops.quote_name('id')}", params)
                ids.extend(r[0] for r in cursor.fetchall())
            else:
                cursor.execute(sql, params)
    return ids


MAX_PARAMS = {"sqlite": 999, "postgresql": 30000}


def _write(batch, accounts, actor):
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    memos = {}
    entry_rows = []
    for mv in batch:
        key = (mv.type, mv.kind, mv.member.pk)
        if key not in memos:
            memos[key] = memo_for(type=mv.type, kind=mv.kind, member=mv.member)[:255]
        entry_rows.append((mv.member.group_id, ops.adapt_datefield_value(mv.date), str(ENTRY_KIND[mv.type]),
                           memos[key], f"exit-{mv.member.pk}" if mv.type == TxnType.EXIT else "", now,
                           actor.pk, None, ""))
    entry_ids = _insert(JournalEntry, ["group_id", "date", "kind", "memo", "reference", "created_at",
                                       "created_by_id", "reverses_id", "reason"], entry_rows, returning=True)
    line_rows = []
    for mv, entry_id in zip(batch, entry_ids, strict=True):
        group_accounts = accounts[mv.member.group_id]
        line_rows.extend(
            (entry_id, group_accounts[ln.account], ln.debit, ln.credit, ln.member.pk if ln.member else None)
            for ln in journal_lines(type=mv.type, kind=mv.kind, amount=mv.amount, member=mv.member)
        )
    line_rows.sort(key=lambda row: (row[1], row[0]))  # account order, as journal_post (month totals' row locks)
    _insert(JournalLine, ["entry_id", "account_id", "debit", "credit", "member_id"], line_rows)
    txn_rows = [
        (mv.member.pk, mv.member.group_id, str(mv.kind), str(mv.type), DIRECTION[mv.type], mv.amount,
         ops.adapt_datefield_value(mv.date), now, actor.pk, mv.meeting.pk if mv.meeting else None, entry_id,
         None, "", mv.note[:255], mv.idempotency_key)
        for mv, entry_id in zip(batch, entry_ids, strict=True)
    ]
    txn_ids = _insert(SavingsTransaction, [
        "member_id", "group_id", "kind", "type", "direction", "amount", "value_date", "created_at", "created_by_id",
        "meeting_id", "entry_id", "reverses_id", "reason", "note", "idempotency_key"], txn_rows, returning=True)
    label = SavingsTransaction._meta.label_lower
    _insert(AuditEvent, ["created_at", "actor_id", "action", "group_id", "object_type", "object_id", "data"], [
        (now, actor.pk, f"savings.{mv.type}", mv.member.group_id, label, str(txn_id),
         json.dumps({"member": mv.member.pk, "kind": str(mv.kind), "amount": mv.amount,
                     "date": mv.date.isoformat(), "entry": entry_id}))
        for mv, txn_id, entry_id in zip(batch, txn_ids, entry_ids, strict=True)
    ])
