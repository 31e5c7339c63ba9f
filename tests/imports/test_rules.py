import datetime
from decimal import Decimal

import pytest

from groups.rules import GroupRules
from imports.models import ImportRun
from imports.services import import_check, import_confirm
from tests.imports.conftest import csv_bytes

pytestmark = pytest.mark.django_db

HEADERS = ["Kode KPUK", "Berlaku mulai", "Simpanan pokok", "Simpanan wajib per bulan", "Metode bunga pinjaman",
           "Bunga pinjaman (% per bulan)", "Jangka waktu yang boleh (bulan)", "Pembulatan angsuran"]


def _check(manager, rows):
    return import_check(kind="rules", file_name="aturan.csv", content=csv_bytes(HEADERS, rows), actor=manager)


def test_a_past_rules_version_is_added_and_not_twice(manager, group_a):
    run = _check(manager, [[group_a.code, "2023-07-01", "50000", "15000", "declining", "1,5", "6,10,12", "500"]])
    assert run.new == 1 and run.problems == []
    import_confirm(run=run, actor=manager)
    rules = GroupRules.objects.get(group=group_a, effective_from=datetime.date(2023, 7, 1))
    assert (rules.wajib_amount, rules.loan_interest_method, rules.loan_interest_rate, rules.loan_rounding) == (
        15_000, "declining", Decimal("1.5"), 500)
    again = _check(manager, [[group_a.code, "2023-07-01", "50000", "15000", "declining", "1,5", "6,10,12", "500"]])
    assert (again.status, again.unchanged) == (ImportRun.Status.PREVIEWED, 1)


def test_a_version_is_never_edited_or_put_before_the_latest(manager, group_a):
    run = _check(manager, [[group_a.code, "2020-01-01", "50000", "20000", "flat", "2", "5,10,12", "100"],
                           [group_a.code, "2019-01-01", "50000", "10000", "flat", "2", "5,10,12", "100"]])
    assert run.problems[0] == ("Baris 2: berlaku mulai: kelompok ini sudah punya aturan mulai tanggal ini dengan "
                               "ketentuan lain; aturan tidak pernah diubah")
    assert run.problems[1].startswith("Baris 3: ")
    assert GroupRules.objects.filter(group=group_a).count() == 1
