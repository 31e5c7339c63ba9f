"""Sums of the books over long periods, read from month totals instead of every line.

Design overview
---------------
Journal lines are append-only, so the debits and credits of an account in a month only ever
grow. :class:`~books.models.MonthTotal` holds them, kept by a database trigger on every insert
into ``books_journalline`` whoever inserts (the services, the bulk paths of the savings and
loans apps, the imports), so no code path can forget it. A sum over any period is then the
month totals of the whole months inside it plus the lines of the partial months at its edges:
two queries whatever the number of lines or years. The trigger is the only writer; the tests
(``tests/books/test_totals.py``) compare the totals with the lines they come from.
"""
import datetime
from collections import defaultdict

from django.db import migrations
from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from core.dates import month_end

from .models import JournalLine, MonthTotal
from .selectors import closing_q

SQLITE_TRIGGER = """
CREATE TRIGGER books_monthtotal_add AFTER INSERT ON books_journalline
BEGIN
    INSERT INTO books_monthtotal (account_id, month, debit, credit)
    SELECT NEW.account_id, substr(e.date, 1, 7) || '-01', NEW.debit, NEW.credit
    FROM books_journalentry e WHERE e.id = NEW.entry_id
    ON CONFLICT (account_id, month) DO UPDATE SET debit = debit + excluded.debit, credit = credit + excluded.credit;
END;
"""

# One statement-level trigger per INSERT: a bulk insert of thousands of lines updates each
# account-month once. Rows are upserted in (account, month) order so that two transactions
# posting to the same accounts lock their totals in the same order.
POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION books_monthtotal_add() RETURNS trigger AS $$
BEGIN
    INSERT INTO books_monthtotal (account_id, month, debit, credit)
    SELECT n.account_id, date_trunc('month', e.date)::date, SUM(n.debit), SUM(n.credit)
    FROM new_lines n JOIN books_journalentry e ON e.id = n.entry_id
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (account_id, month) DO UPDATE
        SET debit = books_monthtotal.debit + EXCLUDED.debit, credit = books_monthtotal.credit + EXCLUDED.credit;
    RETURN NULL;
