"""Append-only storage for posted money.

Posted rows are never changed: the model refuses ``save()`` on an existing row and
``delete()``, the queryset refuses ``update()`` and ``delete()``, and database triggers
(installed by :func:`append_only_triggers`) refuse UPDATE (and DELETE on PostgreSQL)
underneath the ORM.
A correction is a new row that reverses the old one.
"""
from django.core.exceptions import ValidationError
from django.db import connection, migrations, models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(ValidationError):
    def __init__(self):
        super().__init__(_("Posted entries cannot be changed or deleted; post a reversal."), code="append_only")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError()

    def delete(self):
        raise AppendOnlyError()

    _raw_delete = delete  # type: ignore[assignment]  # deliberately disabled, not the base signature


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError()


def _install(table):
    def forwards(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "sqlite":
            # Only UPDATE on SQLite: the test runner's flush empties tables with DELETE there
            # (PostgreSQL uses TRUNCATE, which row triggers do not see).
            schema_editor.execute(
                f'CREATE TRIGGER "{table}_no_update" BEFORE UPDATE ON "{table}" '
                f"BEGIN SELECT RAISE(ABORT, 'append-only table {table}'); END;"
            )
        elif vendor == "postgresql":
            schema_editor.execute(
                "CREATE OR REPLACE FUNCTION lkp_append_only() RETURNS trigger AS $$ "
                "BEGIN RAISE EXCEPTION 'append-only table %', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql;",
                params=None,
            )
            schema_editor.execute(
                f'CREATE TRIGGER "{table}_append_only" BEFORE UPDATE OR DELETE ON "{table}" '
                "FOR EACH ROW EXECUTE FUNCTION lkp_append_only();"
            )

    def backwards(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "sqlite":
            schema_editor.execute(f'DROP TRIGGER IF EXISTS "{table}_no_update"')
        elif vendor == "postgresql":
            schema_editor.execute(f'DROP TRIGGER IF EXISTS "{table}_append_only" ON "{table}"')

    return forwards, backwards


def append_only_triggers(*tables):
    """Return migration operations that make ``tables`` refuse UPDATE and DELETE."""
    ops = []
    for table in tables:
        forwards, backwards = _install(table)
        ops.append(migrations.RunPython(forwards, backwards))
    return ops


def append_only_after_sqlite_rebuild(*tables):
    """Return migration operations that put the SQLite append-only trigger of ``tables`` back.

    SQLite rebuilds a table to change one of its CHECK constraints, which drops its triggers;
    PostgreSQL alters the table in place and keeps them, so this does nothing there.
    """
    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        for table in tables:
            schema_editor.execute(
                f'CREATE TRIGGER IF NOT EXISTS "{table}_no_update" BEFORE UPDATE ON "{table}" '
                f"BEGIN SELECT RAISE(ABORT, 'append-only table {table}'); END;"
            )

    return [migrations.RunPython(forwards, migrations.RunPython.noop)]


# Parameters one statement may carry (SQLite's default limit; PostgreSQL's is 65,535).
MAX_PARAMS = {"sqlite": 999, "postgresql": 30000}


def insert_rows(model, columns, rows, *, returning=False):
    """Insert ``rows`` (tuples in ``columns`` order) into ``model``'s table with multi-row INSERTs.

    Plain SQL rather than ``bulk_create``: building a model instance per row costs more than the
    database's own work, and years of history for every group are millions of rows. Values are
    already adapted for the database by the caller (``connection.ops.adapt_*``). With
    ``returning``, return the new ids in the order of ``rows`` (as ``bulk_create`` does, on
    PostgreSQL and SQLite alike). The app that owns ``model`` calls this, in its own service.
    """
    ops = connection.ops
    table = ops.quote_name(model._meta.db_table)
    names = ", ".join(ops.quote_name(c) for c in columns)
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    per_statement = max(1, min(1000, MAX_PARAMS[connection.vendor] // len(columns)))
    ids = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start:start + per_statement]
            # Names come from the model's metadata, values are parameters: nothing from a user.
            sql = f"INSERT INTO {table} ({names}) VALUES {', '.join([one] * len(chunk))}"  # noqa: S608
            params = [value for row in chunk for value in row]
            if returning:
                cursor.execute(sql + f" RETURNING {ops.quote_name('id')}", params)
                ids.extend(r[0] for r in cursor.fetchall())
            else:
                cursor.execute(sql, params)
    return ids
