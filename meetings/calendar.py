"""The group's calendar of expected meetings: the nth weekday of every month (pure, no database)."""

from core.dates import add_months
from groups.calendar import nth_weekday  # noqa: F401  (the calendar arithmetic lives with the group)


def expected_dates(*, week, weekday, start, end):
    """Return the expected meeting dates from ``start`` to ``end`` inclusive, in order."""
    result = []
    month = start.replace(day=1)
    while month <= end:
        day = nth_weekday(month.year, month.month, week, weekday)
        if start <= day <= end:
            result.append(day)
        month = add_months(month, 1)
    return result


def expected_for_group(group, *, start, end):
    """Return the dates ``group`` is expected to meet between ``start`` and ``end``."""
    return expected_dates(week=group.meeting_week, weekday=group.meeting_weekday, start=start, end=end)


def next_expected(group, *, on):
    """Return the first expected meeting date of ``group`` on or after ``on``."""
    this_month = nth_weekday(on.year, on.month, group.meeting_week, group.meeting_weekday)
    if this_month >= on:
        return this_month
    following = add_months(on.replace(day=1), 1)
    return nth_weekday(following.year, following.month, group.meeting_week, group.meeting_weekday)
