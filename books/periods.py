"""Closed periods: once a year end is posted, nothing may be dated in the year it closed.

Design overview
---------------
A :class:`~books.models.ClosedPeriod` says the group's books are closed up to its ``end``. The
rule is enforced at the lowest level that writes the books, twice:

* a database trigger on ``books_journalentry`` refuses any entry of the group dated on or before
  the end of a closed period that stands (not reopened), whoever inserts it — the services, the
  bulk paths of savings and loans, the imports, raw SQL;
* the writers check first so that the person sees a clear message instead of a database error:
  ``books.services.journal_post`` and ``journal_reverse`` (every service), and the row checkers of
  the bulk paths and imports (``savings.bulk.MovementChecker``, ``loans.bulk.RepaymentChecker``,
  the opening balances), which read the closed dates once with :func:`closed_through_by_group`.

Periods close in order (the year end refuses a year while an earlier year with entries is open),
so "closed up to" the latest end is the whole rule. On PostgreSQL the trigger first takes a
KEY SHARE lock on the group's row, the lock the foreign key takes anyway: the year end holds the
group's row FOR UPDATE while it computes and posts, so an entry racing it waits, and then sees the
closed period (each statement of the trigger reads what was committed before it ran).
"""
import datetime
from collections.abc import Iterable
from typing import Any

from django.db import migrations
from django.db.models import Max
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from groups.periods import check_open, closed_message  # noqa: F401  (the one message; read here by the writers)

from .models import ClosedPeriod

SQLITE_TRIGGER = """
CREATE TRIGGER books_entry_period_open BEFORE INSERT ON books_journalentry
WHEN EXISTS (SELECT 1 FROM books_closedperiod p WHERE p.group_id = NEW.group_id
             AND p.reopened_at IS NULL AND NEW.date <= p."end")
BEGIN
    SELECT RAISE(ABORT, 'books_period_closed: the books of this group are closed up to that date');
END;
"""
POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION books_entry_period_open() RETURNS trigger AS $$
BEGIN
    PERFORM 1 FROM groups_group WHERE id = NEW.group_id FOR KEY SHARE;
    IF EXISTS (SELECT 1 FROM books_closedperiod p WHERE p.group_id = NEW.group_id
               AND p.reopened_at IS NULL AND NEW.date <= p."end") THEN
        RAISE EXCEPTION 'books_period_closed: group %, date %', NEW.group_id, NEW.date
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END; $$ LANGUAGE plpgsql;
"""
POSTGRES_TRIGGER = """
CREATE TRIGGER books_entry_period_open BEFORE INSERT ON books_journalentry
FOR EACH ROW EXECUTE FUNCTION books_entry_period_open();
"""


def _install(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_TRIGGER)
    else:
        schema_editor.execute(POSTGRES_FUNCTION, params=None)
        schema_editor.execute(POSTGRES_TRIGGER)


def _uninstall(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS books_entry_period_open")
    else:
        schema_editor.execute("DROP TRIGGER IF EXISTS books_entry_period_open ON books_journalentry")
        schema_editor.execute("DROP FUNCTION IF EXISTS books_entry_period_open()")


def closed_period_trigger() -> migrations.RunPython:
    """Return the migration operation that installs the trigger refusing entries in a closed period."""
    return migrations.RunPython(_install, _uninstall)


def closed_through_by_group(group_ids: Iterable[int] | None = None) -> dict[int, datetime.date]:
    """Return {group_id: the last day its books are closed up to} for the groups with a closed period (one query).

    Without ``group_ids``, for every group (an import reads them once for its whole file).
    """
    periods = ClosedPeriod.objects.filter(reopened_at__isnull=True)
    if group_ids is not None:
        periods = periods.filter(group_id__in=list(group_ids))
    return dict(periods.values("group_id").annotate(end=Max("end")).order_by().values_list("group_id", "end"))


def closed_through(group_id: int) -> datetime.date | None:
    """Return the last day the group's books are closed up to, or None while no year is closed (one query)."""
    return closed_through_by_group([group_id]).get(group_id)


def closed_meanwhile_message(day: datetime.date) -> str:
    return _("The books were closed while this was being saved: %(date)s now falls in a year whose year end is "
             "posted. Post it in the open year.") % {"date": date_format(day)}
