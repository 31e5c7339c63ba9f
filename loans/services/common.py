"""Helpers shared by the loan services."""
import datetime

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.dates import today
from groups.models import Group
from groups.rules import GroupRules
from groups.selectors import rules_for
from loans.models import Loan
from members.services import lock_members


def lock_loan(loan: Loan) -> Loan:
    """Return ``loan`` re-read with its row locked, so what follows sees every earlier payment.

    The borrower's row is locked first (members before loans, ``members.services.lock_members``):
    an overpayment kept as sukarela locks her row anyway, and a meeting sheet locks its members
    before their loans.
    """
    lock_members([loan.member_id])
    return Loan.objects.select_for_update(of=("self",)).select_related("member", "group", "rules").get(pk=loan.pk)


def require_status(loan: Loan, *statuses: str) -> None:
    if loan.status not in statuses:
        raise ValidationError(
            _("This loan is %(status)s; that step is not possible now.") % {"status": loan.get_status_display()},
            code="wrong_status",
        )


def require_rules(group: Group, on: datetime.date) -> GroupRules:
    """Return the group's rules in force on ``on``, or refuse: every loan step follows them."""
    rules = rules_for(group, on)
    if rules is None:
        raise ValidationError(_("The group has no rules in force on %(date)s.") % {
            "date": date_format(on)}, code="no_rules")
    return rules


def refuse_future(date: datetime.date) -> None:
    """Money is recorded when it moves: a date after today is refused."""
    if date > today():
        raise ValidationError({"date": ValidationError(_("The date cannot be in the future."), code="future_date")})


def latest_payment_date(loan: Loan) -> datetime.date | None:
    """Return the date of the loan's latest payment that was not reversed, or None."""
    return loan.repayments.filter(reversal__isnull=True).aggregate(d=Max("value_date"))["d"]


def refuse_before(latest: datetime.date | None, date: datetime.date) -> None:
    """Payments are split in date order: nothing may be dated before the loan's latest payment ``latest``."""
    if latest is not None and date < latest:
        raise ValidationError({"date": ValidationError(
            _("The loan already has a payment on %(date)s; enter a date on or after it.") % {
            "date": date_format(latest)},
            code="before_last_payment")})


def refuse_before_last_payment(loan: Loan, date: datetime.date) -> None:
    refuse_before(latest_payment_date(loan), date)
