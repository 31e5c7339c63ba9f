"""Two confirmations at the same moment post the opening balances and the repayments once (PostgreSQL)."""
import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from imports.models import ImportRun
from imports.services import import_check, import_confirm
from loans.models import Repayment
from savings.models import SavingsTransaction
from savings.selectors import balances_for_members
from tests.factories import MemberFactory
from tests.imports.conftest import csv_bytes
from tests.utils import postgres_only

HEADERS = ["Kode anggota", "Tanggal saldo awal", "Simpanan pokok", "Simpanan wajib", "Simpanan sukarela"]
FILE = csv_bytes(HEADERS, [["A-001", "2024-12-31", "50000", "600000", "250000"]])


def _race(confirm_one):
    barrier = threading.Barrier(2)
    outcomes = []

    def run(arg):
        try:
            barrier.wait()
            outcomes.append(confirm_one(arg))
        except ValidationError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    return outcomes, run


def _at_once(confirm_one, args):
    """Run ``confirm_one(arg)`` for each of ``args`` in threads that start together; return the outcomes."""
    outcomes, run = _race(confirm_one)
    threads = [threading.Thread(target=run, args=(arg,)) for arg in args]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_same_run_confirmed_twice_at_once_imports_once(group_a, manager):
    member = MemberFactory(code="A-001", group=group_a, joined_on=datetime.date(2020, 1, 1))
    run = import_check(kind="opening_savings", file_name="saldo.csv", content=FILE, actor=manager)
    outcomes = _at_once(lambda r: import_confirm(run=r, actor=manager).changed, [run, run])
    assert sorted(outcomes, key=str) == [1, "not_previewed"]
    assert SavingsTransaction.objects.count() == 3
    assert balances_for_members([member.pk], as_of=datetime.date(2025, 1, 1))[member.pk]["wajib"] == 600_000


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_uploads_of_the_same_file_confirmed_at_once_post_once(group_a, manager):
    MemberFactory(code="A-001", group=group_a, joined_on=datetime.date(2020, 1, 1))
    runs = [import_check(kind="opening_savings", file_name="saldo.csv", content=FILE, actor=manager) for _ in range(2)]
    outcomes = _at_once(lambda r: import_confirm(run=r, actor=manager).changed, runs)
    assert sorted(outcomes) == [0, 1]  # the second waits for the first's member locks, then finds it done
    assert SavingsTransaction.objects.count() == 3
    assert ImportRun.objects.filter(status=ImportRun.Status.IMPORTED).count() == 2


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_uploads_of_the_same_repayments_confirmed_at_once_post_once(group_a, manager):
    MemberFactory(code="A-001", group=group_a, joined_on=datetime.date(2020, 1, 1))
    loans = csv_bytes(["Kode anggota", "Tanggal cair", "Pokok pinjaman", "Jangka waktu (bulan)", "Metode bunga",
                       "Bunga (% per bulan)", "Angsuran sudah dibayar", "Tanggal saldo awal"],
                      [["A-001", "2024-08-13", "2000000", "10", "flat", "2", "3", "2024-12-31"]])
    import_confirm(run=import_check(kind="opening_loans", file_name="p.csv", content=loans, actor=manager),
                   actor=manager)
    payments = csv_bytes(["Kode anggota", "Tanggal cair", "Tanggal bayar", "Jumlah"],
                         [["A-001", "2024-08-13", "2025-01-10", "240000"],
                          ["A-001", "2024-08-13", "2025-02-13", "240000"]])
    runs = [import_check(kind="loan_repayments", file_name="a.csv", content=payments, actor=manager) for _ in range(2)]
    outcomes = _at_once(lambda r: import_confirm(run=r, actor=manager).new, runs)
    assert sorted(outcomes) == [0, 2]  # the second waits for the first's loan locks, then finds its keys
    assert sorted(Repayment.objects.values_list("amount", flat=True)) == [240_000, 240_000, 720_000]
