"""Writes for savings: the only functions that move a member's savings.

Each one runs in one transaction, locks the member's row before reading balances (so two
withdrawals racing on PostgreSQL are serialised and the second sees the first), writes the
:class:`~savings.models.SavingsTransaction` rows with their balanced journal entries and records
an audit event per row.
"""
import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from audit.services import Event, audit_record, audit_record_many
from books.models import EntryKind
from books.periods import check_open, closed_message, closed_through, closed_through_by_group
from books.services import (
    Entry,
    Line,
    accounts_by_key,
    credit,
    debit,
    journal_post,
    journal_post_many,
    journal_reverse,
)
from core.dates import today
from core.idempotency import idempotent
from core.inputs import check_date, field_error
from core.money import format_rupiah
from groups.models import Group
from groups.rules import GroupRules
from groups.selectors import rules_for
from members.models import Member
from members.services import lock_members

from .interest import interest_for_group, period_months
from .models import DIRECTION, SavingsKind, SavingsTransaction, TxnType
from .selectors import (
    existing_openings,
    first_row_dates,
    lowest_balance_from,
    opening_key,
    pokok_owing,
)

if TYPE_CHECKING:
    from accounts.models import User

ENTRY_KIND: dict[str, str] = {
    TxnType.DEPOSIT: EntryKind.SAVINGS_DEPOSIT,
    TxnType.WITHDRAWAL: EntryKind.SAVINGS_WITHDRAWAL,
    TxnType.INTEREST: EntryKind.SAVINGS_INTEREST,
    TxnType.EXIT: EntryKind.EXIT_SETTLEMENT,
    TxnType.OPENING: EntryKind.OPENING,
    TxnType.SHU: EntryKind.SHU_DISTRIBUTION,
}


def account_key(kind: str) -> str:
    return f"savings_{kind}"


def journal_lines(*, type: str, kind: str, amount: int, member: Member) -> list[Line]:
    """Return the journal lines of one savings movement (the bulk path uses the same lines)."""
    savings = account_key(kind)
    if type == TxnType.DEPOSIT:
        return [debit("cash", amount), credit(savings, amount, member)]
    if type == TxnType.INTEREST:
        return [debit("savings_interest_expense", amount), credit(savings, amount, member)]
    if type == TxnType.OPENING:
        # The balance was paid in before the cut-over: it comes in as the group's opening equity, not as cash.
        return [debit("opening_equity", amount), credit(savings, amount, member)]
    if type == TxnType.SHU:
        # Her share of the year's surplus, out of the SHU the year end closed into "SHU belum dibagi".
        return [debit("retained_surplus", amount), credit(savings, amount, member)]
    return [debit(savings, amount, member), credit("cash", amount)]


def memo_for(*, type: str, kind: str, member: Member) -> str:
    return f"{TxnType(type).label} {SavingsKind(kind).label}: {member.code} {member.full_name}"


def check_new_movement(*, member: Member, kind: str, amount: int, date: datetime.date) -> None:
    """Refuse what no savings movement may be: a non-positive amount, a future date, a non-member."""
    if kind not in SavingsKind.values:
        raise ValidationError(_("Choose pokok, wajib or sukarela."), code="bad_kind")
    if not isinstance(amount, int) or amount <= 0:
        raise field_error("amount", _("Enter an amount of at least Rp 1."), "amount_not_positive")
    if date > today():
        raise field_error("date", _("The date cannot be in the future."), "future_date")
    check_date(date)
    if date < member.joined_on:
        raise field_error("date", _("The date is before she joined the group."), "before_join")
    if member.exited_on is not None:
        raise ValidationError(_("She has left the group; her savings were settled."), code="exited")


def _lock_member(member: Member) -> Member:
    return Member.objects.select_for_update().get(pk=member.pk)


def _existing(idempotency_key: str | None) -> SavingsTransaction | None:
    if idempotency_key is None:
        return None
    return SavingsTransaction.objects.filter(idempotency_key=idempotency_key).first()


