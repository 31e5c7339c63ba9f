"""Savings transactions from the paper books: posted through savings.bulk, checked row by row, idempotent."""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from books.models import EntryKind, JournalEntry
from imports.models import ImportRun
from imports.selectors import export_table
from imports.services import import_check, import_confirm
from savings.models import SavingsTransaction
from savings.selectors import member_balances
from savings.services import Opening, savings_open_balances
from tests.factories import MemberFactory
from tests.imports.conftest import csv_bytes

pytestmark = pytest.mark.django_db
D = datetime.date
HEADERS = ["Kode anggota", "Tanggal", "Jenis simpanan", "Transaksi", "Jumlah", "No. bukti", "Keterangan"]
ROWS = [
    ["A-001", "2024-01-15", "pokok", "setoran", "50000", "BKM-1", "Masuk"],
    ["A-001", "15-01-2024", "Simpanan wajib", "setoran", "10.000", "BKM-1", ""],
    ["A-001", "2024-02-15", "sukarela", "deposit", "Rp 100.000", "BKM-2", ""],
    ["A-001", "2024-03-15", "sukarela", "penarikan", "40000", "BKK-1", "Biaya sekolah"],
]


@pytest.fixture
def siti(group_a):
    return MemberFactory(code="A-001", group=group_a, full_name="Siti", joined_on=D(2024, 1, 1))


def _check(manager, rows):
    return import_check(kind="savings_history", file_name="transaksi.csv", content=csv_bytes(HEADERS, rows),
                        actor=manager)


def test_history_posts_deposits_and_withdrawals_like_the_services(manager, siti):
    run = _check(manager, ROWS)
    assert (run.status, run.new, run.problems) == (ImportRun.Status.PREVIEWED, 4, [])
    assert not SavingsTransaction.objects.exists()
    import_confirm(run=run, actor=manager)
    assert member_balances(siti, as_of=D(2024, 3, 15)) == {"pokok": 50_000, "wajib": 10_000, "sukarela": 60_000}
    assert member_balances(siti, as_of=D(2024, 2, 14))["sukarela"] == 0
    assert sorted(JournalEntry.objects.values_list("kind", flat=True)) == sorted(
        [EntryKind.SAVINGS_DEPOSIT] * 3 + [EntryKind.SAVINGS_WITHDRAWAL])
    assert SavingsTransaction.objects.filter(note="Biaya sekolah", type="withdrawal").count() == 1
    assert AuditEvent.objects.filter(action__in=["savings.deposit", "savings.withdrawal"]).count() == 4


def test_importing_the_same_file_again_posts_nothing(manager, siti):
    import_confirm(run=_check(manager, ROWS), actor=manager)
    again = _check(manager, ROWS)
    assert (again.status, again.new, again.unchanged, again.problems) == (ImportRun.Status.PREVIEWED, 0, 4, [])
    assert not again.can_confirm
    more = _check(manager, [*ROWS, ["A-001", "2024-03-15", "sukarela", "setoran", "40000", "BKM-3", ""]])
    assert (more.new, more.unchanged) == (1, 4)
    import_confirm(run=more, actor=manager)
    assert SavingsTransaction.objects.count() == 5


