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
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audit.services import audit_record
from books.models import EntryKind, JournalLine
from books.periods import check_open, closed_through
from books.services import credit, debit, journal_post, journal_reverse
from core.dates import month_end, today
from core.idempotency import idempotent
from core.inputs import check_date
from groups.models import Group
from loans.models import Loan, LoanProvision, ProvisionLine
from loans.quality_selectors import group_regime, loan_quality

if TYPE_CHECKING:
    from accounts.models import User


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
        lines = ([debit("provision_expense", change), credit("loan_loss_allowance", change)] if change > 0 else
                 [debit("loan_loss_allowance", -change), credit("provision_expense", -change)])
        entry = journal_post(group=group, date=end, kind=EntryKind.LOAN_PROVISION, actor=actor, lines=lines,
                             memo=_("Loan-loss reserve %(month)s (%(regime)s)") % {
                                 "month": date_format(end, "F Y"), "regime": regime.name},
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
