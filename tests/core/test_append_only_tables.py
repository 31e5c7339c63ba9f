"""Every append-only model's table refuses UPDATE in the database itself, whatever migrations did to it.

SQLite rebuilds a table for many schema changes (a CHECK, a unique index) and drops its triggers
with it; a migration that forgets to put the trigger back would leave posted history editable by
raw SQL. This reads the triggers the database actually has, for every AppendOnlyModel.
"""
import pytest
from django.apps import apps
from django.db import connection

from core.db import AppendOnlyModel

pytestmark = pytest.mark.django_db


def triggers_by_table():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT c.relname, pg_get_triggerdef(t.oid) FROM pg_trigger t "
                           "JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal")
        found = {}
        for table, sql in cursor.fetchall():
            found.setdefault(table, []).append(sql.upper())
    return found


def test_every_append_only_table_has_its_update_trigger():
    tables = sorted(m._meta.db_table for m in apps.get_models() if issubclass(m, AppendOnlyModel))
    assert "loans_repayment" in tables and "savings_savingstransaction" in tables
    found = triggers_by_table()
    # PostgreSQL prints its events in its own order ("BEFORE DELETE OR UPDATE ON ..."): read the part before ON.
    missing = [t for t in tables
               if not any("BEFORE " in sql and "UPDATE" in sql.split(" ON ")[0] for sql in found.get(t, []))]
    assert missing == []