def _post(*, member: Member, kind: str, type: str, amount: int, date: datetime.date, actor: "User",
          meeting: Any = None, note: str = "", idempotency_key: str | None = None,
          reverses: SavingsTransaction | None = None, reason: str = "", direction: int | None = None,
          accounts: dict[str, Any] | None = None, reference: str = "") -> SavingsTransaction:
    """Post one row and its journal entry; with a used ``idempotency_key`` return the first row instead."""
    direction = direction if direction is not None else DIRECTION[type]
    try:
        with transaction.atomic():
            if reverses is not None:
                # The books' own reversal: mirrored lines, linked to the original entry, with the reason.
                entry = journal_reverse(entry=reverses.entry, actor=actor, reason=reason, date=date)
            else:
                entry = journal_post(group=member.group, date=date, kind=ENTRY_KIND[type], actor=actor,
                                     lines=journal_lines(type=type, kind=kind, amount=amount, member=member),
                                     memo=memo_for(type=type, kind=kind, member=member), reference=reference,
                                     accounts=accounts, audit=False)
            txn = SavingsTransaction.objects.create(
                member=member, group_id=member.group_id, kind=kind, type=type, direction=direction,
                amount=amount, value_date=date, created_by=actor, meeting=meeting, entry=entry,
                reverses=reverses, reason=reason, note=note[:255], idempotency_key=idempotency_key,
            )
    except IntegrityError:
        existing = _existing(idempotency_key)
        if existing is None:
            raise
        return existing
    audit_record(actor=actor, action=f"savings.{type}", obj=txn, group=member.group,
                 data={"member": member.pk, "kind": kind, "amount": amount, "date": date.isoformat(),
                       "entry": entry.pk})
    return txn


def _check_meeting(meeting: Any, member: Member) -> None:
    if meeting is not None and meeting.group_id != member.group_id:
        raise ValidationError(_("The meeting belongs to another group."), code="meeting_group")


@transaction.atomic
def savings_deposit(*, member: Member, kind: str, amount: int, date: datetime.date, actor: "User",
                    meeting: Any = None, note: str = "",
                    idempotency_key: str | None = None) -> SavingsTransaction:
    """Record a deposit of ``amount`` Rupiah of ``kind`` savings (Dr cash / Cr savings of that kind).

    Pokok may be paid in parts but never beyond the amount due on joining; wajib may be paid ahead.
    """
    existing = _existing(idempotency_key)
    if existing is not None:
        return existing
    member = _lock_member(member)
    check_new_movement(member=member, kind=kind, amount=amount, date=date)
    _check_meeting(meeting, member)
    if kind == SavingsKind.POKOK:
        _refuse_pokok_beyond_due(member=member, amount=amount)
    return _post(member=member, kind=kind, type=TxnType.DEPOSIT, amount=amount, date=date, actor=actor,
                 meeting=meeting, note=note, idempotency_key=idempotency_key)


def pokok_message(owing: int) -> str:
    if owing == 0:
        return _("Her simpanan pokok is fully paid; it is paid once.")
    return _("Simpanan pokok is paid once; she still owes %(owing)s.") % {"owing": format_rupiah(owing)}


def _refuse_pokok_beyond_due(*, member: Member, amount: int) -> None:
    """Simpanan pokok is paid once, at the amount of the rules in force when she joined."""
    owing = pokok_owing(member)
    if amount > owing:
        raise field_error("amount", pokok_message(owing), "pokok_beyond_due")


def _refuse_overdraw(*, member: Member, kind: str, amount: int, date: datetime.date) -> None:
    """Refuse taking ``amount`` on ``date`` if her balance would fall below zero then or on any later date."""
    lowest = lowest_balance_from(member, kind=kind, date=date)
    if amount > lowest:
        raise field_error("amount", _("Her %(kind)s balance is %(balance)s; she cannot take %(amount)s.") % {
            "kind": SavingsKind(kind).label, "balance": format_rupiah(lowest), "amount": format_rupiah(amount)},
            "insufficient_balance")


@transaction.atomic
def savings_withdraw(*, member: Member, amount: int, date: datetime.date, actor: "User", meeting: Any = None,
                     note: str = "", idempotency_key: str | None = None) -> SavingsTransaction:
    """Pay out ``amount`` of her sukarela savings (Dr savings_sukarela / Cr cash).

    Pokok and wajib are not withdrawable while she is a member (they come back at exit). The
    amount may not exceed her sukarela balance on ``date`` nor on any later date (a back-dated
    withdrawal cannot make a later balance negative).
    """
    existing = _existing(idempotency_key)
    if existing is not None:
        return existing
    member = _lock_member(member)
    check_new_movement(member=member, kind=SavingsKind.SUKARELA, amount=amount, date=date)
    _check_meeting(meeting, member)
    _refuse_overdraw(member=member, kind=SavingsKind.SUKARELA, amount=amount, date=date)
    return _post(member=member, kind=SavingsKind.SUKARELA, type=TxnType.WITHDRAWAL, amount=amount, date=date,
                 actor=actor, meeting=meeting, note=note, idempotency_key=idempotency_key)


