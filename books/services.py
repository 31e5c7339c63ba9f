"""Post to the group's books. The only writer of journal entries."""
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.idempotency import idempotent
from core.inputs import check_date

from .models import CHART, Account, ClosedPeriod, EntryKind, JournalEntry, JournalLine
from .periods import check_open, closed_meanwhile_message, closed_through


@dataclass(frozen=True)
class Line:
    """One side of an entry: an account key, a debit or a credit, and maybe the member."""

    account: str
    debit: int = 0
    credit: int = 0
    member: object = None


def debit(account, amount, member=None):
    return Line(account, debit=int(amount), member=member)


def credit(account, amount, member=None):
    return Line(account, credit=int(amount), member=member)


def chart_seed(*, group):
    """Create the standard chart of accounts for ``group``; existing accounts are kept."""
    have = set(Account.objects.filter(group=group).values_list("key", flat=True))
    Account.objects.bulk_create(
        [Account(group=group, key=k, code=c, name=n, type=t) for k, c, n, t in CHART if k not in have]
    )


def accounts_by_key(group):
    return {a.key: a for a in Account.objects.filter(group=group)}


@transaction.atomic
def journal_post(*, group, date, kind, lines, actor, memo="", reference="", accounts=None, audit=True):
    """Post one balanced entry and return it.

    Zero-amount lines are dropped; what remains must have equal debits and credits and at
    least one line each side. Call inside the caller's service transaction. ``accounts`` may
    pass a cached ``accounts_by_key(group)`` to save a query when posting many entries. A date
    on or before the end of a closed period (the year end was posted) is refused
    (``books.periods``; the database refuses it too).
    """
    check_date(date)
    lines = [ln for ln in lines if ln.debit or ln.credit]
    for ln in lines:
        if ln.debit < 0 or ln.credit < 0 or (ln.debit and ln.credit):
            raise ValidationError(_("A journal line needs one positive amount."), code="bad_line")
    total_debit = sum(ln.debit for ln in lines)
    total_credit = sum(ln.credit for ln in lines)
    if not lines or total_debit != total_credit or total_debit == 0:
        raise ValidationError(
            _("The entry does not balance (debit %(d)s, credit %(c)s).") % {"d": total_debit, "c": total_credit},
            code="unbalanced",
        )
    check_open(date, closed_through(group.pk))
    accounts = accounts if accounts is not None else accounts_by_key(group)
    missing = [ln.account for ln in lines if ln.account not in accounts]
    if missing:
        raise ValidationError(_("Unknown account: %(keys)s") % {"keys": ", ".join(missing)}, code="unknown_account")
    try:
        entry = JournalEntry.objects.create(
            group=group, date=date, kind=kind, memo=memo[:255], reference=reference, created_by=actor
        )
    except IntegrityError as exc:
        # The year end closed the period while this waited for the group's row (books.periods): say so,
        # without another query in the failed transaction.
        if "books_period_closed" not in str(exc):
            raise
        raise ValidationError(closed_meanwhile_message(date), code="period_closed") from exc
    # In account order: each line adds to its account's month total (a row the database locks), so
    # two entries posted at once lock those rows in one order and wait instead of deadlocking.
    JournalLine.objects.bulk_create(sorted(
        [JournalLine(entry=entry, account=accounts[ln.account], debit=ln.debit, credit=ln.credit, member=ln.member)
         for ln in lines], key=lambda line: line.account.pk))
    if audit:
        audit_record(actor=actor, action=f"books.{kind}", obj=entry, group=group,
                     data={"amount": total_debit, "reference": reference})
    return entry


@idempotent("books.reverse")
@transaction.atomic
def journal_reverse(*, entry, actor, reason, date=None):
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
def post_other_income(*, group, date, amount, memo, actor):
    """Record income other than loans (e.g. a sale of leftover goods)."""
    return journal_post(group=group, date=date, kind=EntryKind.OTHER_INCOME, actor=actor, memo=memo,
                        lines=[debit("cash", amount), credit("other_income", amount)])


@idempotent("books.expense")
def post_expense(*, group, date, amount, memo, actor, account="operating_expense"):
    """Record an operating expense (stationery, meeting costs) paid from cash."""
    if account not in {"operating_expense", "meeting_expense", "stationery_expense"}:
        raise ValidationError(_("Choose an expense account."), code="bad_expense_account")
    return journal_post(group=group, date=date, kind=EntryKind.EXPENSE, actor=actor, memo=memo,
                        lines=[debit(account, amount), credit("cash", amount)])


@idempotent("books.grant")
def post_grant(*, group, date, amount, memo, actor):
    """Record a grant received in cash, such as LP2M's stimulus capital (dana stimulan)."""
    return journal_post(group=group, date=date, kind=EntryKind.GRANT, actor=actor, memo=memo,
                        lines=[debit("cash", amount), credit("grants", amount)])


@transaction.atomic
def period_close(*, group, start, end, actor, reference=""):
    """Close the group's books up to ``end`` (the year from ``start``); return the :class:`ClosedPeriod`.

    From then on no entry may be dated on or before ``end``. Periods close in order: ``end`` must
    come after the end of the period closed last. The caller (the year end) posts its closing
    entry first, holding the group's row.
    """
    from groups.models import Group

    Group.objects.select_for_update().get(pk=group.pk)
    closed = closed_through(group.pk)
    if closed is not None and end <= closed:
        raise ValidationError(_("The books are already closed up to that date."), code="already_closed")
    period = ClosedPeriod.objects.create(group=group, start=start, end=end, reference=reference[:60], closed_by=actor)
    audit_record(actor=actor, action="books.period_close", obj=period, group=group,
                 data={"start": start.isoformat(), "end": end.isoformat(), "reference": reference})
    return period


@transaction.atomic
def period_reopen(*, period, actor, reason):
    """Reopen a closed period (only the reversal of its year end does this); return it.

    Only the period closed last may be reopened, so the closed days stay one unbroken stretch.
    """
    from groups.models import Group

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
    audit_record(actor=actor, action="books.period_reopen", obj=period, group=period.group,
                 data={"end": period.end.isoformat(), "reason": period.reopen_reason})
    return period
