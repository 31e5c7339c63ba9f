"""The database refuses an unbalanced journal entry, whoever writes it (PostgreSQL).

``books.services.journal_post_many`` checks every entry before it writes it; this is the floor
under it, as django-hordak keeps one: a constraint trigger, deferred to the commit, sums the lines
of each entry that got a line (or was inserted) in the transaction and refuses the commit when
its debits and credits differ or are zero (an entry without lines). Deferred, because an entry's
lines go in one statement after the entry and the check must see them all. SQLite has no
deferred triggers: there the tests scan every entry after the seed and the end-to-end runs
(:func:`books.selectors.unbalanced_entries`).
"""
from django.db import migrations

POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION books_entry_balanced() RETURNS trigger AS $$
DECLARE
    eid bigint;
    d bigint;
    c bigint;
BEGIN
    IF TG_TABLE_NAME = 'books_journalentry' THEN eid := NEW.id; ELSE eid := NEW.entry_id; END IF;
    SELECT COALESCE(SUM(l.debit), 0), COALESCE(SUM(l.credit), 0) INTO d, c
        FROM books_journalline l WHERE l.entry_id = eid;
    IF d <> c OR d = 0 THEN
        RAISE EXCEPTION 'books_entry_unbalanced: entry %, debit %, credit %', eid, d, c
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END; $$ LANGUAGE plpgsql;
"""
POSTGRES_TRIGGERS = [
    """CREATE CONSTRAINT TRIGGER books_line_entry_balanced AFTER INSERT ON books_journalline
       DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION books_entry_balanced();""",
    """CREATE CONSTRAINT TRIGGER books_entry_balanced AFTER INSERT ON books_journalentry
       DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION books_entry_balanced();""",
]


def _install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(POSTGRES_FUNCTION, params=None)
    for sql in POSTGRES_TRIGGERS:
        schema_editor.execute(sql)


def _uninstall(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP TRIGGER IF EXISTS books_line_entry_balanced ON books_journalline")
    schema_editor.execute("DROP TRIGGER IF EXISTS books_entry_balanced ON books_journalentry")
    schema_editor.execute("DROP FUNCTION IF EXISTS books_entry_balanced()")


def balanced_entry_trigger():
    """Return the migration operation that installs the deferred balance check (PostgreSQL only)."""
    return migrations.RunPython(_install, _uninstall)