@idempotent("savings.reverse")
@transaction.atomic
def savings_reverse(*, txn: SavingsTransaction, actor: "User", reason: str) -> SavingsTransaction:
    """Correct a mistaken row with its mirror image, dated the same value date, linked to it.

    The reversal takes the same value date as the original so that every balance as of any date
    reads as if the mistake had not happened; both rows stay visible in the history and in the
    books. Exit settlements and reversals cannot be reversed; a reversal that would leave a
    negative balance (a deposit already withdrawn) is refused.
    """
    reason = (reason or "").strip()
    if not reason:
        raise field_error("reason", _("Give the reason for the reversal."), "reason_required")
    member = _lock_member(txn.member)
    txn = SavingsTransaction.objects.select_for_update().get(pk=txn.pk)
    if txn.type == TxnType.REVERSAL:
        raise ValidationError(_("A reversal cannot itself be reversed; record a new transaction."),
                              code="reverse_reversal")
    if txn.type == TxnType.EXIT:
        raise ValidationError(_("An exit settlement cannot be reversed."), code="reverse_exit")
    if txn.type == TxnType.SHU:
        raise ValidationError(_("An SHU share is undone only with the reversal of its year end, for every member."),
                              code="reverse_shu")
    if SavingsTransaction.objects.filter(reverses=txn).exists():
        raise ValidationError(_("This transaction has already been reversed."), code="already_reversed")
    if member.exited_on is not None:
        raise ValidationError(_("She has left the group; her savings were settled."), code="exited")
    if txn.direction > 0:
        _refuse_overdraw(member=member, kind=txn.kind, amount=txn.amount, date=txn.value_date)
    return _post(member=member, kind=txn.kind, type=TxnType.REVERSAL, amount=txn.amount, date=txn.value_date,
                 actor=actor, meeting=None, reverses=txn, reason=reason[:255], direction=-txn.direction)


@idempotent("savings.credit_interest")
@transaction.atomic
def savings_credit_interest(*, group: Group, period_end: datetime.date,
                            actor: "User") -> list[SavingsTransaction]:
    """Credit sukarela interest (jasa simpanan) for the period ending on ``period_end``; return the rows.

    The rules in force on ``period_end`` decide the rate, the schedule (the month, or the twelve
    months, ending on ``period_end``, which must be a month's last day) and the basis (see
    :func:`savings.interest.interest_for_group`). Each member's interest is posted as Dr
    savings_interest_expense / Cr savings_sukarela, value date ``period_end``. A period in which
    interest was already credited (and not reversed) is refused, so periods never overlap.
    """
    group = Group.objects.select_for_update().get(pk=group.pk)
    if period_end > today():
        raise field_error("period_end", _("The period has not ended yet."), "future_date")
    check_date(period_end, field="period_end")
    rules = rules_for(group, period_end)
    schedule = rules.sukarela_interest_schedule if rules else GroupRules.InterestSchedule.MONTHLY
    first_month = period_months(period_end, schedule)[0]
    already = SavingsTransaction.objects.filter(group=group, type=TxnType.INTEREST, reversed_by__isnull=True,
                                                value_date__gte=first_month, value_date__lte=period_end)
    if already.exists():
        raise ValidationError(_("Interest for this period has already been credited."), code="already_credited")
    amounts = interest_for_group(group, period_end=period_end)
    members = lock_members(amounts)
    accounts = accounts_by_key(group)
    rows = []
    for member_id, amount in sorted(amounts.items()):
        if amount > 0:
            rows.append(_post(member=members[member_id], kind=SavingsKind.SUKARELA, type=TxnType.INTEREST,
                              amount=amount, date=period_end, actor=actor, accounts=accounts))
    return rows


