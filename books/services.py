"""Post to the group's books. The only writer of journal entries."""
import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import Event, audit_record, audit_record_many
from core.db import insert_rows
from core.idempotency import idempotent
from core.inputs import EARLIEST, check_date, latest_date
from groups.models import Group

from .models import CHART, Account, ClosedPeriod, EntryKind, JournalEntry, JournalLine
from .periods import check_open, closed_meanwhile_message, closed_through, closed_through_by_group

if TYPE_CHECKING:
    from accounts.models import User


@dataclass(frozen=True)
class Line:
    """One side of an entry: an account key, a debit or a credit, and maybe the member."""

    account: str
    debit: int = 0
    credit: int = 0
    member: object = None


def debit(account: str, amount: int, member: object = None) -> Line:
    return Line(account, debit=int(amount), member=member)


def credit(account: str, amount: int, member: object = None) -> Line:
    return Line(account, credit=int(amount), member=member)


def chart_seed(*, group: Group) -> None:
    """Create the standard chart of accounts for ``group``; existing accounts are kept."""
    have = set(Account.objects.filter(group=group).values_list("key", flat=True))
    Account.objects.bulk_create(
        [Account(group=group, key=k, code=c, name=n, type=t) for k, c, n, t in CHART if k not in have]
    )


def accounts_by_key(group: Group) -> dict[str, Account]:
    return {a.key: a for a in Account.objects.filter(group=group)}


@dataclass(slots=True)
class Entry:
    """One entry for :func:`journal_post_many`: what :func:`journal_post` takes, of one group."""

    group_id: int
    date: datetime.date
    kind: str
    lines: list[Line]
    memo: str = ""
    reference: str = ""


def _unbalanced(total_debit: int, total_credit: int) -> ValidationError:
    return ValidationError(
        _("The entry does not balance (debit %(d)s, credit %(c)s).") % {"d": total_debit, "c": total_credit},
        code="unbalanced",
    )