END; $$ LANGUAGE plpgsql;
"""
POSTGRES_TRIGGER = """
CREATE TRIGGER books_monthtotal_add AFTER INSERT ON books_journalline
REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION books_monthtotal_add();
"""
BACKFILL = {
    "sqlite": "substr(e.date, 1, 7) || '-01'",
    "postgresql": "date_trunc('month', e.date)::date",
}


def _install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    month = BACKFILL[vendor]
    # Names and expressions are constants of this module; no value comes from outside.
    schema_editor.execute(
        "INSERT INTO books_monthtotal (account_id, month, debit, credit) "  # noqa: S608
        f"SELECT l.account_id, {month}, SUM(l.debit), SUM(l.credit) FROM books_journalline l "
        "JOIN books_journalentry e ON e.id = l.entry_id GROUP BY 1, 2")
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_TRIGGER)
    else:
        schema_editor.execute(POSTGRES_FUNCTION, params=None)
        schema_editor.execute(POSTGRES_TRIGGER)


def _uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS books_monthtotal_add")
    else:
        schema_editor.execute("DROP TRIGGER IF EXISTS books_monthtotal_add ON books_journalline")
    schema_editor.execute("DELETE FROM books_monthtotal")


def month_total_trigger():
    """Return the migration operation that fills the month totals and installs their trigger."""
    return migrations.RunPython(_install, _uninstall)


def _whole_months(start, end):
    """Return (first month, last month) wholly inside [start, end] (None when there is none)."""
    first = start if start is None or start.day == 1 else month_end(start) + datetime.timedelta(days=1)
    last = end.replace(day=1) if end == month_end(end) else end.replace(day=1) - datetime.timedelta(days=1)
    last = last.replace(day=1)
    if first is not None and first > last:
        return None
    return first, last


def _accounts(groups, keys):
    q = Q(account__group__in=groups)
    return q & Q(account__key__in=keys) if keys is not None else q


def _lines(groups, keys):
    """The lines of ``groups``' accounts, also filtered by the entry's group (equal: journal_post checks it).

    The redundant filter lets the planner find the days through the entries' (group, date) index
    instead of scanning every line of the federation: 50 ms at 30 groups, growing with the
    federation, against 1.6 ms (docs/performance.md).
    """
    return _accounts(groups, keys) & Q(entry__group__in=groups)


def sums_by_account(group_ids, *, end, start=None, keys=None, before_closing=False):
    """Return {(group_id, key): (debit, credit)} of lines dated in [start, end] (from the beginning without start).

    Two queries: the month totals of the whole months, the lines of the partial months at the edges.
    With ``before_closing`` a third takes out the year-end closing entries (and their reversals):
    the flows of income and expense a period earned and spent, not the closing into SHU.
    """
    group_ids = group_ids if isinstance(group_ids, QuerySet) else list(group_ids)  # read twice
    accounts = _accounts(group_ids, keys)
    result = defaultdict(lambda: [0, 0])
    months = _whole_months(start, end)
    if months is None:
        edges = Q(entry__date__lte=end) & (Q(entry__date__gte=start) if start is not None else Q())
    else:
        first, last = months
        totals = MonthTotal.objects.filter(accounts, month__lte=last)
        if first is not None:
            totals = totals.filter(month__gte=first)
        for row in totals.values("account__group_id", "account__key").annotate(
                d=Coalesce(Sum("debit"), 0), c=Coalesce(Sum("credit"), 0)).order_by():
            _add(result, row)
        # Only the days at the edges, as ranges the date index can use.
        edges = Q(entry__date__gt=month_end(last), entry__date__lte=end)
        if start is not None and start < first:
            edges |= Q(entry__date__gte=start, entry__date__lt=first)
    lines = JournalLine.objects.filter(_lines(group_ids, keys), edges)
    for row in lines.values("account__group_id", "account__key").annotate(
            d=Coalesce(Sum("debit"), 0), c=Coalesce(Sum("credit"), 0)).order_by():
        _add(result, row)
    if before_closing:
        period = Q(entry__date__lte=end) & (Q(entry__date__gte=start) if start is not None else Q())
        closing = JournalLine.objects.filter(_lines(group_ids, keys), period, closing_q())
        for row in closing.values("account__group_id", "account__key").annotate(
                d=Coalesce(Sum("debit"), 0), c=Coalesce(Sum("credit"), 0)).order_by():
            _add(result, {**row, "d": -row["d"], "c": -row["c"]})
    return {k: tuple(v) for k, v in result.items()}


def monthly_sums(group_ids, *, end, keys=None, by_group=False):
    """Return {(month, key): (debit, credit)} of every month up to ``end`` (its month only up to ``end``).

    ``by_group``: {(group_id, month, key): (debit, credit)}, each group apart (the dashboard keeps
    each group's trend in the cache). Two queries, whatever the number of years or lines.
    """
    group_ids = group_ids if isinstance(group_ids, QuerySet) else list(group_ids)  # read twice
    accounts = _accounts(group_ids, keys)
    fields = ("account__group_id", "account__key") if by_group else ("account__key",)
    result = defaultdict(lambda: [0, 0])

    def add(row, month):
        key = (row["account__group_id"], month, row["account__key"]) if by_group else (month, row["account__key"])
        result[key][0] += row["d"]
        result[key][1] += row["c"]

    this_month = end.replace(day=1)
    whole = this_month if end == month_end(end) else this_month - datetime.timedelta(days=1)
    for row in (MonthTotal.objects.filter(accounts, month__lte=whole)
                .values("month", *fields).annotate(d=Sum("debit"), c=Sum("credit")).order_by()):
        add(row, row["month"])
    if end != month_end(end):
        for row in (JournalLine.objects.filter(_lines(group_ids, keys), entry__date__gte=this_month,
                                               entry__date__lte=end)
                    .values(*fields).annotate(d=Sum("debit"), c=Sum("credit")).order_by()):
            add(row, this_month)
    return {k: tuple(v) for k, v in result.items()}


def _add(result, row):
    key = (row["account__group_id"], row["account__key"])
    result[key][0] += row["d"]
    result[key][1] += row["c"]