@transaction.atomic
def savings_credit_shu(*, credits: Iterable[tuple[Member, int]], date: datetime.date, actor: "User",
                       reference: str) -> list[SavingsTransaction]:
    """Credit each member her SHU share to her sukarela on ``date``; return the rows written.

    ``credits`` are (member, amount) pairs of one group. Each share is a row of type ``shu`` with
    its own journal entry (Dr retained_surplus "SHU belum dibagi" / Cr savings_sukarela, for her),
    so her balance, statement and passbook show it; written in a few bulk inserts (a whole group
    at once, the demo's LP2M-scale years too). Only the year end calls this, after closing the year.
    """
    credits = [(member, amount) for member, amount in credits if amount]
    if not credits:
        return []
    members = Member.objects.select_for_update().in_bulk([m.pk for m, _amount in credits])
    rows = []
    for member, amount in credits:
        member = members[member.pk]
        check_new_movement(member=member, kind=SavingsKind.SUKARELA, amount=amount, date=date)
        rows.append((member, amount))
    group_id = rows[0][0].group_id
    if any(m.group_id != group_id for m, _amount in rows):
        raise ValidationError(_("Every share must be of the same group."), code="mixed_groups")
    check_open(date, closed_through(group_id), field="date")
    entry_ids = journal_post_many([
        Entry(group_id, date, ENTRY_KIND[TxnType.SHU],
              journal_lines(type=TxnType.SHU, kind=SavingsKind.SUKARELA, amount=amount, member=member),
              memo_for(type=TxnType.SHU, kind=SavingsKind.SUKARELA, member=member), reference)
        for member, amount in rows], actor=actor, audit=False)
    txns = SavingsTransaction.objects.bulk_create([
        SavingsTransaction(member=member, group_id=group_id, kind=SavingsKind.SUKARELA, type=TxnType.SHU,
                           direction=DIRECTION[TxnType.SHU], amount=amount, value_date=date, created_by=actor,
                           entry_id=entry_id, note=reference[:255])
        for (member, amount), entry_id in zip(rows, entry_ids, strict=True)])
    _audit_rows("savings.shu", txns, actor)
    return txns


@transaction.atomic
def savings_reverse_shu(*, txns: Iterable[SavingsTransaction], actor: "User",
                        reason: str) -> list[SavingsTransaction]:
    """Reverse SHU share rows (the reversal of their year end); return the reversal rows.

    Each reversal mirrors its row on the same value date, as :func:`savings_reverse` does. A share
    she has already taken out (her sukarela would fall below zero), or that of a member who has
    since left, cannot be reversed: the whole year end then stays as it is.
    """
    reason = (reason or "").strip()
    if not reason:
        raise field_error("reason", _("Give the reason for the reversal."), "reason_required")
    reversals = []
    for txn in txns:
        member = _lock_member(txn.member)
        txn = SavingsTransaction.objects.select_for_update().get(pk=txn.pk)
        if txn.type != TxnType.SHU or SavingsTransaction.objects.filter(reverses=txn).exists():
            raise ValidationError(_("This transaction has already been reversed."), code="already_reversed")
        if member.exited_on is not None:
            raise ValidationError(_("%(name)s has left the group and her savings were settled: her SHU share "
                                    "cannot be taken back.") % {"name": member.full_name}, code="exited")
        lowest = lowest_balance_from(member, kind=txn.kind, date=txn.value_date)
        if txn.amount > lowest:
            raise ValidationError(_("%(name)s has already taken out her SHU share (her sukarela would fall to "
                                    "%(balance)s): it cannot be taken back.") % {
                "name": member.full_name, "balance": format_rupiah(lowest - txn.amount)}, code="shu_spent")
        reversals.append(_post(member=member, kind=txn.kind, type=TxnType.REVERSAL, amount=txn.amount,
                               date=txn.value_date, actor=actor, reverses=txn, reason=reason[:255], direction=-1))
    return reversals


@dataclass(frozen=True)
class Opening:
    """Her balance of one kind of savings on the cut-over day, as the group's books had it on paper."""

    member: Member
    kind: str
    amount: int
    date: datetime.date


