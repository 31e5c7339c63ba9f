"""Loan repayments from the books after a loan came in: posted by loan_repay, checked row by row, idempotent.

The loan of the outstanding-loans example: Rp 2.000.000, flat 2 % over 10 months from 13 Aug 2024
(Rp 200.000 + Rp 40.000 a month), three instalments paid by the cut-over on 31 Dec 2024, the one
due 13 Dec in arrears. Two payments of Rp 240.000 in January and February 2025 pay instalments 4
and 5 (the group's rules charge no penalty), leaving Rp 1.000.000 of principal.
"""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from imports.models import ImportRun
from imports.selectors import export_table
from imports.services import import_check, import_confirm
from loans.models import Loan, Repayment
from loans.positions import days_past_due_by_loan, outstanding_principal_by_loan
from tests.factories import MemberFactory
from tests.imports.conftest import csv_bytes
from tests.utils import count_queries

pytestmark = pytest.mark.django_db
D = datetime.date
LOAN_HEADERS = ["Kode anggota", "Tanggal cair", "Pokok pinjaman", "Jangka waktu (bulan)", "Metode bunga",
                "Bunga (% per bulan)", "Angsuran sudah dibayar", "Tanggal saldo awal"]
HEADERS = ["Kode anggota", "Tanggal cair", "Tanggal bayar", "Jumlah", "No. bukti"]
ROWS = [["A-001", "2024-08-13", "2025-01-10", "240000", "BKM-1"],
        ["A-001", "13-08-2024", "2025-02-13", "Rp 240.000", "BKM-2"]]


@pytest.fixture
def loan(group_a, manager):
    MemberFactory(code="A-001", group=group_a, full_name="Siti", joined_on=D(2020, 1, 1))
    content = csv_bytes(LOAN_HEADERS, [["A-001", "2024-08-13", "2000000", "10", "flat", "2", "3", "2024-12-31"]])
    import_confirm(run=import_check(kind="opening_loans", file_name="p.csv", content=content, actor=manager),
                   actor=manager)
    return Loan.objects.get()


def _check(manager, rows):
    return import_check(kind="loan_repayments", file_name="angsuran.csv", content=csv_bytes(HEADERS, rows),
                        actor=manager)


def test_payments_after_the_cut_over_are_posted_by_the_loan_service(manager, loan):
    run = _check(manager, ROWS)
    assert (run.status, run.new, run.problems) == (ImportRun.Status.PREVIEWED, 2, [])
    assert Repayment.objects.count() == 1  # the opening repayment only: the dry run was rolled back
    import_confirm(run=run, actor=manager)
    assert outstanding_principal_by_loan(Loan.objects.all(), as_of=D(2025, 2, 13)) == {loan.pk: 1_000_000}
    # Due at the meetings (second Tuesday): the two payments settle 10 December and 14 January; the
    # sixth instalment fell due at the meeting of 11 February 2025, two days before.
    assert days_past_due_by_loan(Loan.objects.all(), as_of=D(2025, 2, 13)) == {loan.pk: 2}
    assert sorted(Repayment.objects.values_list("amount", flat=True)) == [240_000, 240_000, 720_000]


def test_the_same_file_again_posts_nothing_and_the_export_imports_unchanged(manager, loan):
    import_confirm(run=_check(manager, ROWS), actor=manager)
    again = _check(manager, ROWS)
    assert (again.problems, again.new, again.unchanged) == ([], 0, 2)
    headers, rows = export_table("loan_repayments")
    assert headers == HEADERS
    assert [list(r[:4]) for r in rows] == [["A-001", "2024-08-13", "2025-01-10", "240000"],
                                           ["A-001", "2024-08-13", "2025-02-13", "240000"]]
    exported = _check(manager, [list(r) for r in rows])
    assert (exported.problems, exported.new, exported.unchanged) == ([], 0, 2)


def test_bad_payments_import_nothing_and_every_problem_is_named(manager, loan):
    rows = [
        ["X-404", "2024-08-13", "2025-01-10", "240000", ""],
        ["A-001", "2024-09-13", "2025-01-10", "240000", ""],
        ["A-001", "2024-08-13", "2024-12-20", "240000", ""],
        ["A-001", "2024-08-13", "2025-01-10", "-5", ""],
        ["A-001", "2024-08-13", "2025-01-10", "240000", ""],
        ["A-001", "2024-08-13", "2025-01-10", "240000", ""],
        ["A-001", "2024-08-13", "2025-01-05", "1000", ""],
        ["A-001", "2024-08-13", "2025-01-11", "9000000", ""],
    ]
    run = _check(manager, rows)
    assert run.status == ImportRun.Status.REJECTED
    assert run.problems == [
        "Baris 2: kode anggota 'X-404' bukan kode anggota yang terdaftar",
        "Baris 3: tanggal cair: ia tidak punya pinjaman yang dicairkan pada tanggal itu",
        "Baris 4: tanggal bayar: yang dibayar sampai tanggal saldo awal pinjaman 31 Desember 2024 sudah termasuk "
        "dalam saldo awalnya",
        "Baris 5: jumlah '-5' tidak boleh negatif",
        "Baris 7: no. bukti: gerakan yang sama dengan baris 6; beri masing-masing No. bukti sendiri",
        "Baris 8: tanggal bayar: Pinjaman ini sudah ada pembayaran pada 10 Januari 2025; masukkan tanggal itu atau "
        "sesudahnya.",
        # Row 6 passed in the dry run and paid instalment 4: six instalments of Rp 240.000 are left.
        "Baris 9: jumlah: Itu Rp 7.560.000 lebih dari sisa pinjaman (Rp 1.440.000).",
    ]
    assert Repayment.objects.count() == 1


@pytest.mark.parametrize("role", ["pendamping1", "pendamping2", "bendahara1"])
def test_only_managers_import_repayments(login, users, role):
    client = login(users[role])
    assert client.get("/imports/template/loan_repayments/").status_code == 403
    upload = SimpleUploadedFile("t.csv", csv_bytes(HEADERS, ROWS), content_type="text/csv")
    assert client.post("/imports/", {"kind": "loan_repayments", "file": upload}).status_code == 403


def test_the_template_has_indonesian_headers_and_an_example(login, users):
    response = login(users["manager"]).get("/imports/template/loan_repayments/?export=csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines == [",".join(HEADERS) , "CONTOH-001-001,2024-08-13,2025-01-13,240000,BKM-2025-011"]


def test_the_reference_column_may_be_left_out(manager, loan):
    run = import_check(kind="loan_repayments", file_name="t.csv", actor=manager,
                       content=csv_bytes(HEADERS[:4], [row[:4] for row in ROWS]))
    assert (run.problems, run.new) == ([], 2)


def test_the_queries_do_not_grow_with_rows(manager, loan):
    rows = ROWS + [["A-001", "2024-08-13", f"2025-0{m}-13", "240000", f"BKM-{m}"] for m in (3, 4, 5)]
    _run, few = count_queries(lambda: import_confirm(run=_check(manager, ROWS[:1]), actor=manager))
    _run, many = count_queries(lambda: import_confirm(run=_check(manager, rows), actor=manager))
    assert many == few
    assert outstanding_principal_by_loan(Loan.objects.all(), as_of=D(2025, 5, 13)) == {loan.pk: 400_000}
