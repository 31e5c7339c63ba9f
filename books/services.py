"""Post to the group's books. The only writer of journal entries."""
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.idempotency import idempotent
from core.inputs import check_date

from .models import CHART, Account, EntryKind, JournalEntry, JournalLine


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
    pass a cached ``accounts_by_key(group)`` to save a query when posting many entries.
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
    accounts = accounts if accounts is not None else accounts_by_key(group)
    missing = [ln.account for ln in lines if ln.account not in accounts]
    if missing:
        raise ValidationError(_("Unknown account: %(keys)s") % {"keys": ", ".join(missing)}, code="unknown_account")
    entry = JournalEntry.objects.create(
        group=group, date=date, kind=kind, memo=memo[:255], reference=reference, created_by=actor
    )
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
