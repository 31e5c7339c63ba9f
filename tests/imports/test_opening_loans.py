"""Loans outstanding at the cut-over: a worked example in exact Rupiah.

Rp 2.000.000 over 10 months, flat 2 % a month, disbursed 13 Aug 2024: each instalment is
Rp 200.000 principal + Rp 40.000 interest, due on the 13th from Sep 2024. Three were paid before
the cut-over on 31 Dec 2024, so the one due 13 Dec 2024 (Rp 240.000) is in arrears and
Rp 1.400.000 of principal is still owed.
"""
import datetime

import pytest
from django.db.models import Sum

from books.models import EntryKind, JournalEntry, JournalLine
from imports.models import ImportRun
from imports.services import import_check, import_confirm
from loans.models import Loan, LoanStatus
from loans.positions import days_past_due_by_loan, loan_position, outstanding_principal_by_loan
from loans.services.payments import loan_repay
from tests.factories import MemberFactory
from tests.imports.conftest import csv_bytes

pytestmark = pytest.mark.django_db

HEADERS = ["Kode anggota", "Tanggal cair", "Pokok pinjaman", "Jangka waktu (bulan)", "Metode bunga",
           "Bunga (% per bulan)", "Angsuran sudah dibayar", "Tunggakan", "Tanggal saldo awal"]
CUT_OVER = datetime.date(2024, 12, 31)
ROW = ["A-001", "2024-08-13", "2.000.000", "10", "flat", "2", "3", "240000", "2024-12-31"]


@pytest.fixture
def siti(group_a):
    return MemberFactory(code="A-001", group=group_a, full_name="Siti", joined_on=datetime.date(2020, 1, 1))


def _check(manager, rows):
    return import_check(kind="opening_loans", file_name="pinjaman.csv", content=csv_bytes(HEADERS, rows),
                        actor=manager)


def _balance(group, key):
    sums = JournalLine.objects.filter(entry__group=group, account__key=key).aggregate(d=Sum("debit"), c=Sum("credit"))
    return (sums["d"] or 0) - (sums["c"] or 0)


def test_an_outstanding_loan_comes_in_with_its_schedule_arrears_and_books(manager, group_a, siti):
    run = _check(manager, [ROW])
    assert (run.status, run.new, run.problems) == (ImportRun.Status.PREVIEWED, 1, [])
    assert not Loan.objects.exists()
    import_confirm(run=run, actor=manager)
    loan = Loan.objects.get()
    assert (loan.status, loan.amount, loan.term, loan.method, loan.disbursed_on) == (
        LoanStatus.ACTIVE, 2_000_000, 10, "flat", datetime.date(2024, 8, 13))
    position = loan_position(loan, as_of=CUT_OVER)
    assert [(s.principal_paid, s.interest_paid) for s in position.instalments[:4]] == [
        (200_000, 40_000), (200_000, 40_000), (200_000, 40_000), (0, 0)]
    assert outstanding_principal_by_loan(Loan.objects.all(), as_of=CUT_OVER) == {loan.pk: 1_400_000}
    # Disbursed at the meeting of 13 August 2024 (second Tuesday): due at the meetings of 10 September,
    # 8 October, 12 November, 10 December ...; the fourth is unpaid at the cut-over, 21 days late.
    assert [s.due_date for s in position.instalments[:4]] == [
        datetime.date(2024, 9, 10), datetime.date(2024, 10, 8), datetime.date(2024, 11, 12),
        datetime.date(2024, 12, 10)]
    assert days_past_due_by_loan(Loan.objects.all(), as_of=CUT_OVER) == {loan.pk: 21}
    assert _balance(group_a, "loans_receivable") == 1_400_000
    assert _balance(group_a, "opening_equity") == -1_400_000
    assert _balance(group_a, "cash") == 0 and _balance(group_a, "interest_income") == 0
    assert set(JournalEntry.objects.values_list("kind", "date")) == {(EntryKind.OPENING, CUT_OVER)}


