"""Opening savings balances at the cut-over date: worked example in exact Rupiah."""
import datetime

import pytest
from django.db.models import Sum

from books.models import EntryKind, JournalEntry, JournalLine
from imports.models import ImportRun
from imports.selectors import export_table
from imports.services import import_check, import_confirm
from savings.models import SavingsTransaction
from savings.selectors import balances_for_members
from tests.factories import MemberFactory
from tests.imports.conftest import csv_bytes

pytestmark = pytest.mark.django_db

HEADERS = ["Kode anggota", "Tanggal saldo awal", "Simpanan pokok", "Simpanan wajib", "Simpanan sukarela"]
CUT_OVER = datetime.date(2024, 12, 31)


@pytest.fixture
def siti(group_a):
    return MemberFactory(code="A-001", group=group_a, full_name="Siti", joined_on=datetime.date(2020, 1, 1))


@pytest.fixture
def ani(group_a):
    return MemberFactory(code="A-002", group=group_a, full_name="Ani", joined_on=datetime.date(2021, 6, 1))


def _file(rows):
    return csv_bytes(HEADERS, rows)


def _check(manager, rows):
    return import_check(kind="opening_savings", file_name="saldo.csv", content=_file(rows), actor=manager)


def test_opening_balances_post_to_savings_and_books(manager, group_a, siti, ani):
    rows = [["A-001", "31-12-2024", "50.000", "600000", "Rp 1.250.000"], ["A-002", "2024-12-31", "50000", "430000", ""]]
    run = _check(manager, rows)
    assert (run.status, run.changed, run.problems) == (ImportRun.Status.PREVIEWED, 2, [])
    assert not SavingsTransaction.objects.exists()
    import_confirm(run=run, actor=manager)
    balances = balances_for_members([siti.pk, ani.pk], as_of=CUT_OVER)
    assert balances[siti.pk] == {"pokok": 50_000, "wajib": 600_000, "sukarela": 1_250_000}
    assert balances[ani.pk] == {"pokok": 50_000, "wajib": 430_000, "sukarela": 0}
    assert balances_for_members([siti.pk], as_of=CUT_OVER - datetime.timedelta(days=1))[siti.pk]["pokok"] == 0
    assert set(JournalEntry.objects.values_list("kind", flat=True)) == {EntryKind.OPENING}
    lines = JournalLine.objects.filter(entry__group=group_a)

    def total(key, side):
        return lines.filter(account__key=key).aggregate(s=Sum(side))["s"]

    assert total("opening_equity", "debit") == 2_380_000
    assert (total("savings_pokok", "credit"), total("savings_wajib", "credit"), total("savings_sukarela", "credit")) \
        == (100_000, 1_030_000, 1_250_000)
    assert lines.filter(account__key="savings_sukarela", member=siti).aggregate(s=Sum("credit"))["s"] == 1_250_000


def test_reimporting_the_same_balances_posts_nothing(manager, siti):
    rows = [["A-001", "2024-12-31", "50000", "600000", "0"]]
    import_confirm(run=_check(manager, rows), actor=manager)
    again = _check(manager, rows)
    assert (again.status, again.unchanged, again.changed) == (ImportRun.Status.PREVIEWED, 1, 0)
    import_confirm(run=again, actor=manager)
    assert SavingsTransaction.objects.count() == 2


def test_different_balances_for_a_member_who_has_them_are_refused(manager, siti):
    import_confirm(run=_check(manager, [["A-001", "2024-12-31", "50000", "600000", "0"]]), actor=manager)
    run = _check(manager, [["A-001", "2024-12-31", "50000", "700000", "0"]])
    assert run.problems == ["Baris 2: kode anggota: saldo awal anggota ini sudah diimpor; koreksi dengan pembalikan"]


def test_bad_rows_post_nothing_and_every_problem_is_named(manager, group_a, siti, ani):
    MemberFactory(code="A-003", group=group_a, joined_on=datetime.date(2020, 1, 1))
    MemberFactory(code="A-004", group=group_a, joined_on=datetime.date(2020, 1, 1))
    rows = [
        ["A-001", "2024-12-31", "-50000", "600000", "0"],
        ["A-002", "2019-12-31", "50000", "lima ratus ribu", "0"],
        ["X-999", "2024-12-31", "50000", "0", "0"],
        ["A-003", "2099-01-01", "50000", "0", "0"],
        ["A-004", "2024-02-30", "50000", "0", "0"],
    ]
    run = _check(manager, rows)
    assert run.status == ImportRun.Status.REJECTED
    assert run.problems == [
        "Baris 2: simpanan pokok '-50000' tidak boleh negatif",
        "Baris 3: simpanan wajib 'lima ratus ribu' bukan jumlah rupiah",
        "Baris 3: tanggal saldo awal: tanggal sebelum ia masuk kelompok",
        "Baris 4: kode anggota: 'X-999' bukan kode anggota yang terdaftar",
        "Baris 5: tanggal saldo awal: tanggal ada di masa depan",
        "Baris 6: tanggal saldo awal '2024-02-30' bukan tanggal yang valid",
    ]
    assert not SavingsTransaction.objects.exists() and not JournalEntry.objects.exists()


def test_a_date_before_she_joined_is_refused(manager, ani):
    run = _check(manager, [["A-002", "2020-12-31", "50000", "0", "0"]])
    assert run.problems == ["Baris 2: tanggal saldo awal: tanggal sebelum ia masuk kelompok"]


def test_exported_balances_are_the_members_balances(manager, siti, ani):
    import_confirm(run=_check(manager, [["A-001", "2024-12-31", "50000", "600000", "1250000"]]), actor=manager)
    headers, rows = export_table("opening_savings")
    assert headers == HEADERS
    assert [r[0] for r in rows] == ["A-001"]
    assert rows[0][2:] == [50_000, 600_000, 1_250_000]
