"""Imports into a closed year are refused row by row with the books' own message; nothing is written."""
import datetime

import pytest

from books.models import JournalEntry
from books.services import period_close
from imports.models import ImportRun
from imports.services import import_check
from savings.models import SavingsTransaction
from tests.factories import MemberFactory
from tests.imports.conftest import csv_bytes

pytestmark = pytest.mark.django_db
D = datetime.date
CLOSED = "Buku sudah ditutup sampai 31 Desember 2024 (tutup bukunya sudah dibukukan)"


@pytest.fixture
def closed(group_a, manager):
    MemberFactory(code="A-001", group=group_a, full_name="Siti", joined_on=D(2020, 1, 1))
    return period_close(group=group_a, start=D(2024, 1, 1), end=D(2024, 12, 31), actor=manager)


def check(manager, kind, headers, rows):
    return import_check(kind=kind, file_name="f.csv", content=csv_bytes(headers, rows), actor=manager)


def test_savings_history_in_a_closed_year(manager, closed):
    run = check(manager, "savings_history",
                ["Kode anggota", "Tanggal", "Jenis simpanan", "Transaksi", "Jumlah", "No. bukti", "Keterangan"],
                [["A-001", "2024-11-15", "wajib", "setoran", "10000", "BKM-1", ""],
                 ["A-001", "2025-01-15", "wajib", "setoran", "10000", "BKM-2", ""]])
    assert run.status == ImportRun.Status.REJECTED
    assert len(run.problems) == 1 and run.problems[0].startswith(f"Baris 2: tanggal: {CLOSED}")


def test_opening_balances_in_a_closed_year(manager, closed, group_a):
    run = check(manager, "opening_savings", ["Kode anggota", "Tanggal saldo awal", "Simpanan pokok",
                                             "Simpanan wajib", "Simpanan sukarela"],
                [["A-001", "2024-06-30", "50000", "120000", "0"]])
    assert run.status == ImportRun.Status.REJECTED and CLOSED in run.problems[0]
    run = check(manager, "opening_books", ["Kode KPUK", "Kode akun", "Tanggal saldo awal", "Debit", "Kredit"],
                [[group_a.code, "101", "2024-12-31", "2.750.000", ""]])
    assert run.status == ImportRun.Status.REJECTED and CLOSED in run.problems[0]
    run = check(manager, "opening_loans", ["Kode anggota", "Tanggal cair", "Pokok pinjaman", "Jangka waktu (bulan)",
                                           "Metode bunga", "Bunga (% per bulan)", "Angsuran sudah dibayar",
                                           "Tanggal saldo awal"],
                [["A-001", "2024-08-13", "2000000", "10", "flat", "2", "3", "2024-12-31"]])
    assert run.status == ImportRun.Status.REJECTED and CLOSED in run.problems[0]
    assert not SavingsTransaction.objects.exists() and not JournalEntry.objects.exists()


def test_rules_dated_in_a_closed_year(manager, closed, group_a):
    run = check(manager, "rules", ["Kode KPUK", "Berlaku mulai", "Simpanan pokok", "Simpanan wajib per bulan",
                                   "Bunga pinjaman (% per bulan)", "Jangka waktu yang boleh (bulan)"],
                [[group_a.code, "2024-07-01", "50000", "10000", "2", "5,10"]])
    assert run.status == ImportRun.Status.REJECTED and CLOSED in run.problems[0]


def test_new_members_dated_in_a_closed_year(manager, closed, group_a, group_b):
    """A member joining (or leaving) on a day of a closed year would change its figures: refused by row."""
    from members.models import Member

    run = check(manager, "members", ["Kode anggota", "Kode KPUK", "Nama lengkap", "Tanggal masuk", "Tanggal keluar"],
                [["A-002", group_a.code, "Rosmaniar", "2024-12-31", ""],
                 ["A-003", group_a.code, "Yusnidar", "2025-01-01", ""],
                 ["A-004", group_a.code, "Nurhayati", "2019-03-01", "2024-06-30"],
                 ["B-001", group_b.code, "Upik", "2024-05-01", ""]])  # group B closed no year
    assert run.status == ImportRun.Status.REJECTED
    assert [p.split(":")[:2] for p in run.problems] == [["Baris 2", " tanggal masuk"], ["Baris 4", " tanggal masuk"],
                                                         ["Baris 4", " tanggal keluar"]]
    assert all(CLOSED in p for p in run.problems)
    assert not Member.objects.filter(code__in=["A-002", "A-003", "A-004", "B-001"]).exists()