def opening_problem(opening: Opening, *, first_row: datetime.date | None = None,
                    closed: datetime.date | None = None) -> tuple[str, str, str] | None:
    """Return (field, message, code) for what makes ``opening`` impossible, or None.

    ``first_row`` is the date of her earliest savings row: an opening balance sums everything
    before the cut-over, so rows on or before it would be counted twice. ``closed`` is the day her
    group's books are closed up to (``books.periods``), if any.
    """
    member, day = opening.member, opening.date
    if opening.kind not in SavingsKind.values:
        return "kind", _("Choose pokok, wajib or sukarela."), "bad_kind"
    if isinstance(opening.amount, bool) or not isinstance(opening.amount, int) or opening.amount <= 0:
        return "amount", _("Enter an amount of at least Rp 1."), "amount_not_positive"
    if day is None:
        return "date", _("is empty"), "cell_empty"
    if day > today():
        return "date", _("the date is in the future"), "future"
    if day < member.joined_on:
        return "date", _("the date is before she joined the group"), "before_join"
    if member.exited_on and member.exited_on <= day:
        return "date", _("she had already left the group on that date"), "exited"
    if closed is not None and day <= closed:
        return "date", closed_message(closed), "period_closed"
    if first_row is not None and first_row <= day:
        return "date", _("she has savings transactions on or before that date; the opening balance would "
                         "count them twice"), "rows_before_opening"
    return None


@transaction.atomic
def savings_open_balances(*, openings: Iterable[Opening], actor: "User") -> list[SavingsTransaction]:
    """Post opening balances (:class:`Opening`) at the cut-over as opening entries; return the rows written.

    Each becomes a row with its own journal entry of kind ``opening`` (Dr opening_equity / Cr the
    savings of that kind, for the member) and an audit event, written in a few bulk inserts so a
    whole LP2M's members post in seconds. The idempotency key ``opening:<member code>:<kind>``
    allows one opening balance per member and kind, ever: the same balance again is skipped,
    another one is refused (correct it with a reversal). Nothing is written if any is refused.
    """
    openings = list(openings)
    if not openings:
        return []
    members = lock_members(o.member.pk for o in openings)
    existing = existing_openings({m.code for m in members.values()})
    first_rows = first_row_dates(members)
    closed = closed_through_by_group({m.group_id for m in members.values()})
    fresh, seen = [], set()
    for o in openings:
        member = members[o.member.pk]
        o = Opening(member=member, kind=o.kind, amount=o.amount, date=o.date)
        have = existing.get(member.code, {})
        if o.kind in have and (have[o.kind], have["date"]) == (o.amount, o.date):
            continue
        if o.kind in have or (member.pk, o.kind) in seen:
            raise ValidationError(_("Her opening balances were already imported; correct them with a reversal."),
                                  code="opening_exists")
        problem = opening_problem(o, first_row=first_rows.get(member.pk), closed=closed.get(member.group_id))
        if problem:
            field_name, message, code = problem
            raise field_error(field_name, f"{member.code}: {message}", code)
        seen.add((member.pk, o.kind))
        fresh.append(o)
    return _write_openings(fresh, actor=actor)


def _write_openings(openings: list[Opening], *, actor: "User") -> list[SavingsTransaction]:
    entry_ids = journal_post_many([
        Entry(o.member.group_id, o.date, EntryKind.OPENING,
              journal_lines(type=TxnType.OPENING, kind=o.kind, amount=o.amount, member=o.member),
              _("Opening balance %(kind)s: %(code)s %(name)s") % {
                  "kind": SavingsKind(o.kind).label, "code": o.member.code, "name": o.member.full_name},
              opening_key(o.member.code, o.kind))
        for o in openings], actor=actor, audit=False)
    txns = SavingsTransaction.objects.bulk_create([
        SavingsTransaction(member=o.member, group_id=o.member.group_id, kind=o.kind, type=TxnType.OPENING,
                           direction=DIRECTION[TxnType.OPENING], amount=o.amount, value_date=o.date, created_by=actor,
                           entry_id=entry_id, note=_("Opening balance"),
                           idempotency_key=opening_key(o.member.code, o.kind))
        for o, entry_id in zip(openings, entry_ids, strict=True)])
    _audit_rows("savings.opening", txns, actor)
    return txns


def _audit_rows(action: str, txns: list[SavingsTransaction], actor: "User") -> None:
    """One audit event per savings row written in bulk, as the services' own ``audit_record`` would write."""
    label = SavingsTransaction._meta.label_lower
    audit_record_many([
        Event(action, label, t.pk, t.group_id, {"member": t.member_id, "kind": t.kind, "amount": t.amount,
                                                "date": t.value_date.isoformat(), "entry": t.entry_id})
        for t in txns], actor=actor)
