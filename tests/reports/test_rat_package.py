"""The RAT package: its figures are the reports' and the books' for the same year; pages for each role."""
import io

import openpyxl
import pytest
from pypdf import PdfReader

from books.services import post_other_income
from reports.selectors.indicators import indicators_for
from reports.selectors.rat import rat_package
from reports.selectors.statements import financial_statements
from tests.jobs.helpers import job_file
from tests.yearend.scenarios import RAT, YEAR, D
from yearend.models import YearEndShare
from yearend.services import year_end_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_years(small, manager):
    """2023 earned 500.000 (no savings or loans yet: the members' pools stay undistributed), closed at the
    RAT of 1 February 2024; 2024 is the ``small`` year, closed at the RAT of 15 February 2025."""
    group = small["group"]
    post_other_income(group=group, date=D(2023, 6, 1), amount=500_000, memo="Sewa tenda", actor=manager)
    year_end_post(group=group, year=2023, decided_on=D(2024, 2, 1), agreed_by="RAT 2023", actor=manager)
    year_end_post(group=group, year=YEAR, decided_on=RAT, agreed_by="RAT 2024", actor=manager)
    return small


def lines(items):
    return {line["account"].key: line["amount"] for line in items}


def test_the_package_says_what_the_reports_and_the_books_say(two_years):
    group = two_years["group"]
    package = rat_package(group, year=YEAR)
    statements = financial_statements(group, start=D(YEAR, 1, 1), end=D(YEAR, 12, 31))
    previous = financial_statements(group, start=D(2023, 1, 1), end=D(2023, 12, 31))
    beside = package["beside"]
    for part in ("assets", "liabilities", "equity"):
        assert {ln["account"].key: ln["amount"] for ln in beside[part]} == lines(statements["balance_sheet"][part])
        assert {ln["account"].key: ln["previous"] for ln in beside[part]} == lines(previous["balance_sheet"][part])
    for part in ("income", "expense"):
        assert {ln["account"].key: ln["amount"] for ln in beside[part]} == lines(statements["income_statement"][part])
    assert beside["income_totals"]["surplus"] == (1_000_000, 500_000)
    assert beside["totals"]["assets_total"][0] == beside["totals"]["liabilities_and_equity_total"][0]
    assert beside["balanced"]

    equity = package["equity"]
    for i, _column in enumerate(equity["columns"]):
        assert equity["opening"][i] + sum(row["values"][i] for row in equity["rows"]) == equity["closing"][i]
    assert equity["closing_total"] == statements["balance_sheet"]["equity_total"]
    assert equity["opening_total"] == previous["balance_sheet"]["equity_total"]
    rows = {row["key"]: row for row in equity["rows"]}
    assert rows["surplus"]["total"] == 1_000_000
    # The RAT of February 2024 shared 2023's SHU: 200.000 to reserves, 75.000 to the funds (a liability).
    assert rows["distributed"]["values"] == [0, 0, -275_000, 200_000, 0]
    assert rows["paid_in"]["values"][:2] == [4 * 50_000, 950_000 + 450_000 + 250_000 + 150_000]
    assert rows["returned"]["values"][:2] == [-50_000, -150_000]  # Dewi left on 30 September

    distribution = package["distribution"]
    posted = {s.member.code: s.total for s in YearEndShare.objects.filter(year_end=package["posted"])}
    assert {s.member.code: s.total for s in distribution.shares} == posted == {
        "B-001": 277_778, "B-002": 138_889, "B-003": 33_333}

    values = indicators_for(group.__class__.objects.filter(pk=group.pk), start=D(YEAR, 1, 1), end=D(YEAR, 12, 31))
    figures = package["figures"]
    assert figures["values"] == values
    activity = figures["activity"]
    assert (activity["members_start"], activity["members_in"], activity["members_out"], activity["members_end"]) == (
        3, 1, 1, 3)
    assert activity["disbursed_value"] == values["disbursed_value"] == 1_800_000
    assert activity["par30"] == values["par30"]
    assert figures["previous"]["active_members"] == 3


