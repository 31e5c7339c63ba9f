"""The books have one writer and the audit trail one (issue #15): no module outside ``books``
builds a journal entry or line, none outside ``audit`` an audit event, whether through the ORM or
raw SQL. The bulk paths (the sheet, the bulk demo, imports) go through ``journal_post_many`` and
``audit_record_many``.
"""
import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WRITERS = {"JournalEntry": "books", "JournalLine": "books", "AuditEvent": "audit"}
RAW_INSERT = re.compile(r"INSERT\s+INTO\s+\"?(books_journalentry|books_journalline|audit_auditevent)\b", re.I)
WRITE_METHODS = {"create", "bulk_create", "get_or_create", "update_or_create"}


def project_modules():
    for path in sorted(ROOT.glob("*/**/*.py")):
        parts = path.relative_to(ROOT).parts
        if parts[0] in {".venv", "tests", "node_modules", "staticfiles"} or "migrations" in parts:
            continue
        yield path, parts[0]


def writes_in(source):
    """Return the names of the guarded models ``source`` constructs or creates rows of, and raw inserts."""
    found = {m.group(1) for m in RAW_INSERT.finditer(source)}
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in WRITERS:  # JournalLine(...)
            found.add(func.id)
        elif isinstance(func, ast.Attribute) and func.attr in WRITE_METHODS:  # JournalLine.objects.create(...)
            target = func.value
            if isinstance(target, ast.Attribute) and target.attr == "objects" and isinstance(target.value, ast.Name) \
                    and target.value.id in WRITERS:
                found.add(target.value.id)
    return found


def test_the_check_sees_each_way_of_writing():
    assert writes_in("JournalLine(entry=e)") == {"JournalLine"}
    assert writes_in("AuditEvent.objects.bulk_create(rows)") == {"AuditEvent"}
    assert writes_in('cursor.execute("INSERT INTO books_journalline (entry_id) VALUES (1)")') == {"books_journalline"}
    assert writes_in("JournalLine.objects.filter(entry=e).count()") == set()


def test_only_books_writes_the_journal_and_only_audit_the_trail():
    offenders = []
    for path, app in project_modules():
        for name in writes_in(path.read_text()):
            owner = WRITERS.get(name) or name.split("_", 1)[0]
            if app != owner:
                offenders.append(f"{path.relative_to(ROOT)}: {name}")
    assert offenders == []
