"""An unbalanced entry never stays in the books: PostgreSQL refuses it at commit, and the scan finds one."""
import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from books.models import JournalEntry, JournalLine
from books.selectors import unbalanced_entries
from books.services import credit, debit, journal_post
from tests.utils import postgres_only

D = datetime.date(2025, 3, 11)


def _raw_entry(group, actor, lines):
    """Write an entry and its lines with plain SQL, past every check of books.services; return its id."""
    accounts = {a.key: a.pk for a in group.accounts.all()}
    ops = connection.ops
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO books_journalentry (group_id, date, kind, memo, reference, created_at, created_by_id, reason)"
            " VALUES (%s, %s, 'expense', 'raw', '', %s, %s, '') RETURNING id",
            [group.pk, ops.adapt_datefield_value(D), ops.adapt_datetimefield_value(timezone.now()), actor.pk])
        entry_id = cursor.fetchone()[0]
        for key, d, c in lines:
            cursor.execute("INSERT INTO books_journalline (entry_id, account_id, debit, credit)"
                           " VALUES (%s, %s, %s, %s)", [entry_id, accounts[key], d, c])
    return entry_id


@pytest.mark.skipif("__import__('tests.utils').utils.is_postgres()",
                    reason="PostgreSQL refuses these entries (at the test's teardown too): see the next test")
@pytest.mark.django_db
def test_the_scan_finds_an_unbalanced_entry_and_one_without_lines(group_a, manager):
    journal_post(group=group_a, date=D, kind="expense", actor=manager,
                 lines=[debit("operating_expense", 25_000), credit("cash", 25_000)])
    assert unbalanced_entries() == []
    lopsided = _raw_entry(group_a, manager, [("operating_expense", 25_000, 0), ("cash", 0, 20_000)])
    empty = _raw_entry(group_a, manager, [])
    assert unbalanced_entries() == [(lopsided, 25_000, 20_000), (empty, 0, 0)]


@postgres_only
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgres_refuses_an_unbalanced_entry_at_commit(group_a, manager):
    before = JournalEntry.objects.count()
    with transaction.atomic():  # inside the transaction the lines go in: the check waits for the commit
        _raw_entry(group_a, manager, [("operating_expense", 25_000, 0), ("cash", 0, 25_000)])
    assert JournalEntry.objects.count() == before + 1
    with pytest.raises(IntegrityError, match="books_entry_unbalanced"), transaction.atomic():
        entry_id = _raw_entry(group_a, manager, [("operating_expense", 25_000, 0), ("cash", 0, 20_000)])
        assert JournalLine.objects.filter(entry_id=entry_id).count() == 2
    with pytest.raises(IntegrityError, match="books_entry_unbalanced"), transaction.atomic():
        _raw_entry(group_a, manager, [])
    assert JournalEntry.objects.count() == before + 1
    assert unbalanced_entries() == []
