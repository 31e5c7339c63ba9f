"""The month-end loss reserve (PPAP) in the books: post it from each loan's class, reverse it.

The allowance for loan losses (``loan_loss_allowance``, 119) is a contra account against loans
receivable; its credit balance is the reserve formed. At each month end the loans' classes under
the group's regime (``groups.regimes``) require a reserve (``loans.quality_selectors.loan_quality``);
the provision posts the difference from the allowance already in the books: Dr provision expense
(``provision_expense``, 505) / Cr allowance when more is needed, Dr allowance / Cr provision expense
when less (a release). A write-off takes the allowance first (``lifecycle.loan_write_off``).
regulation.md, "Loan quality and loss reserves".
"""
import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audit.services import Event, audit_record, audit_record_many
from books.models import EntryKind, JournalLine
from books.periods import check_open, closed_through
from books.services import Entry, credit, debit, journal_post, journal_post_many, journal_reverse
from core.dates import month_end, today
from core.db import insert_rows
from core.idempotency import idempotent
from core.inputs import check_date
from groups.models import Group
from loans.models import Loan, LoanProvision, ProvisionLine
from loans.quality_selectors import group_regime, loan_quality, loan_quality_by_month

if TYPE_CHECKING:
    from accounts.models import User
    from groups.regimes import Regime


def allowance_balance(group: "Group", *, on: datetime.date) -> int:
    """Return the allowance for loan losses in the books at ``on``: its credit balance in Rupiah (one query)."""
    sums = JournalLine.objects.filter(account__group=group, account__key="loan_loss_allowance",
                                      entry__date__lte=on).aggregate(d=Sum("debit"), c=Sum("credit"))
    return (sums["c"] or 0) - (sums["d"] or 0)


def _lock_group(group: "Group") -> "Group":
    return Group.objects.select_for_update().get(pk=group.pk)


@idempotent("loans.provision")
@transaction.atomic
def loan_provision_post(*, group: "Group", month: datetime.date, actor: "User") -> LoanProvision:
    """Post ``group``'s loss reserve at the end of ``month`` (any day in it) and return the :class:`LoanProvision`.

    Once per group and month: while a provision of that month stands, it is returned and nothing is
    posted. Months go in order (none after a later month's provision) and only once the month has
    ended; a month in a closed year is refused.
    """
    check_date(month)
    end = month_end(month)
    group = _lock_group(group)
    standing = LoanProvision.objects.filter(group=group, reversed_at__isnull=True)
    existing = standing.filter(month=end).first()
    if existing is not None:
        return existing
    if end > today():
        raise ValidationError({"month": ValidationError(
            _("The month has not ended yet: the reserve is formed at the month end."), code="month_not_ended")})
    later = standing.filter(month__gt=end).order_by("-month").first()
    if later is not None:
        raise ValidationError({"month": ValidationError(
            _("The reserve of %(month)s is already posted; months go in order.") % {
                "month": date_format(later.month, "F Y")}, code="later_provision")})
    check_open(end, closed_through(group.pk), field="month")
    regime = group_regime(group, end)
    rows = loan_quality(Loan.objects.filter(group=group), as_of=end)
    required = sum(row.provision for row in rows)
    before = allowance_balance(group, on=end)
    change = required - before
    entry = None
    if change:
        entry = journal_post(group=group, date=end, kind=EntryKind.LOAN_PROVISION, actor=actor,
                             lines=_provision_lines(change), memo=_provision_memo(end, regime),
                             reference=f"provision:{end:%Y-%m}")
    provision = LoanProvision.objects.create(group=group, month=end, regime=regime.key, required=required,
                                             allowance_before=before, amount=change, entry=entry, created_by=actor)
    ProvisionLine.objects.bulk_create([
        ProvisionLine(provision=provision, loan=row.loan, klass=row.klass.key, days_past_due=row.days_past_due,
                      months_in_arrears=row.months_in_arrears, outstanding=row.outstanding,
                      reserve_pct=row.klass.reserve_pct, reserve=row.provision)
        for row in rows])
    audit_record(actor=actor, action="loans.provision", obj=provision, group=group,
                 data={"month": end.isoformat(), "regime": regime.key, "required": required, "before": before,
                       "posted": change, "loans": len(rows)})
    return provision


def _provision_lines(change: int) -> list:
    """Dr provision expense / Cr allowance for more reserve; the other way for a release."""
    return ([debit("provision_expense", change), credit("loan_loss_allowance", change)] if change > 0 else
            [debit("loan_loss_allowance", -change), credit("provision_expense", -change)])


def _provision_memo(end: datetime.date, regime: "Regime") -> str:
    return _("Loan-loss reserve %(month)s (%(regime)s)") % {"month": date_format(end, "F Y"), "regime": regime.name}


PROVISION_COLUMNS = ["group_id", "month", "regime", "required", "allowance_before", "amount", "entry_id",
                     "created_by_id", "created_at", "reversed_at", "reversed_by_id", "reversal_reason",
                     "reversal_entry_id"]
LINE_COLUMNS = ["provision_id", "loan_id", "klass", "days_past_due", "months_in_arrears", "outstanding",
                "reserve_pct", "reserve"]


