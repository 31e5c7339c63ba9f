"""Post a year end as the RAT decided it, and reverse it whole. The only writers of the year end.

:func:`year_end_post` does in one transaction, holding the group's row (so no entry of the group
can be posted meanwhile, ``books.periods``):

1. the closing entry, dated 31 December: every income account debited and every expense account
   credited by its movement of the year, the difference credited (a loss debited) to
   ``retained_surplus`` ("SHU belum dibagi");
2. the closed period up to 31 December: from then on nothing can be dated in the year;
3. the distribution, dated the RAT's day: Dr SHU belum dibagi / Cr reserves, Cr SHU funds, and Cr
   SHU payable for each share held for a member;
4. each share paid as sukarela through ``savings.services.savings_credit_shu`` (her row, her
   statement), one entry each: Dr SHU belum dibagi / Cr her sukarela;
5. the :class:`~yearend.models.YearEnd` and its shares, and an audit event.

A pool nobody could share stays in SHU belum dibagi (``undistributed``) for a later RAT.

A share held as payable (the rules say so, or she left during the year) is paid in cash later by
:func:`shu_payout`: Dr SHU payable / Cr cash, never beyond what is owed to her.
"""
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audit.services import audit_record
from books.models import EntryKind
from books.services import credit, debit, journal_post, journal_reverse, period_close, period_reopen
from core.dates import today
from core.inputs import field_error as _field_error
from core.money import format_rupiah
from groups.models import Group
from groups.rules import ShuPaidAs
from savings.services import savings_credit_shu, savings_reverse_shu

from .models import ShuPayout, YearEnd, YearEndShare
from .selectors import book_year, first_open_year, shu_distribution, shu_owed


def _closing_lines(statement):
    """Return the lines that bring every income and expense account of the year to zero, into SHU."""
    lines = []
    for row in statement["income"]:
        amount, key = row["amount"], row["account"].key
        lines.append(debit(key, amount) if amount > 0 else credit(key, -amount))
    for row in statement["expense"]:
        amount, key = row["amount"], row["account"].key
        lines.append(credit(key, amount) if amount > 0 else debit(key, -amount))
    surplus = statement["surplus"]
    lines.append(credit("retained_surplus", surplus) if surplus > 0 else debit("retained_surplus", -surplus))
    return lines


def _check_decision(*, year, decided_on, agreed_by):
    start, end = book_year(year)
    if end >= today():
        raise ValidationError(_("The book year %(year)s has not ended yet.") % {"year": year}, code="year_not_ended")
    if decided_on is None or decided_on <= end:
        raise _field_error("decided_on", _("The RAT decides after the year has ended: give a date after %(date)s.")
                           % {"date": end.strftime("%d/%m/%Y")}, "decided_in_year")
    if decided_on > today():
        raise _field_error("decided_on", _("The date cannot be in the future."), "future_date")
    if not (agreed_by or "").strip():
        raise _field_error("agreed_by", _("Say who agreed (the RAT, how many members were present)."),
                           "agreed_by_required")
    return start, end