def test_oss_of_a_closed_year_counts_its_income(two_years):
    """The closing entry is not income or cost of the year: the indicators read the year before it."""
    group = two_years["group"]
    values = indicators_for(group.__class__.objects.filter(pk=group.pk), start=D(YEAR, 1, 1), end=D(YEAR, 12, 31))
    assert values["oss"] is None  # 180.000 of loan interest and no expense: nothing to divide by
    assert values["portfolio_yield"] is not None and values["portfolio_yield"] > 0


@pytest.mark.parametrize("role", ["manager", "pendamping1", "bendahara1"])
def test_every_role_in_scope_gets_the_package(two_years, login, users, role):
    client = login(users[role])
    base = f"/reports/groups/{two_years['group'].pk}/rat/{YEAR}/"
    page = client.get(base)
    assert page.status_code == 200
    content = page.content.decode()
    for text in ("Laporan posisi keuangan", "Laporan hasil usaha 2024", "Laporan perubahan ekuitas 2024",
                 "Rp 277.778", "Rencana kerja dan anggaran", "Sumber:"):
        assert text in content
    pdf = job_file(client, client.post(base + "pdf/?paper=F4"))
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages).split())
    assert "Paket RAT 2024" in text and "Ani" in text and "Tanda tangan" in text
    book = openpyxl.load_workbook(io.BytesIO(client.get(base + "?export=xlsx").content))
    assert book.sheetnames == ["Laporan posisi keuangan", "Laporan hasil usaha", "Laporan perubahan ekuitas", "SHU",
                               "Tahun dalam angka", "Buku daftar anggota"]
    register = client.get(base + "members/?export=csv").content.decode("utf-8-sig").splitlines()
    assert register[0].startswith("No.,Kode anggota,Nama lengkap")
    assert len(register) == 1 + 4 and "B-004" in register[4] and "Keluar" in register[4]
    figures = client.get(base + "figures/?export=csv").content.decode("utf-8-sig")
    assert "Sisa hasil usaha (SHU),1000000" in figures and "Tanggal RAT,2025-02-15" in figures


def test_out_of_scope_or_not_a_book_year_is_404(two_years, login, users):
    base = f"/reports/groups/{two_years['group'].pk}/rat/"
    for suffix in (f"{YEAR}/", f"{YEAR}/pdf/", f"{YEAR}/members/?export=csv", f"{YEAR}/figures/?export=xlsx"):
        assert login(users["pendamping2"]).get(base + suffix).status_code == 404
    assert login(users["pendamping2"]).post(base + f"{YEAR}/pdf/").status_code == 404
    assert login(users["manager"]).get(base + "2026/").status_code == 404
    assert login(users["manager"]).get(base + "1990/").status_code == 404


def test_a_year_not_yet_posted_is_a_proposal(small, login, users):
    content = login(users["manager"]).get(f"/reports/groups/{small['group'].pk}/rat/{YEAR}/").content.decode()
    assert "Usulan untuk RAT: belum dibukukan." in content and "Rp 277.778" in content


def test_queries_do_not_grow_with_the_members(two_years, login, users, manager):
    from tests.factories import MemberFactory
    from tests.utils import count_queries
    from tests.yearend.scenarios import save

    client = login(users["manager"])
    group = two_years["group"]
    urls = [f"/reports/groups/{group.pk}/rat/2025/", f"/year-end/groups/{group.pk}/2025/"]
    few = [count_queries(lambda url=url: client.get(url))[1] for url in urls]
    for i in range(12):
        save(MemberFactory(group=group, code=f"Z-{i:03d}", joined_on=D(2025, 1, 1)), 60_000, actor=manager,
             date=D(2025, 3, 1))
    many = [count_queries(lambda url=url: client.get(url))[1] for url in urls]
    assert many == few
