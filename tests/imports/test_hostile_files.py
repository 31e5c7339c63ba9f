"""Hostile files are refused quickly with a clear message, and nothing is imported.

Reproduces the issue: a 1.5 KB XLSX whose only cell is XFD1048576 held a worker over 180 s, and a
0.8 MB file that unpacks to 300,000 rows took 124 s and 600 MB before it was refused. Every file
here is made by :mod:`tests.imports.hostile` (`pytest --durations` shows the seconds each took).
"""
import pytest

from imports.models import ImportRun
from imports.services import import_check
from members.models import Member

from .hostile import HOSTILE

pytestmark = pytest.mark.django_db

EXPECTED = {
    "last_cell_only": "tidak ada baris judul",
    "header_then_last_cell": "lebih dari 50.000 baris",
    "zip_bomb": "MB",
    "many_entries": "MB",
    "billion_laughs": "bukan lembar kerja",
    "wide_header": "lebih dari 60 kolom",
    "wide_xlsx_header": "lebih dari 60 kolom",
    "many_csv_rows": "lebih dari 50.000 baris",
    "blank_lines": "lebih dari 50.000 baris",
    "huge_cell": "bukan lembar kerja",
    "not_a_zip": "bukan lembar kerja",
    "binary_as_csv": "bukan lembar kerja",
}


def test_every_hostile_file_has_an_expectation():
    assert set(EXPECTED) == set(HOSTILE)


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_file_is_refused_with_a_clear_message(manager, group_a, name):
    file_name, content = HOSTILE[name]()
    assert len(content) < 21 * 2**20  # every one fits under the upload limit
    run = import_check(kind="members", file_name=file_name, content=content, actor=manager)
    assert run.status == ImportRun.Status.REJECTED
    assert any(EXPECTED[name] in problem for problem in run.problems), run.problems
    assert not Member.objects.exists()


def test_the_zip_bomb_is_small_and_refused_before_it_is_unpacked(manager, group_a, monkeypatch):
    import imports.reading

    file_name, content = HOSTILE["zip_bomb"]()
    assert len(content) < 2**20  # under 1 MB on disk
    monkeypatch.setattr("openpyxl.load_workbook", lambda *a, **k: pytest.fail("opened the archive"))
    run = import_check(kind="members", file_name=file_name, content=content, actor=manager)
    assert run.status == ImportRun.Status.REJECTED
    assert imports.reading.MAX_INFLATED_BYTES // 2**20 == 50


def test_the_row_limit_stops_reading_a_file_under_the_unpacked_limit(manager, group_a, monkeypatch):
    """A bomb small enough to be opened is still read only up to the row limit."""
    monkeypatch.setattr("imports.reading.MAX_ROWS", 1_000)
    file_name, content = HOSTILE["zip_bomb"](rows=20_000)
    run = import_check(kind="members", file_name=file_name, content=content, actor=manager)
    assert run.status == ImportRun.Status.REJECTED
    assert any("lebih dari 1.000 baris" in p for p in run.problems), run.problems


def test_a_file_at_the_row_limit_is_read(manager, group_a, monkeypatch):
    from .conftest import MEMBER_HEADERS, csv_bytes

    monkeypatch.setattr("imports.reading.MAX_ROWS", 3)
    rows = [[f"A-{i}", group_a.code, f"Ani {i}", "2019-02-28", "15"] for i in range(3)]
    run = import_check(kind="members", file_name="m.csv", content=csv_bytes(MEMBER_HEADERS, rows), actor=manager)
    assert run.status == ImportRun.Status.PREVIEWED, run.problems