def test_the_loan_is_repaid_after_the_cut_over_like_any_other(manager, group_a, siti):
    import_confirm(run=_check(manager, [ROW]), actor=manager)
    loan = Loan.objects.get()
    loan_repay(loan=loan, amount=240_000, date=datetime.date(2025, 1, 10), actor=manager)
    assert outstanding_principal_by_loan(Loan.objects.all(), as_of=datetime.date(2025, 1, 10)) == {loan.pk: 1_200_000}
    assert days_past_due_by_loan(Loan.objects.all(), as_of=datetime.date(2025, 1, 10)) == {}
    assert _balance(group_a, "cash") == 240_000 and _balance(group_a, "interest_income") == -40_000


def test_reimporting_the_same_loans_creates_nothing(manager, siti):
    import_confirm(run=_check(manager, [ROW]), actor=manager)
    again = _check(manager, [ROW])
    assert (again.status, again.new, again.unchanged) == (ImportRun.Status.PREVIEWED, 0, 1)
    import_confirm(run=again, actor=manager)
    assert Loan.objects.count() == 1 and JournalEntry.objects.count() == 2


def test_the_same_loan_with_other_terms_is_refused(manager, siti):
    import_confirm(run=_check(manager, [ROW]), actor=manager)
    run = _check(manager, [["A-001", "2024-08-13", "2500000", "10", "flat", "2", "3", "", "2024-12-31"]])
    assert run.problems == ["Baris 2: kode anggota: pinjaman anggota ini dengan tanggal cair ini sudah diimpor "
                            "dengan ketentuan lain"]


def test_bad_loan_rows_import_nothing_and_every_problem_is_named(manager, group_a, siti):
    MemberFactory(code="A-002", group=group_a, joined_on=datetime.date(2020, 1, 1))
    MemberFactory(code="A-003", group=group_a, joined_on=datetime.date(2020, 1, 1))
    rows = [
        ["A-001", "2024-08-13", "-2000000", "10", "flat", "2", "3", "", "2024-12-31"],
        ["A-002", "2024-08-13", "dua juta", "10", "bulanan", "dua", "3", "", "2024-12-31"],
        ["X-404", "2024-08-13", "2000000", "10", "flat", "2", "3", "", "2024-12-31"],
        ["A-003", "2024-08-13", "2000000", "10", "flat", "2", "3", "480000", "2024-12-31"],
    ]
    run = _check(manager, rows)
    assert run.status == ImportRun.Status.REJECTED
    assert run.problems == [
        "Baris 2: pokok pinjaman '-2000000' tidak boleh negatif",
        "Baris 3: pokok pinjaman 'dua juta' bukan jumlah rupiah",
        "Baris 3: metode bunga 'bulanan' bukan salah satu dari: flat, declining, annuity",
        "Baris 3: bunga (% per bulan) 'dua' bukan persentase",
        "Baris 4: kode anggota 'X-404' bukan kode anggota yang terdaftar",
        "Baris 5: tunggakan: di berkas Rp 480.000 tetapi menurut jadwal Rp 240.000",
    ]
    assert not Loan.objects.exists() and not JournalEntry.objects.exists()


def test_a_fully_paid_loan_or_a_cut_over_before_disbursement_is_refused(manager, siti):
    run = _check(manager, [["A-001", "2024-08-13", "2000000", "10", "flat", "2", "10", "", "2025-07-31"],
                           ["A-001", "2024-09-13", "2000000", "10", "flat", "2", "0", "", "2024-09-01"]])
    assert run.problems == [
        "Baris 2: angsuran sudah dibayar: semua angsuran sudah dibayar: pinjaman ini tidak lagi beredar",
        "Baris 3: tanggal saldo awal: tanggal saldo awal harus sesudah tanggal cair dan tidak di masa depan",
    ]


PAID_HEADERS = ["Kode anggota", "Tanggal cair", "Pokok pinjaman", "Jangka waktu (bulan)", "Metode bunga",
                "Bunga (% per bulan)", "Pokok sudah dibayar", "Bunga sudah dibayar", "Angsuran sudah dibayar",
                "Tunggakan", "Tanggal saldo awal", "Dijadwal ulang"]


