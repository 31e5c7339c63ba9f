"""Helpers shared by the loan services."""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.dates import today
from loans.models import Loan


def lock_loan(loan):
    """Return ``loan`` re-read with its row locked, so what follows sees every earlier payment."""
    return Loan.objects.select_for_update(of=("self",)).select_related("member", "group", "rules").get(pk=loan.pk)


def require_status(loan, *statuses):
    if loan.status not in statuses:
        raise ValidationError(
            _("This loan is %(status)s; that step is not possible now.") % {"status": loan.get_status_display()},
            code="wrong_status",
        )


def refuse_future(date):
    """Money is recorded when it moves: a date after today is refused."""
    if date > today():
        raise ValidationError({"date": ValidationError(_("The date cannot be in the future."), code="future_date")})
