"""The group's meeting calendar and the instalment due dates on it (pure, no database).

A group meets on the nth weekday of every month (``Group.meeting_week``, ``Group.meeting_weekday``,
e.g. every second Tuesday). A loan's instalments fall due at those meetings, since that is where
members pay: the first at the first meeting at least ``min_days`` after the disbursement (a rules
setting, ``GroupRules.loan_first_due_min_days``), then one at each monthly meeting after it.
"""
import datetime

from core.dates import add_months

MAX_MIN_DAYS = 60  # the rules' range for the days before the first instalment (named CHECK constraint)


def nth_weekday(year, month, week, weekday):
    """Return the ``week``-th (1–4) ``weekday`` (0 = Monday) of ``month`` in ``year``."""
    first = datetime.date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return datetime.date(year, month, 1 + offset + 7 * (week - 1))


def meeting_on_or_after(day, *, week, weekday):
    """Return the first calendar meeting date on or after ``day``."""
    this_month = nth_weekday(day.year, day.month, week, weekday)
    if this_month >= day:
        return this_month
    following = add_months(day.replace(day=1), 1)
    return nth_weekday(following.year, following.month, week, weekday)


def meeting_due_dates(*, start, count, week, weekday, min_days):
    """Return the due dates of ``count`` instalments of a loan disbursed (or rescheduled) on ``start``.

    The first is the first meeting on or after ``start`` + ``min_days``; each next one is the
    meeting of the month after. Example: meetings every second Tuesday, disbursed at the meeting
    of 14 January 2025, 14 days: 11 February, 11 March, 8 April 2025 ...
    """
    first = meeting_on_or_after(start + datetime.timedelta(days=min_days), week=week, weekday=weekday)
    month = first.replace(day=1)
    return [nth_weekday(m.year, m.month, week, weekday) for m in (add_months(month, k) for k in range(count))]


def monthly_due_dates(*, start, count):
    """Return the due dates of ``count`` instalments one month apart to the day, from a month after ``start``."""
    return [add_months(start, k) for k in range(1, count + 1)]


def due_dates_for(group, rules, *, start, count):
    """Return the instalment due dates of a schedule starting on ``start`` under the group's ``rules``.

    ``rules.loan_due_at`` chooses: at the group's meetings (its calendar), or monthly to the day
    from ``start`` (a group whose members pay at the office).
    """
    if rules.loan_due_at == "monthly":
        return monthly_due_dates(start=start, count=count)
    return meeting_due_dates(start=start, count=count, week=group.meeting_week, weekday=group.meeting_weekday,
                             min_days=rules.loan_first_due_min_days)