@transaction.atomic
def year_end_post(*, group, year, decided_on, agreed_by, actor, idempotency_key=None):
    """Close ``group``'s book ``year`` and share its SHU as the RAT decided on ``decided_on``; return the YearEnd.

    Refused: a year not ended, a decision dated in the year or in the future, a year already
    posted (also the named constraint ``yearend_one_posting_per_year``), an earlier year with
    entries still open, rules whose percentages do not sum to 100. The same ``idempotency_key``
    again returns the first posting.
    """
    group = Group.objects.select_for_update().get(pk=group.pk)
    if idempotency_key:
        existing = YearEnd.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    start, end = _check_decision(year=year, decided_on=decided_on, agreed_by=agreed_by)
    if YearEnd.objects.filter(group=group, year=year, reversed_at__isnull=True).exists():
        raise ValidationError(_("The year end of %(year)s is already posted; reverse it first to post it again.")
                              % {"year": year}, code="already_posted")
    open_year = first_open_year(group)
    if open_year is not None and open_year < year:
        raise ValidationError(_("The books of %(open)s are still open: post the year end of %(open)s first.")
                              % {"open": open_year}, code="earlier_year_open")
    distribution = shu_distribution(group, year)
    reference = f"yearend-{year}"
    memo = _("Year end %(year)s: SHU %(surplus)s") % {"year": year,
                                                      "surplus": format_rupiah(distribution.surplus)}
    closing_lines = _closing_lines(distribution.income_statement)
    closing = None
    if any(ln.debit or ln.credit for ln in closing_lines):
        closing = journal_post(group=group, date=end, kind=EntryKind.YEAR_END_CLOSING, lines=closing_lines,
                               actor=actor, memo=memo, reference=reference)
    period = period_close(group=group, start=start, end=end, actor=actor, reference=reference)
    payable = [s for s in distribution.shares if s.total and s.paid_as == ShuPaidAs.PAYABLE]
    pools = distribution.pools
    lines = [debit("retained_surplus", pools["reserves"] + pools["other_funds"] + sum(s.total for s in payable)),
             credit("reserves", pools["reserves"]), credit("shu_funds", pools["other_funds"])]
    lines += [credit("shu_payable", s.total, s.member) for s in payable]
    distributed = None
    if any(ln.debit for ln in lines):
        distributed = journal_post(group=group, date=decided_on, kind=EntryKind.SHU_DISTRIBUTION, lines=lines,
                                   actor=actor, memo=memo, reference=reference)
    to_sukarela = [s for s in distribution.shares if s.total and s.paid_as == ShuPaidAs.SUKARELA]
    rows = savings_credit_shu(credits=[(s.member, s.total) for s in to_sukarela], date=decided_on, actor=actor,
                              reference=reference)
    txn_of = {row.member_id: row for row in rows}
    year_end = YearEnd.objects.create(
        group=group, year=year, start=start, end=end, rules=distribution.rules, decided_on=decided_on,
        agreed_by=agreed_by.strip()[:255], surplus=distribution.surplus, undistributed=distribution.undistributed,
        closing_entry=closing, distribution_entry=distributed, closed_period=period,
        idempotency_key=idempotency_key or None, posted_by=actor, **pools)
    YearEndShare.objects.bulk_create([
        YearEndShare(year_end=year_end, member=s.member, savings_basis=s.savings_basis,
                     business_basis=s.business_basis, jasa_modal=s.jasa_modal, jasa_anggota=s.jasa_anggota,
                     total=s.total, paid_as=s.paid_as, savings_txn=txn_of.get(s.member.pk))
        for s in distribution.shares])
    audit_record(actor=actor, action="yearend.post", obj=year_end, group=group,
                 data={"year": year, "decided_on": decided_on.isoformat(), "surplus": distribution.surplus,
                       **pools, "undistributed": distribution.undistributed, "shares": len(distribution.shares)})
    return year_end


@transaction.atomic
def year_end_reverse(*, year_end, actor, reason):
    """Undo a posted year end whole: every entry and savings row reversed (linked), the year open again.

    The members' sukarela credits are reversed first (refused if one was already taken out), then
    the distribution, then the year is reopened and its closing entry reversed, each on its own
    date, so every balance as of every date reads as before the posting. A later year still posted
    must be reversed first.
    """
    reason = (reason or "").strip()
    if not reason:
        raise _field_error("reason", _("Give the reason for the reversal."), "reason_required")
    Group.objects.select_for_update().get(pk=year_end.group_id)
    year_end = YearEnd.objects.select_for_update().select_related("closed_period").get(pk=year_end.pk)
    if year_end.reversed_at is not None:
        raise ValidationError(_("This year end has already been reversed."), code="already_reversed")
    later = (YearEnd.objects.filter(group_id=year_end.group_id, year__gt=year_end.year, reversed_at__isnull=True)
             .order_by("-year").first())
    if later is not None:
        raise ValidationError(_("The year end of %(year)s is posted after it: reverse that one first.")
                              % {"year": later.year}, code="later_year_posted")
    if year_end.payouts.exists():  # the cash is in her hands: the year end cannot be undone around it
        raise ValidationError(_("Part of this SHU has already been paid out in cash; the year end cannot be "
                                "reversed. Post a correction in the open year."), code="shu_paid_out")
    credits = [s.savings_txn for s in year_end.shares.select_related("savings_txn__member")
               if s.savings_txn is not None]
    savings_reverse_shu(txns=credits, actor=actor, reason=reason)
    if year_end.distribution_entry_id:
        journal_reverse(entry=year_end.distribution_entry, actor=actor, reason=reason)
    period_reopen(period=year_end.closed_period, actor=actor, reason=reason)
    if year_end.closing_entry_id:
        journal_reverse(entry=year_end.closing_entry, actor=actor, reason=reason)
    year_end.reversed_at, year_end.reversed_by, year_end.reversal_reason = timezone.now(), actor, reason[:255]
    year_end.save(update_fields=["reversed_at", "reversed_by", "reversal_reason"])
    audit_record(actor=actor, action="yearend.reverse", obj=year_end, group=year_end.group,
                 data={"year": year_end.year, "reason": year_end.reversal_reason})
    return year_end


