"""Loan quality: days past due, months in arrears, collectibility class, loss reserve and late penalty (pure).

Days past due (indicators.md, Conventions): days from the due date of the loan's oldest
instalment that is not fully paid at D, to D; 0 when nothing is overdue. Months in arrears: the
whole calendar months from that due date to D.

The class comes from the group's regime (``groups.regimes``, regulation.md "Loan quality and loss
reserves"): a regime that counts **calendar months** (POJK 62/2015: Lancar "up to 3 months") puts
a loan in the first class whose bound ``m`` still holds, that is D ≤ the oldest due date moved
``m`` calendar months on (``core.dates.add_months``), so a loan exactly three months late (92 days
from 10 March to 10 June) is Lancar and one day more is Diragukan; a regime that counts **days**
(POJK 41/2024) compares the days past due with each class's bound. The reserve is the class's
percentage of the outstanding principal (no collateral is recognised for an LKP), rounded half up.
"""
import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.dates import add_months
from core.money import round_half_up
from groups.regimes import DAYS


def days_past_due(unpaid_due_dates, *, on):
    """Return the days from the oldest due date in ``unpaid_due_dates`` to ``on`` (0 if none is past).

    ``unpaid_due_dates`` are the due dates of the instalments not fully paid at ``on``; a due
    date after ``on`` is not overdue, and on the due date itself the loan is 0 days past due.
    """
    overdue = [due for due in unpaid_due_dates if due <= on]
    return (on - min(overdue)).days if overdue else 0


def months_in_arrears(dpd, *, on):
    """Return the whole calendar months a loan ``dpd`` days past due at ``on`` has been late (0 if not late)."""
    if dpd < 0:
        raise ValidationError(_("Days past due cannot be negative."), code="dpd_negative")
    if dpd == 0:
        return 0
    oldest = on - datetime.timedelta(days=dpd)
    months = (on.year - oldest.year) * 12 + on.month - oldest.month
    while months > 0 and add_months(oldest, months) > on:
        months -= 1
    return months


def classify(regime, *, dpd, on):
    """Return the regime's class (``groups.regimes.QualityClass``) of a loan ``dpd`` days past due at ``on``."""
    if dpd < 0:
        raise ValidationError(_("Days past due cannot be negative."), code="dpd_negative")
    oldest = on - datetime.timedelta(days=dpd)
    for klass in regime.classes:
        if klass.upto is None or dpd == 0:
            return klass
        if regime.basis == DAYS:
            if dpd <= klass.upto:
                return klass
        elif on <= add_months(oldest, klass.upto):
            return klass
    raise AssertionError("every regime ends with an unbounded class")


def reserve_for(klass, outstanding):
    """Return the loss reserve in Rupiah: the class's percentage of ``outstanding`` principal, half up."""
    return round_half_up(Decimal(outstanding) * klass.reserve_pct / 100)


def penalty_for(overdue_instalment_amount, days_late, rules):
    """Return the late penalty in Rupiah for one overdue instalment under the group's ``rules``.

    ``rules`` has ``loan_penalty_type`` (none, fixed, percent), ``loan_penalty_value`` and
    ``loan_penalty_grace_days``. Nothing is charged until the instalment is more than the grace
    days late; then once per instalment a fixed amount, or the percent of the overdue
    instalment rounded half up to the Rupiah (not to the loan rounding, which would erase small
    penalties).
    """
    if overdue_instalment_amount < 0 or days_late < 0:
        raise ValidationError(_("Overdue amounts and days late cannot be negative."), code="penalty_input_negative")
    kind = rules.loan_penalty_type
    if kind == "none" or days_late <= rules.loan_penalty_grace_days or overdue_instalment_amount == 0:
        return 0
    value = Decimal(rules.loan_penalty_value)
    if kind == "fixed":
        return round_half_up(value)
    if kind == "percent":
        return round_half_up(Decimal(overdue_instalment_amount) * value / 100)
    raise ValidationError(_("Unknown penalty type: %(kind)s."), code="penalty_type_invalid", params={"kind": kind})