def test_bad_rows_import_nothing_and_every_problem_is_named(manager, group_a, siti):
    ani = MemberFactory(code="A-002", group=group_a, joined_on=D(2024, 1, 1))
    savings_open_balances(openings=[Opening(ani, "sukarela", 200_000, D(2024, 6, 30))], actor=manager)
    rows = [
        ["X-999", "2024-01-15", "wajib", "setoran", "10000", "", ""],
        ["A-001", "31-02-2024", "wajib", "setoran", "10000", "", ""],
        ["A-001", "2024-01-15", "wajib", "setoran", "-10000", "", ""],
        ["A-001", "2024-01-15", "wajib", "setoran", "sepuluh ribu", "", ""],
        ["A-001", "2024-01-15", "sukarela", "penarikan", "5000", "", ""],
        ["A-001", "2024-01-15", "wajib", "setoran", "10000", "", ""],
        ["A-001", "2024-01-15", "wajib", "setoran", "10000", "", ""],
        ["A-002", "2024-05-14", "sukarela", "setoran", "10000", "", ""],
        ["A-001", "2099-01-01", "wajib", "setoran", "10000", "", ""],
        ["A-001", "2024-01-15", "wajib", "ambil", "10000", "", ""],
    ]
    run = _check(manager, rows)
    assert run.status == ImportRun.Status.REJECTED
    assert run.problems == [
        "Baris 2: kode anggota 'X-999' bukan kode anggota yang terdaftar",
        "Baris 3: tanggal '31-02-2024' bukan tanggal yang valid",
        "Baris 4: jumlah '-10000' tidak boleh negatif",
        "Baris 5: jumlah 'sepuluh ribu' bukan jumlah rupiah",
        "Baris 6: jumlah: Saldo Simpanan sukarela-nya Rp 0; ia tidak dapat mengambil Rp 5.000.",
        "Baris 8: no. bukti: gerakan yang sama dengan baris 7; beri masing-masing No. bukti sendiri",
        "Baris 9: tanggal: saldo awalnya pada 30 Juni 2024 sudah mencakup ini; hanya baris sesudahnya yang dapat "
        "ditambahkan",
        "Baris 10: tanggal: Tanggal tidak boleh di masa depan.",
        "Baris 11: transaksi 'ambil' bukan salah satu dari: deposit, withdrawal",
    ]
    assert not SavingsTransaction.objects.filter(type__in=["deposit", "withdrawal"]).exists()


def test_exported_history_imports_again_unchanged(manager, group_a, siti):
    import_confirm(run=_check(manager, ROWS), actor=manager)
    headers, rows = export_table("savings_history")
    assert headers == HEADERS
    assert [list(r[:5]) for r in rows] == [["A-001", "2024-01-15", "Simpanan pokok", "Setoran", "50000"],
                                     ["A-001", "2024-01-15", "Simpanan wajib", "Setoran", "10000"],
                                     ["A-001", "2024-02-15", "Simpanan sukarela", "Setoran", "100000"],
                                     ["A-001", "2024-03-15", "Simpanan sukarela", "Penarikan", "40000"]]
    again = _check(manager, [list(r) for r in rows])
    assert (again.problems, again.new, again.unchanged) == ([], 0, 4)


@pytest.mark.parametrize("role", ["pendamping1", "pendamping2", "bendahara1"])
def test_only_managers_import_history(login, users, role):
    client = login(users[role])
    assert client.get("/imports/template/savings_history/").status_code == 403
    upload = SimpleUploadedFile("t.csv", csv_bytes(HEADERS, ROWS), content_type="text/csv")
    assert client.post("/imports/", {"kind": "savings_history", "file": upload}).status_code == 403


def test_the_template_example_imports_once_its_code_is_yours(login, users, group_a):
    MemberFactory(code="PDG-001-001", group=group_a, joined_on=D(2020, 1, 1))
    response = login(users["manager"]).get("/imports/template/savings_history/?export=csv")
    assert response.content.decode("utf-8-sig").splitlines()[0] == ",".join(HEADERS)
    run = import_check(kind="savings_history", file_name="t.csv", content=response.content.replace(b"CONTOH-", b"PDG-"),
                       actor=users["manager"])
    assert (run.problems, run.new) == ([], 1)


def test_the_check_and_the_import_take_the_same_queries_for_few_or_many_rows(manager, group_a):
    from tests.utils import count_queries

    members = [MemberFactory(code=f"Q-{i:03d}", group=group_a, joined_on=D(2024, 1, 1)) for i in range(20)]

    def rows(n):
        return [[members[i % 20].code, f"2024-{1 + i // 20:02d}-15", "wajib", "setoran", "10000", f"Q{i}", ""]
                for i in range(n)]

    _, few = count_queries(lambda: import_confirm(run=_check(manager, rows(4)), actor=manager))
    _, many = count_queries(lambda: import_confirm(run=_check(manager, rows(40)[4:]), actor=manager))
    assert many == few


def test_the_optional_columns_may_be_left_out(manager, siti):
    content = csv_bytes(HEADERS[:5], [row[:5] for row in ROWS])
    run = import_check(kind="savings_history", file_name="t.csv", content=content, actor=manager)
    assert (run.problems, run.new) == ([], 4)
