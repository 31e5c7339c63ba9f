"""Append-only storage for posted money.

Posted rows are never changed: the model refuses ``save()`` on an existing row and
``delete()``, the queryset refuses ``update()`` and ``delete()``, and database triggers
(installed by :func:`append_only_triggers`) refuse UPDATE (and DELETE on PostgreSQL)
underneath the ORM.
A correction is a new row that reverses the old one.
"""
from django.core.exceptions import ValidationError
from django.db import migrations, models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(ValidationError):
    def __init__(self):
        super().__init__(_("Posted entries cannot be changed or deleted; post a reversal."), code="append_only")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError()

    def delete(self):
        raise AppendOnlyError()

    _raw_delete = delete


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
