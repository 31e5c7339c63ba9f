"""The report pages print for a board meeting: indicators, repayments and arrears, field officers and
districts as PDF (A4 or F4), each with its figures, its sources, and the scope of the page.

Worked example (tests.reports.factories.build_loans, January–June 2024, group Anggrek): GLP
Rp 1.500.000; PAR > 30 days 900,000 / 1,500,000 = 60,00 %; repayment 1,160,000 / 1,750,000 = 66,29 %;
Yusnimar 107 days late with Rp 480.000 overdue.
"""
import io

import pytest
from pypdf import PdfReader

from tests.factories import GroupFactory, assign
from tests.reports.factories import build_loans
from tests.utils import count_queries

pytestmark = pytest.mark.django_db
HALF = "start=2024-01-01&end=2024-06-30"
PDFS = ["/reports/indicators/pdf/", "/reports/portfolio/pdf/", "/reports/officers/pdf/", "/reports/districts/pdf/"]
SOURCES = ["indicators.md", "regulation.md", "POJK 13/2014"]


@pytest.fixture
def loans(group_a, group_b, manager):
    return build_loans(group_a, manager)


def _text(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return reader, " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _mm(reader):
    box = reader.pages[0].mediabox
    return round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)


@pytest.mark.parametrize("url, holds", [
    ("/reports/indicators/pdf/", ["Indikator · Semua kelompok", "Portofolio berisiko > 30 hari", "60,00 %",
                                  "66,29 %", "Rp 1.500.000", "IRIS FP6373"]),
    ("/reports/portfolio/pdf/", ["Pengembalian dan tunggakan", "Rp 1.500.000", "Yusnimar", "107", "Rp 480.000",
                                 "Kolektibilitas"]),
    ("/reports/officers/pdf/", ["Per pendamping", "Rp 1.500.000", "60,00 %", "66,29 %"]),
    ("/reports/districts/pdf/", ["Per kabupaten/kota", "Rp 1.500.000", "60,00 %"]),
])
def test_each_pdf_opens_with_its_figures_and_sources(login, users, loans, group_a, url, holds):
    reader, text = _text(login(users["manager"]).get(f"{url}?{HALF}"))
    signatures = ["Disiapkan oleh", "Diperiksa oleh", "Disetujui oleh"]  # for the board to sign
    for expected in holds + SOURCES + signatures + ["1 Januari 2024 – 30 Juni 2024", "Halaman 1"]:
        assert expected in text, (url, expected)
    assert _mm(reader) == (210, 297)  # A4 unless asked


@pytest.mark.parametrize("url", PDFS)
def test_f4_on_request(login, users, loans, url):
    reader, _text_ = _text(login(users["manager"]).get(f"{url}?{HALF}&paper=F4"))
    assert _mm(reader) == (215, 330)


def test_the_pages_link_their_pdfs(login, users, loans):
    client = login(users["manager"])
    for page, pdf in (("/reports/indicators/", "/reports/indicators/pdf/"),
                      ("/reports/portfolio/", "/reports/portfolio/pdf/"),
                      ("/reports/officers/", "/reports/officers/pdf/")):
        content = client.get(f"{page}?{HALF}").content.decode()
        assert f'href="{pdf}?{HALF.replace("&", "&amp;")}"' in content, page
        assert "paper=F4" in content
    dashboard = client.get("/").content.decode()
    assert "/reports/districts/pdf/?start=" in dashboard and "/reports/officers/pdf/" in dashboard


@pytest.mark.parametrize("role", ["pendamping1", "bendahara1"])
@pytest.mark.parametrize("url", ["/reports/indicators/pdf/", "/reports/portfolio/pdf/"])
def test_another_groups_pdf_is_404(login, users, loans, group_b, role, url):
    client = login(users[role])
    assert client.get(f"{url}?{HALF}&group={group_b.pk}").status_code == 404
    assert client.get(f"{url}?{HALF}&region={group_b.region_id}").status_code == 404
    assert client.get(f"{url}?{HALF}&group=abc").status_code == 404


@pytest.mark.parametrize("role, sees_anggrek", [("manager", True), ("pendamping1", True), ("bendahara1", True),
                                                ("pendamping2", False)])
def test_each_role_prints_her_own_groups(login, users, loans, group_a, role, sees_anggrek):
    client = login(users[role])
    _reader, portfolio = _text(client.get(f"/reports/portfolio/pdf/?{HALF}"))
    assert ("Yusnimar" in portfolio) is sees_anggrek
    _reader, districts = _text(client.get(f"/reports/districts/pdf/?{HALF}"))
    assert ("Rp 1.500.000" in districts) is sees_anggrek
    _reader, indicators = _text(client.get(f"/reports/indicators/pdf/?{HALF}&group={group_a.pk}"
                                           if sees_anggrek else f"/reports/indicators/pdf/?{HALF}"))
    assert ("60,00 %" in indicators) is sees_anggrek


@pytest.mark.parametrize("role, shown, hidden", [("manager", ["pendamping1", "pendamping2"], []),
                                                 ("pendamping1", ["pendamping1"], ["pendamping2"]),
                                                 ("bendahara1", [], ["pendamping1", "pendamping2"])])
def test_officer_pdf_shows_only_the_officers_she_may(login, users, loans, role, shown, hidden):
    _reader, text = _text(login(users[role]).get(f"/reports/officers/pdf/?{HALF}"))
    for name in shown:
        assert str(users[name]) in text
    for name in hidden:
        assert str(users[name]) not in text


@pytest.mark.parametrize("url", PDFS)
def test_pdf_query_count_does_not_grow_with_groups(login, users, loans, manager, url):
    client = login(users["manager"])
    _, few = count_queries(lambda: client.get(f"{url}?{HALF}"))
    for _i in range(3):
        group = GroupFactory()
        build_loans(group, manager)
        assign(users["pendamping2"], group)
    response, many = count_queries(lambda: client.get(f"{url}?{HALF}"))
    assert response.status_code == 200
    assert few == many
