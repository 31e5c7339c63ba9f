"""The dashboard's table by district downloads as CSV and XLSX, for each role over her own groups."""
import csv
import io

import pytest

from tests.reports.factories import build_loans

pytestmark = pytest.mark.django_db
HALF = "start=2024-01-01&end=2024-06-30"


@pytest.fixture
def loans(group_a, group_b, manager):
    return build_loans(group_a, manager)


def _rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.parametrize("role, groups", [("manager", 2), ("pendamping1", 1), ("pendamping2", 1), ("bendahara1", 1)])
def test_each_role_downloads_the_districts_of_her_groups(login, users, loans, role, groups):
    response = login(users[role]).get(f"/reports/districts/?{HALF}&export=csv")
    assert response.status_code == 200
    header, *rows = _rows(response)
    assert header[:3] == ["Kabupaten/kota", "Kelompok", "Anggota aktif"]
    assert sum(int(r[1]) for r in rows) == groups


def test_the_loans_receivable_of_group_a_is_in_its_district(login, users, loans, group_a):
    _header, *rows = _rows(login(users["pendamping1"]).get(f"/reports/districts/?{HALF}&export=csv"))
    assert [int(r[4]) for r in rows] == [1_500_000]


def test_xlsx_and_the_way_back_to_the_dashboard(login, users, loans):
    client = login(users["manager"])
    response = client.get(f"/reports/districts/?{HALF}&export=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get("/reports/districts/").url == "/"


def test_the_dashboard_links_the_download(login, users, loans):
    assert "/reports/districts/?start=" in login(users["manager"]).get("/").content.decode()