@transaction.atomic
def shu_payout(*, year_end, member, amount, paid_on, actor, idempotency_key):
    """Pay ``member`` ``amount`` in cash from her SHU held as payable; return the :class:`ShuPayout`.

    Dr SHU payable (hers) / Cr cash, dated ``paid_on`` (after the RAT, not in the future, in the
    open year: the books refuse a closed day). Refused beyond what is still owed to her, or for a
    reversed year end. ``idempotency_key`` (made where the form is filled) posts it once: sent
    again, the first payout is returned and nothing more is written.
    """
    if not idempotency_key:
        raise ValidationError(_("The form has no submission id; reload the page and send it again."),
                              code="no_idempotency_key")
    existing = ShuPayout.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    Group.objects.select_for_update().get(pk=year_end.group_id)
    year_end = YearEnd.objects.get(pk=year_end.pk)
    if year_end.reversed_at is not None:
        raise ValidationError(_("This year end has been reversed: nothing of it is owed."), code="reversed")
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise _field_error("amount", _("Enter an amount of at least Rp 1."), "amount_not_positive")
    if paid_on is None or paid_on > today():
        raise _field_error("paid_on", _("The date cannot be in the future."), "future_date")
    if paid_on < year_end.decided_on:
        raise _field_error("paid_on", _("The SHU is owed from the RAT of %(date)s, not before.")
                           % {"date": date_format(year_end.decided_on)}, "before_rat")
    owed = shu_owed(year_end, member)
    if owed <= 0:
        raise ValidationError(_("Nothing of her SHU of %(year)s is owed to her.") % {"year": year_end.year},
                              code="nothing_owed")
    if amount > owed:
        raise _field_error("amount", _("Only %(owed)s of her SHU is still owed to her.")
                           % {"owed": format_rupiah(owed)}, "more_than_owed")
    entry = journal_post(group=year_end.group, date=paid_on, kind=EntryKind.SHU_PAYOUT, actor=actor, audit=False,
                         lines=[debit("shu_payable", amount, member), credit("cash", amount)],
                         memo=_("SHU %(year)s paid to %(name)s") % {"year": year_end.year, "name": member.full_name},
                         reference=f"shu-{year_end.year}-{member.pk}")
    try:
        with transaction.atomic():
            payout = ShuPayout.objects.create(year_end=year_end, member=member, amount=amount, paid_on=paid_on,
                                              entry=entry, idempotency_key=idempotency_key, created_by=actor)
    except IntegrityError:  # yearend_payout_idempotency_key_unique: the same form, sent at the same moment
        raise ValidationError(_("This payment was sent twice at once; reload the page to see it."),
                              code="sent_twice")
    audit_record(actor=actor, action="yearend.shu_payout", obj=payout, group=year_end.group,
                 data={"year": year_end.year, "member": member.code, "amount": amount, "paid_on": paid_on.isoformat()})
    return payout
