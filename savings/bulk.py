"""Post many savings movements at once, for seeding years of history.

:func:`bulk_post` writes exactly what calling the services one by one writes — the same
:class:`~savings.models.SavingsTransaction` rows, journal entries and lines (same accounts,
amounts, members, memos, kinds, references) and one audit event per row — but with a handful of
``bulk_create`` calls per batch instead of several queries per movement
(``tests/savings/test_bulk.py`` compares both paths on the same inputs).

It checks what the services check (positive amounts, no future dates, not before she joined,
withdrawals from sukarela only and never beyond the balance, the meeting's group), with two
differences that seeding history needs:

* a member who has since left may have history dated up to her exit day (the seeded members
  carry their exit date already), and her settlement is given as ``exit`` movements of her
  balances on that day;
* balances are carried in the order given, starting from her balance over all existing rows, so
  each member's movements must come in date order and not before her latest existing row.
"""
import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from books.models import Account, JournalEntry, JournalLine
from core.dates import today
from core.money import format_rupiah

from .models import DIRECTION, SavingsKind, SavingsTransaction, TxnType
from .selectors import balances_for_members
from .services import ENTRY_KIND, journal_lines, memo_for

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


def _check(movements):
    """Raise ValidationError for the first movement the services would refuse; nothing is written."""
    members = {m.member.pk: m.member for m in movements}
    balances = balances_for_members(list(members), as_of=datetime.date.max)
    latest = dict(SavingsTransaction.objects.filter(member_id__in=list(members)).values("member_id")
                  .annotate(d=Max("value_date")).order_by().values_list("member_id", "d"))
    on = today()
    for mv in movements:
        member = mv.member
        if mv.type not in BULK_TYPES or mv.kind not in SavingsKind.values:
            raise ValidationError(_("Unknown savings movement."), code="bad_movement")
        if not isinstance(mv.amount, int) or mv.amount <= 0:
            raise ValidationError(_("Enter an amount of at least Rp 1."), code="amount_not_positive")
        if mv.date > on:
            raise ValidationError(_("The date cannot be in the future."), code="future_date")
        if mv.date < member.joined_on:
            raise ValidationError(_("The date is before she joined the group."), code="before_join")
        if member.exited_on is not None and mv.date > member.exited_on:
            raise ValidationError(_("She has left the group; her savings were settled."), code="exited")
        if mv.meeting is not None and mv.meeting.group_id != member.group_id:
            raise ValidationError(_("The meeting belongs to another group."), code="meeting_group")
        if latest.get(member.pk) and mv.date < latest[member.pk]:
            raise ValidationError(_("Give each member's movements in date order."), code="out_of_order")
        latest[member.pk] = mv.date
        if mv.type == TxnType.WITHDRAWAL and mv.kind != SavingsKind.SUKARELA:
            raise ValidationError(_("Only sukarela savings can be withdrawn."), code="not_withdrawable")
        balance = balances[member.pk]
        if DIRECTION[mv.type] < 0 and mv.amount > balance[mv.kind]:
            raise ValidationError(_("Her %(kind)s balance is %(balance)s; she cannot take %(amount)s.") % {
                "kind": SavingsKind(mv.kind).label, "balance": format_rupiah(balance[mv.kind]),
                "amount": format_rupiah(mv.amount)},
                code="insufficient_balance")
        balance[mv.kind] += DIRECTION[mv.type] * mv.amount


def _accounts(group_ids):
    accounts = {}
    for account in Account.objects.filter(group_id__in=group_ids):
        accounts.setdefault(account.group_id, {})[account.key] = account
    return accounts


@transaction.atomic
def bulk_post(movements, *, actor, batch_size=2000):
    """Post ``movements`` (an iterable of :class:`Movement`) as ``actor``; return how many rows were written."""
    movements = list(movements)
    if not movements:
        return 0
    _check(movements)
    accounts = _accounts({mv.member.group_id for mv in movements})
    for start in range(0, len(movements), batch_size):
        _write(movements[start:start + batch_size], accounts, actor)
    return len(movements)


def _write(batch, accounts, actor):
    entries = [
        JournalEntry(group_id=mv.member.group_id, date=mv.date, kind=ENTRY_KIND[mv.type],
                     memo=memo_for(type=mv.type, kind=mv.kind, member=mv.member)[:255],
                     reference=f"exit-{mv.member.pk}" if mv.type == TxnType.EXIT else "", created_by=actor)
        for mv in batch
    ]
    JournalEntry.objects.bulk_create(entries)
    lines = []
    for mv, entry in zip(batch, entries, strict=True):
        group_accounts = accounts[mv.member.group_id]
        lines.extend(
            JournalLine(entry=entry, account=group_accounts[ln.account], debit=ln.debit, credit=ln.credit,
                        member=ln.member)
            for ln in journal_lines(type=mv.type, kind=mv.kind, amount=mv.amount, member=mv.member)
        )
    JournalLine.objects.bulk_create(lines)
    txns = [
        SavingsTransaction(member=mv.member, group_id=mv.member.group_id, kind=mv.kind, type=mv.type,
                           direction=DIRECTION[mv.type], amount=mv.amount, value_date=mv.date, created_by=actor,
                           meeting=mv.meeting, entry=entry, note=mv.note[:255])
        for mv, entry in zip(batch, entries, strict=True)
    ]
    SavingsTransaction.objects.bulk_create(txns)
    AuditEvent.objects.bulk_create([
        AuditEvent(actor=actor, action=f"savings.{txn.type}", group_id=txn.group_id,
                   object_type=SavingsTransaction._meta.label_lower, object_id=str(txn.pk),
                   data={"member": txn.member_id, "kind": txn.kind, "amount": txn.amount,
                         "date": txn.value_date.isoformat(), "entry": txn.entry_id})
        for txn in txns
    ])