def _check_paid(manager, rows):
    return import_check(kind="opening_loans", file_name="pinjaman.csv", content=csv_bytes(PAID_HEADERS, rows),
                        actor=manager)


def test_amounts_paid_to_date_bring_in_a_partly_paid_instalment(manager, group_a, siti):
    # Rp 700.000 principal and Rp 160.000 interest paid: instalments 1-3, and of the 4th its interest and
    # half its principal; Rp 100.000 of it is in arrears at the cut-over.
    run = _check_paid(manager, [["A-001", "2024-08-13", "2000000", "10", "flat", "2", "700.000", "160000", "3",
                                 "100000", "2024-12-31", "Tidak"]])
    assert (run.status, run.new, run.problems) == (ImportRun.Status.PREVIEWED, 1, [])
    import_confirm(run=run, actor=manager)
    loan = Loan.objects.get()
    states = loan_position(loan, as_of=CUT_OVER).instalments
    assert [(s.principal_paid, s.interest_paid) for s in states[2:5]] == [(200_000, 40_000), (100_000, 40_000),
                                                                          (0, 0)]
    assert outstanding_principal_by_loan(Loan.objects.all(), as_of=CUT_OVER) == {loan.pk: 1_300_000}
    assert _balance(group_a, "loans_receivable") == 1_300_000


def test_paid_amounts_that_disagree_with_the_instalments_or_the_schedule_are_named(manager, siti):
    run = _check_paid(manager, [
        ["A-001", "2024-08-13", "2000000", "10", "flat", "2", "700000", "160000", "4", "", "2024-12-31", ""],
        ["A-001", "2024-09-13", "2000000", "10", "flat", "2", "2100000", "0", "", "", "2024-12-31", ""],
        ["A-001", "2024-10-13", "2000000", "10", "flat", "2", "0", "0", "", "240000", "2024-12-31", "mungkin"],
    ])
    assert run.problems == [
        "Baris 2: angsuran sudah dibayar: jumlah yang sudah dibayar melunasi 3 angsuran, bukan 4",
        "Baris 3: pokok sudah dibayar: lebih dari pokok pinjaman (Rp 2.000.000)",
        "Baris 4: dijadwal ulang 'mungkin' bukan Ya atau Tidak",
    ]
    assert not Loan.objects.exists()


def test_a_rescheduled_loan_is_flagged_so_par_counts_it(manager, siti):
    import_confirm(run=_check_paid(manager, [["A-001", "2024-10-13", "1500000", "10", "flat", "2", "", "", "0", "",
                                              "2024-12-31", "Ya"]]), actor=manager)
    assert Loan.objects.get().rescheduled is True


def test_the_template_example_imports_once_its_code_is_yours(login, users, group_a):
    MemberFactory(code="PDG-001-001", group=group_a, joined_on=datetime.date(2020, 1, 1))
    response = login(users["manager"]).get("/imports/template/opening_loans/?export=csv")
    run = import_check(kind="opening_loans", file_name="t.csv", content=response.content.replace(b"CONTOH-", b"PDG-"),
                       actor=users["manager"])
    assert (run.problems, run.new) == ([], 1)


def test_a_partly_paid_loan_exports_in_the_columns_it_came_in(manager, siti):
    from imports.selectors import export_table

    row = ["A-001", "2024-08-13", "2000000", "10", "flat", "2", "700000", "160000", "3", "100000", "2024-12-31",
           "Tidak"]
    import_confirm(run=_check_paid(manager, [row]), actor=manager)
    headers, rows = export_table("opening_loans", as_of=CUT_OVER)
    exported = dict(zip(headers, rows[0], strict=True))
    assert [exported[h] for h in PAID_HEADERS] == ["A-001", "2024-08-13", 2_000_000, 10, "flat", "2", 700_000,
                                                   160_000, 3, 100_000, "2024-12-31", "Tidak"]
