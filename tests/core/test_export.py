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
