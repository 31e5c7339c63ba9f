"""A member's exit: her savings first settle what she owes on loans, the rest is paid out, her membership closes.

Above savings and loans (docs/architecture.md, "Layers"): the exit pays her loans and covers
through the loan services and her savings out through savings' own posting.
"""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from books.periods import check_open, closed_through
from books.services import accounts_by_key
from core.dates import today
from core.idempotency import idempotent
from core.inputs import field_error
from loans import services as loan_services
from members.models import Membership
from savings.models import SavingsKind, SavingsTransaction, TxnType
from savings.selectors import paid_settlement

# The savings service's own row posting and member lock: the exit writes her exit rows exactly as
# every other savings row is written (the one writer of savings rows stays savings.services).
from savings.services import _lock_member, _post

from .selectors import settlement_for


def _settle_deductions(settlement, *, actor):
    """Pay what she owes from her savings through the loan services (Dr cash / Cr receivable).

    The payout rows below then take all her savings out of cash, so cash falls by the payout alone.
    """
    for d in settlement.deductions:
        if d.loan is not None:
            loan_services.loan_repay(loan=d.loan, amount=d.amount, date=settlement.on, actor=actor)
        else:
            loan_services.cover_payback(cover=d.cover, amount=d.amount, date=settlement.on, actor=actor)


@idempotent("member.exit", refer=lambda settlement: settlement.member,
            load=lambda member: paid_settlement(member))
@transaction.atomic
def member_exit(*, member, date, actor):
    """Settle her savings and close her membership on ``date``; return the settlement.

    Returns pokok + wajib + sukarela (less what :func:`exits.selectors.settlement_for` deducts)
    in cash, one exit row and journal entry per kind (Dr savings of that kind / Cr cash), sets
    ``member.exited_on`` and closes the open membership, all in one transaction.
    """
    member = _lock_member(member)
    if member.exited_on is not None:
        raise ValidationError(_("She has already left the group."), code="exited")
    if date > today():
        raise field_error("date", _("The date cannot be in the future."), "future_date")
    if date < member.joined_on:
        raise field_error("date", _("The date is before she joined the group."), "before_join")
    check_open(date, closed_through(member.group_id), field="date")  # refused even when nothing is paid out
    if SavingsTransaction.objects.filter(member=member, value_date__gt=date).exists():
        raise field_error("date", _("She has savings transactions after this date."), "later_rows")
    settlement = settlement_for(member, on=date)
    _settle_deductions(settlement, actor=actor)
    accounts = accounts_by_key(member.group)
    reference = f"exit-{member.pk}"
    for kind in SavingsKind.values:
        amount = settlement.balances[kind]
        if amount > 0:
            _post(member=member, kind=kind, type=TxnType.EXIT, amount=amount, date=date, actor=actor,
                  accounts=accounts, reference=reference)
    member.exited_on = date
    member.save(update_fields=["exited_on"])
    Membership.objects.filter(member=member, left_on__isnull=True).update(left_on=date)
    audit_record(actor=actor, action="member.exit", obj=member, group=member.group,
                 data={"date": date.isoformat(), "payout": settlement.payout})
    return settlement
