"""The rest of a group's books at the cut-over: one opening entry per group against opening equity."""
import datetime

import pytest
from django.db.models import Sum

from books.models import EntryKind, JournalEntry, JournalLine
from imports.models import ImportRun
from imports.services import import_check, import_confirm
from tests.imports.conftest import csv_bytes

pytestmark = pytest.mark.django_db

HEADERS = ["Kode KPUK", "Kode akun", "Tanggal saldo awal", "Debit", "Kredit"]


def _check(manager, rows):
    return import_check(kind="opening_books", file_name="neraca.csv", content=csv_bytes(HEADERS, rows), actor=manager)


def _balance(group, key):
    s = JournalLine.objects.filter(entry__group=group, account__key=key).aggregate(d=Sum("debit"), c=Sum("credit"))
    return (s["d"] or 0) - (s["c"] or 0)


def test_cash_reserves_and_grants_open_against_opening_equity(manager, group_a):
    rows = [[group_a.code, "101", "2024-12-31", "2.750.000", ""], [group_a.code, "311", "2024-12-31", "", "500000"],
            [group_a.code, "312", "2024-12-31", "", "1000000"]]
    run = _check(manager, rows)
    assert (run.status, run.changed, run.problems) == (ImportRun.Status.PREVIEWED, 3, [])
    assert not JournalEntry.objects.exists()
    import_confirm(run=run, actor=manager)
    entry = JournalEntry.objects.get()
    assert (entry.kind, entry.date) == (EntryKind.OPENING, datetime.date(2024, 12, 31))
    assert (_balance(group_a, "cash"), _balance(group_a, "reserves"), _balance(group_a, "grants"),
            _balance(group_a, "opening_equity")) == (2_750_000, -500_000, -1_000_000, -1_250_000)
    again = _check(manager, rows)
    assert (again.unchanged, again.changed) == (3, 0)


def test_bad_book_rows_are_named_and_nothing_posts(manager, group_a):
    rows = [[group_a.code, "101", "2024-12-31", "100", "100"], [group_a.code, "999", "2024-12-31", "100", ""],
            [group_a.code, "201", "2024-12-31", "", "100"], [group_a.code, "311", "2024-12-31", "", "100"],
            [group_a.code, "312", "2024-11-30", "", "100"]]
    run = _check(manager, rows)
    assert run.problems == [
        "Baris 2: kredit: isi debit atau kredit, tidak keduanya",
        "Baris 3: kode akun: '999' bukan akun kelompok ini",
        "Baris 4: kode akun: simpanan dan pinjaman punya berkas saldo awal sendiri, per anggota",
        "Baris 6: tanggal saldo awal: semua baris satu kelompok harus bertanggal sama",
    ]
    assert not JournalEntry.objects.exists()
