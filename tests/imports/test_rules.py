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


# ----- the calendar settings, and columns left out ------------------------------------------------
CALENDAR = ["Angsuran jatuh tempo", "Hari minimal sampai angsuran pertama", "Angsuran ikut pertemuan yang pindah hari"]


def _version(group, day):
    return GroupRules.objects.get(group=group, effective_from=day)


def test_the_calendar_settings_are_imported(manager, group_a):
    run = import_check(kind="rules", file_name="aturan.csv", actor=manager, content=csv_bytes(HEADERS + CALENDAR, [
        [group_a.code, "2023-07-01", "50000", "15000", "flat", "2", "5,10,12", "100", "monthly", "21", "Ya"]]))
    assert run.new == 1 and run.problems == []
    import_confirm(run=run, actor=manager)
    rules = _version(group_a, datetime.date(2023, 7, 1))
    assert (rules.loan_due_at, rules.loan_first_due_min_days, rules.loan_dues_follow_meeting) == ("monthly", 21, True)


def test_a_column_left_out_carries_over_the_previous_version_not_the_default(manager, group_a):
    """The first file sets a ceiling of Rp 3.000.000, 21 days to the first instalment, dues following the
    meeting; the second leaves those columns out (or empty): its version keeps them, not Rp 5.000.000, 14 days, no."""
    first = import_check(kind="rules", file_name="aturan.csv", actor=manager, content=csv_bytes(
        HEADERS + ["Plafon pinjaman"] + CALENDAR,
        [[group_a.code, "2023-07-01", "50000", "15000", "flat", "2", "5,10,12", "100", "3000000", "monthly", "21",
          "Ya"]]))
    import_confirm(run=first, actor=manager)
    second = import_check(kind="rules", file_name="aturan.csv", actor=manager, content=csv_bytes(
        HEADERS + ["Hari minimal sampai angsuran pertama"],
        [[group_a.code, "2024-01-01", "50000", "20000", "flat", "2", "5,10,12", "100", ""]]))
    assert second.new == 1 and second.problems == []
    import_confirm(run=second, actor=manager)
    rules = _version(group_a, datetime.date(2024, 1, 1))
    assert rules.wajib_amount == 20_000  # what the file gives
    assert (rules.loan_max_amount, rules.loan_due_at, rules.loan_first_due_min_days,
            rules.loan_dues_follow_meeting) == (3_000_000, "monthly", 21, True)


def test_bad_calendar_cells_are_named_and_nothing_is_added(manager, group_a):
    run = import_check(kind="rules", file_name="aturan.csv", actor=manager, content=csv_bytes(HEADERS + CALENDAR, [
        [group_a.code, "2023-07-01", "50000", "15000", "flat", "2", "5,10,12", "100", "weekly", "61", "mungkin"]]))
    assert len(run.problems) == 3  # each bad cell named with its row and column
    assert all(problem.startswith("Baris 2: ") for problem in run.problems)
    text = " ".join(run.problems)
    assert "angsuran jatuh tempo 'weekly'" in text and "'mungkin'" in text
    assert "hari minimal sampai angsuran pertama" in text and "60" in text
    assert GroupRules.objects.filter(group=group_a).count() == 1
