"""Dates in the LKP's own time zone (Asia/Jakarta) and month arithmetic."""
import datetime

from django.utils import timezone


def today():
    """Return today's date in Asia/Jakarta."""
    return timezone.localdate()


def add_months(day, months):
    """Return ``day`` moved by ``months`` months, clamped to the month's last day."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last = (datetime.date(year + (month == 12), month % 12 + 1, 1) - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last))


def month_start(day):
    return day.replace(day=1)


def month_end(day):
    """Return the last day of ``day``'s month."""
    return add_months(day.replace(day=1), 1) - datetime.timedelta(days=1)


def months_between(start, end):
    """Return whole months from ``start`` to ``end`` (negative if end is earlier)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return months