@transaction.atomic
def loan_provisions_post_many(*, group: "Group", months: list[datetime.date], actor: "User") -> int:
    """Post ``group``'s loss reserve at the end of each of ``months`` (in order), as
    :func:`loan_provision_post` called month by month would; return how many were posted.

    For seeding years of history (``seed_demo --bulk``): the loans' quality of every month comes
    from :func:`loans.quality_selectors.loan_quality_by_month` (a few queries for all months), and
    the provisions, their lines, entries and audit events go in with multi-row INSERTs. The same
    rows as the month-by-month service (``tests/loans/test_provisions_many.py``). It refuses what
    the service refuses: a month not yet ended or in a closed year, and months not after every
    standing provision (none is returned as already posted: the batch is refused whole).
    """
    for month in months:
        check_date(month)
    ends = [month_end(month) for month in months]
    if not ends:
        return 0
    if any(b <= a for a, b in zip(ends, ends[1:], strict=False)):
        raise ValidationError({"month": ValidationError(_("Give the months once each, oldest first."),
                                                        code="months_out_of_order")})
    group = _lock_group(group)
    if ends[-1] > today():
        raise ValidationError({"month": ValidationError(
            _("The month has not ended yet: the reserve is formed at the month end."), code="month_not_ended")})
    later = (LoanProvision.objects.filter(group=group, reversed_at__isnull=True, month__gte=ends[0])
             .order_by("-month").first())
    if later is not None:
        raise ValidationError({"month": ValidationError(
            _("The reserve of %(month)s is already posted; months go in order.") % {
                "month": date_format(later.month, "F Y")}, code="later_provision")})
    closed = closed_through(group.pk)
    check_open(ends[0], closed, field="month")
    quality = loan_quality_by_month(group, ends)
    in_books = sorted(JournalLine.objects.filter(account__group=group, account__key="loan_loss_allowance")
                      .values_list("entry__date", "credit", "debit"))
    posted, k, booked = 0, 0, 0
    plans, entries = [], []
    for end in ends:
        while k < len(in_books) and in_books[k][0] <= end:
            booked += in_books[k][1] - in_books[k][2]
            k += 1
        regime = group_regime(group, end)
        rows = quality[end]
        required = sum(row.provision for row in rows)
        before = booked + posted
        change = required - before
        if change:
            entries.append(Entry(group.pk, end, EntryKind.LOAN_PROVISION, _provision_lines(change),
                                 _provision_memo(end, regime), f"provision:{end:%Y-%m}"))
            posted += change
        plans.append((end, regime, rows, required, before, change))
    entry_ids = iter(journal_post_many(entries, actor=actor))
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    ids = insert_rows(LoanProvision, PROVISION_COLUMNS, [
        (group.pk, ops.adapt_datefield_value(end), regime.key, required, before, change,
         next(entry_ids) if change else None, actor.pk, now, None, None, "", None)
        for end, regime, _rows, required, before, change in plans], returning=True)
    insert_rows(ProvisionLine, LINE_COLUMNS, [
        (pk, row.loan.pk, row.klass.key, row.days_past_due, row.months_in_arrears, row.outstanding,
         ops.adapt_decimalfield_value(row.klass.reserve_pct, 5, 2), row.provision)
        for pk, (_end, _regime, rows, *_rest) in zip(ids, plans, strict=True) for row in rows])
    label = LoanProvision._meta.label_lower
    audit_record_many([
        Event("loans.provision", label, pk, group.pk,
              {"month": end.isoformat(), "regime": regime.key, "required": required, "before": before,
               "posted": change, "loans": len(rows)})
        for pk, (end, regime, rows, required, before, change) in zip(ids, plans, strict=True)], actor=actor)
    return len(ids)


@idempotent("loans.provision_reverse")
@transaction.atomic
def loan_provision_reverse(*, provision: LoanProvision, actor: "User", reason: str) -> LoanProvision:
    """Reverse a month's provision with a linked reversal of its entry; newest month first. Return it."""
    if not (reason or "").strip():
        raise ValidationError({"reason": ValidationError(_("Give the reason for the reversal."),
                                                         code="reason_required")})
    _lock_group(provision.group)
    provision = LoanProvision.objects.select_for_update().get(pk=provision.pk)
    if provision.is_reversed:
        raise ValidationError(_("This provision is already reversed."), code="already_reversed")
    if LoanProvision.objects.filter(group_id=provision.group_id, reversed_at__isnull=True,
                                    month__gt=provision.month).exists():
        raise ValidationError(_("A later month's reserve is posted; reverse that one first."), code="later_provision")
    if provision.entry_id:
        provision.reversal_entry = journal_reverse(entry=provision.entry, actor=actor, reason=reason.strip())
    provision.reversed_at, provision.reversed_by = timezone.now(), actor
    provision.reversal_reason = reason.strip()[:255]
    provision.save(update_fields=["reversed_at", "reversed_by", "reversal_reason", "reversal_entry"])
    audit_record(actor=actor, action="loans.provision_reverse", obj=provision, group=provision.group,
                 data={"month": provision.month.isoformat(), "reason": provision.reversal_reason})
    return provision
