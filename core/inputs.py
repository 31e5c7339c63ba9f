"""Bounds on what people type: digits, search terms and dates, checked in forms and in services alike.

A date outside a sane range is refused where it comes in, because later arithmetic cannot take it
(a meeting dated 9999-12-31 was accepted, then its pages failed in ``add_months``). Digits are
ASCII only: ``"²".isdigit()`` is true but ``int("²")`` fails, and ``int("١٢")`` reads Arabic digits.
"""
import datetime

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.dates import today

#: Money, meetings, rules, officers, assignments and memberships: the LKPs keep books from the 2000s.
EARLIEST = datetime.date(2000, 1, 1)
#: When a group was founded, before it ran an LKP.
EARLIEST_FOUNDING = datetime.date(1950, 1, 1)
#: A member's date of birth.
EARLIEST_BIRTH = datetime.date(1900, 1, 1)
#: How far ahead a date may be planned (a meeting, a rules version, an assignment).
FUTURE_DAYS = 366
#: The longest search term a list page takes.
MAX_SEARCH = 100


def is_ascii_digits(text):
    """Return whether ``text`` is one or more of 0-9 (not ², not ١٢, not empty)."""
    return isinstance(text, str) and text.isascii() and text.isdigit()


def latest_date():
    return today() + datetime.timedelta(days=FUTURE_DAYS)


def date_problem(value, *, earliest=EARLIEST, future=True):
    """Return the message for ``value`` outside [earliest, today + a year] (or today), else None."""
    latest = latest_date() if future else today()
    if value < earliest or value > latest:
        return _("Enter a date from %(earliest)s to %(latest)s.") % {
            "earliest": date_format(earliest), "latest": date_format(latest)}
    return None


def field_error(field, message, code):
    """Return a ValidationError shown on the form's ``field`` that keeps its ``code``.

    The one helper for it: ``ValidationError({field: message}, code=...)`` drops the code (a dict of
    plain messages has none), so tests and the sheet's refusals could not tell errors apart.
    """
    return ValidationError({field: ValidationError(message, code=code)})


def check_date(value, *, field="date", earliest=EARLIEST, future=True):
    """Raise a ValidationError on ``field`` when ``value`` is outside the sane range (services call this)."""
    if value is None:
        return
    message = date_problem(value, earliest=earliest, future=future)
    if message:
        raise field_error(field, message, "date_out_of_range")
