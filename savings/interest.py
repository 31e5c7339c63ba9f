"""Sukarela interest (jasa simpanan): pure arithmetic over a member's balances, and its inputs.

Interest for one month = basis x rate / 100, with the rate in % per month from the rules in force
on the period's last day, and the basis either

* ``minimum``: the lowest end-of-day balance of the month, or
* ``average``: the mean of the month's end-of-day balances (each calendar day weighs the same).

A monthly schedule credits the month ending on ``period_end``; a yearly schedule credits the sum
over the twelve months ending on ``period_end``. The member's total for the period is rounded
half up to whole Rupiah once (not month by month), so a yearly credit equals the exact sum.
"""
import calendar
import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from core.dates import add_months
from core.money import round_half_up
from groups.rules import GroupRules
from groups.selectors import rules_for

from .models import SavingsKind, SavingsTransaction
from .selectors import SIGNED


def period_months(period_end, schedule):
    """Return the first days of the months credited for a period ending on ``period_end``."""
    last_day = calendar.monthrange(period_end.year, period_end.month)[1]
    if period_end.day != last_day:
        raise ValidationError({"period_end": ValidationError(
            _("Interest is credited on the last day of a month."), code="not_month_end")})
    count = 12 if schedule == GroupRules.InterestSchedule.YEARLY else 1
    first = period_end.replace(day=1)
    return [add_months(first, -i) for i in range(count - 1, -1, -1)]


def month_basis(opening, movements, month_start, basis):
    """Return the month's basis balance (a Decimal) from its opening balance and {date: net movement}."""
    days = calendar.monthrange(month_start.year, month_start.month)[1]
    balance = opening
    closing = []
    for offset in range(days):
        balance += movements.get(month_start + datetime.timedelta(days=offset), 0)
        closing.append(balance)
    if basis == GroupRules.InterestBasis.AVERAGE:
        return Decimal(sum(closing)) / days
    return Decimal(min(closing))


def interest_for_balances(opening, movements, months, *, rate, basis):
    """Return the interest in whole Rupiah for ``months`` given the balance before the first month
    and {date: net movement} within them."""
    total = Decimal(0)
    balance = opening
    for month_start in months:
        total += month_basis(balance, movements, month_start, basis) * Decimal(rate) / 100
        month_end = add_months(month_start, 1)
        balance += sum(v for d, v in movements.items() if month_start <= d < month_end)
    return max(round_half_up(total), 0)


def interest_for_group(group, *, period_end):
    """Return {member_id: interest} for members of ``group`` with sukarela savings (two queries + rules)."""
    rules = rules_for(group, period_end)
    if rules is None or rules.sukarela_interest_rate <= 0:
        return {}
    months = period_months(period_end, rules.sukarela_interest_schedule)
    start = months[0]
    rows = SavingsTransaction.objects.filter(
        group=group, kind=SavingsKind.SUKARELA, value_date__lte=period_end,
    ).filter(Q(member__exited_on__isnull=True) | Q(member__exited_on__gt=period_end))
    openings = dict(rows.filter(value_date__lt=start).values("member_id").annotate(b=Sum(SIGNED))
                    .order_by().values_list("member_id", "b"))
    movements = {}
    for member_id, day, signed in (rows.filter(value_date__gte=start)
                                   .values_list("member_id", "value_date", SIGNED)):
        per_day = movements.setdefault(member_id, {})
        per_day[day] = per_day.get(day, 0) + signed
    return {
        member_id: interest_for_balances(openings.get(member_id, 0), movements.get(member_id, {}), months,
                                         rate=rules.sukarela_interest_rate, basis=rules.sukarela_interest_basis)
        for member_id in set(openings) | set(movements)
    }