def accounts_by_group(group_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Return {group_id: {account key: account id}} of ``group_ids`` in one query."""
    accounts: dict[int, dict[str, int]] = {}
    for key, group_id, pk in Account.objects.filter(group_id__in=list(group_ids)).values_list("key", "group_id", "pk"):
        accounts.setdefault(group_id, {})[key] = pk
    return accounts


@transaction.atomic
def journal_post_many(entries: Iterable[Entry], *, actor: "User", accounts: dict[int, dict[str, Any]] | None = None,
                      audit: bool = True) -> list[int]:
    """Post ``entries`` (:class:`Entry`, of one group or many) and return their ids, in order.

    The one writer of journal entries and lines. Each entry is checked as :func:`journal_post`
    says (zero-amount lines dropped, one positive amount a line, debits equal credits and more
    than zero, every account in the group's chart, a sane date not in a closed period) and
    nothing is written if one fails. Then the entries and their lines go in with a few multi-row
    INSERTs (``core.db.insert_rows``), lines in account order: each adds to its account's month
    total (a row the database locks), so two postings at once lock those rows in one order and
    wait instead of deadlocking. ``accounts`` may pass ``{group_id: {key: Account or id}}``
    (:func:`accounts_by_group`) to save its query. With ``audit``, one event ``books.<kind>``
    per entry (the bulk paths record their own rows' events instead). Call inside the caller's
    service transaction. Two queries for the checks, then about one insert per 100 entries.
    """
    return _post_many(list(entries), actor=actor, accounts=accounts, audit=audit, now=timezone.now())


def _post_many(entries: list[Entry], *, actor: "User", accounts: dict[int, dict[str, Any]] | None, audit: bool,
               now: datetime.datetime) -> list[int]:
    if not entries:
        return []
    group_ids = {e.group_id for e in entries}
    if accounts is None:
        accounts = accounts_by_group(group_ids)
    closed = closed_through_by_group(group_ids)
    checked = []
    latest = latest_date()  # once: check_date reads today's date on every call
    for e in entries:
        if not EARLIEST <= e.date <= latest:
            check_date(e.date)  # raises, in the words of core.inputs
        lines = [ln for ln in e.lines if ln.debit or ln.credit]
        total_debit = total_credit = 0
        for ln in lines:
            if ln.debit < 0 or ln.credit < 0 or (ln.debit and ln.credit):
                raise ValidationError(_("A journal line needs one positive amount."), code="bad_line")
            total_debit += ln.debit
            total_credit += ln.credit
        if total_debit != total_credit or total_debit == 0:
            raise _unbalanced(total_debit, total_credit)
        check_open(e.date, closed.get(e.group_id))
        chart = accounts.get(e.group_id, {})
        missing = [ln.account for ln in lines if ln.account not in chart]
        if missing:
            raise ValidationError(_("Unknown account: %(keys)s") % {"keys": ", ".join(missing)},
                                  code="unknown_account")
        checked.append((e, lines, total_debit))
    ops = connection.ops
    created_at = ops.adapt_datetimefield_value(now)
    try:
        ids = insert_rows(JournalEntry, ENTRY_COLUMNS, [
            (e.group_id, ops.adapt_datefield_value(e.date), str(e.kind), e.memo[:255], e.reference[:60], created_at,
             actor.pk, None, "") for e, _lines, _total in checked], returning=True)
    except IntegrityError as exc:
        # The year end closed the period while this waited for the group's row (books.periods): say so,
        # without another query in the failed transaction.
        if "books_period_closed" not in str(exc):
            raise
        raise ValidationError(closed_meanwhile_message(min(e.date for e in entries)), code="period_closed") from exc
    line_rows = []
    for entry_id, (e, lines, _total) in zip(ids, checked, strict=True):
        chart = accounts[e.group_id]
        line_rows += [(entry_id, getattr(chart[ln.account], "pk", chart[ln.account]), ln.debit, ln.credit,
                       getattr(ln.member, "pk", ln.member)) for ln in lines]
    line_rows.sort(key=lambda row: (row[1], row[0]))
    insert_rows(JournalLine, LINE_COLUMNS, line_rows)
    if audit:
        label = JournalEntry._meta.label_lower
        audit_record_many([Event(f"books.{e.kind}", label, entry_id, e.group_id,
                                 {"amount": total, "reference": e.reference})
                           for entry_id, (e, _lines, total) in zip(ids, checked, strict=True)], actor=actor)
    return ids


ENTRY_COLUMNS = ["group_id", "date", "kind", "memo", "reference", "created_at", "created_by_id", "reverses_id",
                 "reason"]
LINE_COLUMNS = ["entry_id", "account_id", "debit", "credit", "member_id"]


def journal_post(*, group: Group, date: datetime.date, kind: str, lines: list[Line], actor: "User", memo: str = "",
                 reference: str = "", accounts: dict[str, Any] | None = None, audit: bool = True) -> JournalEntry:
    """Post one balanced entry and return it: :func:`journal_post_many` of one entry.

    Zero-amount lines are dropped; what remains must have equal debits and credits and at
    least one line each side. Call inside the caller's service transaction. ``accounts`` may
    pass a cached ``accounts_by_key(group)`` to save a query when posting many entries. A date
    on or before the end of a closed period (the year end was posted) is refused
    (``books.periods``; the database refuses it too).
    """
    now = timezone.now()
    with transaction.atomic():
        [entry_id] = _post_many([Entry(group.pk, date, kind, lines, memo, reference)], actor=actor, audit=audit,
                                accounts=None if accounts is None else {group.pk: accounts}, now=now)
    entry = JournalEntry(pk=entry_id, group=group, date=date, kind=kind, memo=memo[:255], reference=reference[:60],
                         created_by=actor, created_at=now)
    entry._state.adding, entry._state.db = False, "default"
    return entry


@idempotent("books.reverse")
@transaction.atomic
def journal_reverse(*, entry: JournalEntry, actor: "User", reason: str,
                    date: datetime.date | None = None) -> JournalEntry:
    """Post the mirror image of ``entry`` (debits and credits swapped), linked to it, and return it."""
    if not reason or not reason.strip():
        raise ValidationError(_("Give the reason for the reversal."), code="reason_required")
    entry = JournalEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.kind == EntryKind.REVERSAL:
        raise ValidationError(_("A reversal cannot itself be reversed; post a new entry."), code="reverse_reversal")
    if JournalEntry.objects.filter(reverses=entry).exists():
        raise ValidationError(_("This entry has already been reversed."), code="already_reversed")
    check_open(date or entry.date, closed_through(entry.group_id))
    reversal = JournalEntry.objects.create(
        group_id=entry.group_id, date=date or entry.date, kind=EntryKind.REVERSAL,
        memo=_("Reversal of #%(id)s: %(memo)s") % {"id": entry.pk, "memo": entry.memo},
        reference=entry.reference, created_by=actor, reverses=entry, reason=reason.strip()[:255],
    )
    JournalLine.objects.bulk_create(
        [JournalLine(entry=reversal, account_id=ln.account_id, debit=ln.credit, credit=ln.debit,
                     member_id=ln.member_id) for ln in entry.lines.order_by("account_id", "id")]
    )
    audit_record(actor=actor, action="books.reverse", obj=reversal, group=entry.group,
                 data={"reverses": entry.pk, "reason": reason})
    return reversal


@idempotent("books.other_income")
def post_other_income(*, group: Group, date: datetime.date, amount: int, memo: str, actor: "User") -> JournalEntry:
    """Record income other than loans (e.g. a sale of leftover goods)."""
    return journal_post(group=group, date=date, kind=EntryKind.OTHER_INCOME, actor=actor, memo=memo,
                        lines=[debit("cash", amount), credit("other_income", amount)])


@idempotent("books.expense")
def post_expense(*, group: Group, date: datetime.date, amount: int, memo: str, actor: "User",
                 account: str = "operating_expense") -> JournalEntry:
    """Record an operating expense (stationery, meeting costs) paid from cash."""
    if account not in {"operating_expense", "meeting_expense", "stationery_expense"}:
        raise ValidationError(_("Choose an expense account."), code="bad_expense_account")
    return journal_post(group=group, date=date, kind=EntryKind.EXPENSE, actor=actor, memo=memo,
                        lines=[debit(account, amount), credit("cash", amount)])


@idempotent("books.grant")
def post_grant(*, group: Group, date: datetime.date, amount: int, memo: str, actor: "User") -> JournalEntry:
    """Record a grant received in cash, such as LP2M's stimulus capital (dana stimulan)."""
    return journal_post(group=group, date=date, kind=EntryKind.GRANT, actor=actor, memo=memo,
                        lines=[debit("cash", amount), credit("grants", amount)])


def _keep_closed_through(group_id: int) -> None:
    """Copy the group's closed-up-to date onto its row, where the apps below the books read it (groups.periods)."""
    Group.objects.filter(pk=group_id).update(books_closed_through=closed_through(group_id))


@transaction.atomic
def period_close(*, group: Group, start: datetime.date, end: datetime.date, actor: "User",
                 reference: str = "") -> ClosedPeriod:
    """Close the group's books up to ``end`` (the year from ``start``); return the :class:`ClosedPeriod`.

    From then on no entry may be dated on or before ``end``. Periods close in order: ``end`` must
    come after the end of the period closed last. The caller (the year end) posts its closing
    entry first, holding the group's row.
    """
    Group.objects.select_for_update().get(pk=group.pk)
    closed = closed_through(group.pk)
    if closed is not None and end <= closed:
        raise ValidationError(_("The books are already closed up to that date."), code="already_closed")
    period = ClosedPeriod.objects.create(group=group, start=start, end=end, reference=reference[:60], closed_by=actor)
    _keep_closed_through(group.pk)
    audit_record(actor=actor, action="books.period_close", obj=period, group=group,
                 data={"start": start.isoformat(), "end": end.isoformat(), "reference": reference})
    return period


@transaction.atomic
def period_reopen(*, period: ClosedPeriod, actor: "User", reason: str) -> ClosedPeriod:
    """Reopen a closed period (only the reversal of its year end does this); return it.

    Only the period closed last may be reopened, so the closed days stay one unbroken stretch.
    """
    if not reason or not reason.strip():
        raise ValidationError(_("Give the reason for the reversal."), code="reason_required")
    Group.objects.select_for_update().get(pk=period.group_id)
    period = ClosedPeriod.objects.select_for_update().get(pk=period.pk)
    if period.reopened_at is not None:
        raise ValidationError(_("This period is already open again."), code="already_reopened")
    if ClosedPeriod.objects.filter(group_id=period.group_id, reopened_at__isnull=True, end__gt=period.end).exists():
        raise ValidationError(_("A later period is closed; reopen that one first."), code="later_closed")
    period.reopened_at, period.reopened_by, period.reopen_reason = timezone.now(), actor, reason.strip()[:255]
    period.save(update_fields=["reopened_at", "reopened_by", "reopen_reason"])
    _keep_closed_through(period.group_id)
    audit_record(actor=actor, action="books.period_reopen", obj=period, group=period.group,
                 data={"end": period.end.isoformat(), "reason": period.reopen_reason})
    return period
