"""A closed year, as the apps below the books see it: one date on the group's row.

The books (``books.models.ClosedPeriod``, ``books.periods``) own the rule and a database trigger
enforces it on the journal. Members, their joins, moves and exits are no journal rows, yet they are
the closed year's figures too (members in and out, in the RAT package). They live below the books,
so they read the group's ``books_closed_through``, which the books' period services keep.
"""
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import Group


def closed_message(closed):
    return _("The books are closed up to %(date)s (its year end is posted): nothing can be dated on or before "
             "that day. Post a correction in the open year.") % {"date": date_format(closed)}


def check_open(day, closed, *, field=None):
    """Raise ValidationError (code ``period_closed``, on ``field`` if given) when ``day`` falls in a closed period.

    ``closed`` is the last day the group's books are closed up to, or None.
    """
    if closed is not None and day is not None and day <= closed:
        error = ValidationError(closed_message(closed), code="period_closed")
        raise ValidationError({field: error}) if field else error


def group_closed_through(group_id):
    """Return the last day the group's books are closed up to, read fresh from its row (one query)."""
    return Group.objects.filter(pk=group_id).values_list("books_closed_through", flat=True).first()


def check_group_open(group_id, day, *, field=None):
    """Refuse ``day`` when it falls in a closed year of the group (see :func:`check_open`)."""
    check_open(day, group_closed_through(group_id), field=field)
