"""The LP2M manager's day, in Chromium: from the dashboard down to the loan to act on, the indicators
with their definitions, every export downloaded and opened, and a member file checked before import.

Two districts: Kota Padang (KPUK Anggrek and Melati) and Kabupaten Agam (Garuda Metro). In Anggrek
Rosnida has paid nothing on a loan disbursed 75 days ago; Yusnidar has paid both her instalments.
"""
import datetime
import io

import openpyxl
import pytest
from django.utils import translation
from playwright.sync_api import expect

from core.dates import add_months, month_end, today
from groups.models import Region
from imports.models import ImportRun
from loans import services as loans
from loans.positions import loan_position
from members.models import Member
from reports.indicators.registry import BY_KEY
from savings.services import savings_deposit
from tests.factories import GroupFactory, MemberFactory, make_rules
from tests.loans.conftest import OPEN_RULES

from .helpers import csv_rows, download, fetch_pdf, squash, submit, tab_to, xlsx_rows

pytestmark = pytest.mark.django_db(transaction=True)


def _loan(member, actor, day):
    loan = loans.loan_apply(member=member, amount=1_000_000, term=10, purpose="Modal", business="Warung", date=day,
                            actor=actor)
    loans.loan_decide(loan=loan, approved=True, date=day, agreed_by="Rapat anggota", actor=actor)
    return loans.loan_disburse(loan=loan, date=day, actor=actor)


@pytest.fixture
def network(group_a, group_b, manager, pendamping1):
    padang = Region.objects.create(code="1371", name="Kota Padang", level=Region.Level.DISTRICT)
    koto_tangah = Region.objects.create(code="1371-KTG", name="Koto Tangah", level=Region.Level.SUBDISTRICT,
                                        parent=padang)
    agam = Region.objects.create(code="1306", name="Kabupaten Agam", level=Region.Level.DISTRICT)
    melati = GroupFactory(name="Melati", code="PDG-003", region=koto_tangah)
    for group, region in ((group_a, koto_tangah), (group_b, agam)):
        group.region = region
        group.save()
    for group in (group_a, group_b, melati):
        make_rules(group, effective_from=datetime.date(2021, 1, 1), created_by=manager, **OPEN_RULES)
    day = today() - datetime.timedelta(days=75)
    rosnida = MemberFactory(group=group_a, full_name="Rosnida", code="PDG-001-001")
    yusnidar = MemberFactory(group=group_a, full_name="Yusnidar", code="PDG-001-002")
    MemberFactory(group=melati, full_name="Marlina", code="PDG-003-001")
    MemberFactory(group=group_b, full_name="Nurhayati", code="PDG-002-001")
    for member in Member.objects.all():
        savings_deposit(member=member, kind="pokok", amount=50_000, date=day, actor=manager)
    late = _loan(rosnida, pendamping1, day)
    paying = _loan(yusnidar, pendamping1, day)
    for n in (1, 2):
        loans.loan_repay(loan=paying, amount=120_000, date=add_months(day, n), actor=pendamping1)
    return {"padang": padang, "melati": melati, "late": late, "paying": paying, "rosnida": rosnida}


def test_from_the_dashboard_to_the_loan_to_act_on(open_page, manager, network):
    late = network["late"]
    days = loan_position(late, as_of=today()).days_past_due
    assert days > 30

    # On her phone first thing: who is late, and the name leads to the loan, not to a statement.
    phone = open_page(manager, viewport="phone")
    late_list = phone.get_by_role("heading", name="Siapa yang terlambat")
    expect(late_list).to_be_visible()
    link = phone.locator("#reports-panel").get_by_role("link", name="Rosnida")
    expect(link).to_have_attribute("href", f"/loans/{late.pk}/")

    # At the desk: the district, then its groups, then the group, then the loan.
    desk = open_page(manager, viewport="desktop")
    desk.get_by_role("link", name="Kota Padang").click()
    expect(desk.get_by_role("heading", name="Indikator")).to_be_visible()
    expect(desk.locator("main")).to_contain_text("Kota Padang")
    active = Member.objects.filter(group__region__parent=network["padang"], exited_on__isnull=True).count()
    assert active == 3
    expect(desk.locator("#ind-active_members td").nth(1)).to_have_text(str(active))
    desk.get_by_role("link", name="Pengembalian dan tunggakan, per kelompok").click()
    by_group = desk.locator("#by-group")
    expect(by_group).to_contain_text("Anggrek")
    expect(by_group).to_contain_text("Melati")
    expect(by_group).not_to_contain_text("Garuda Metro")  # in the other district
    by_group.get_by_role("link", name="Anggrek").click()
    expect(desk.locator("main")).to_contain_text("KPUK Anggrek")
    desk.get_by_role("link", name="Rosnida").click()
    desk.wait_for_url(f"**/loans/{late.pk}/")
    expect(desk.get_by_role("heading", name=f"Pinjaman #{late.pk}")).to_be_visible()
    expect(desk.locator("dd").filter(has_text=f"{days} ·")).to_be_visible()


def test_the_dashboard_reads_for_a_board(open_page, manager, group_a, network):
    """One figure per card, Anggrek at the top of the PAR ranking with its own figure, charts with a scale,
    and every report page printed as PDF with its sources."""
    from groups.models import Group
    from reports.selectors.indicators import indicators_for

    phone = open_page(manager, viewport="phone")
    cards = phone.locator("#dashboard-cards [data-card]")
    shown = [" ".join(t.split()) for t in cards.all_inner_texts()]
    assert len(shown) == 9 and len(set(shown)) == len(shown), shown
    end = today()
    start = add_months(end, -12) + datetime.timedelta(days=1)
    mine = indicators_for(Group.objects.filter(pk=group_a.pk), start=start, end=end)
    top = phone.locator("#rank-par30 li").first
    expect(top.get_by_role("link")).to_have_text("Anggrek")
    expect(top.locator("[data-bar-value]")).to_have_text(f"{mine['par30'] * 100:.2f} %".replace(".", ","))
    chart = phone.locator("#chart-par30-12 svg")
    assert chart.locator("text.axis-y").count() >= 2 and chart.locator("text.axis-x").count() >= 2
    # On any day but a month's last, the last point is this month to date, drawn hollow and marked.
    expect(chart.locator("circle[data-month-to-date]")).to_have_count(0 if end == month_end(end) else 1)
    desk = open_page(manager, viewport="desktop")
    texts = {}
    for link in ("a[href^='/reports/districts/pdf/']", "a[href='/reports/officers/pdf/']"):
        texts[link] = squash(" ".join(fetch_pdf(desk, desk.locator(link).first)))
    for path in ("/reports/indicators/", "/reports/portfolio/"):
        desk.goto(path)
        texts[path] = squash(" ".join(fetch_pdf(desk, desk.get_by_role("link", name="PDF A4"))))
    assert "Kota Padang" in texts["a[href^='/reports/districts/pdf/']"]
    assert "Rosnida" in texts["/reports/portfolio/"]
    for text in texts.values():
        assert "indicators.md" in text and "regulation.md" in text


def test_the_indicators_explain_themselves(open_page, manager, network):
    page = open_page(manager, viewport="desktop", path="/reports/indicators/")
    shown = page.locator("tr[id^=ind-]").evaluate_all(
        "rows => rows.map(r => [r.id.slice(4), r.querySelector('details')?.textContent || ''])")
    assert len(shown) >= 20
    # Every indicator says how it is computed and where the definition comes from, as the registry has it.
    with translation.override("id"):
        for key, text in shown:
            assert str(BY_KEY[key].definition) in " ".join(text.split()), key
            assert str(BY_KEY[key].source) in text, key
    summary = page.locator("#ind-par30 summary")
    definition = page.locator("#ind-par30 details")
    expect(definition).not_to_have_attribute("open", "")
    tab_to(page, summary, limit=200)
    page.keyboard.press("Enter")  # opened with the keyboard
    expect(definition).to_have_attribute("open", "")
    expect(definition.get_by_text(str(BY_KEY["par30"].source))).to_be_visible()


# Every page with downloads the manager has, the download link on it, and what its XLSX must hold.
OWN = "a[href^='?'][href*='export=xlsx']"  # templates/_export_links.html: the page's own rows


def _export_pages(network, group):
    late = network["late"]
    return [
        ("/", "a[href^='/reports/districts/'][href*='export=xlsx']", "Kota Padang"),
        ("/", "a[href^='/reports/officers/'][href*='export=xlsx']", None),
        ("/groups/", OWN, "Anggrek"),
        ("/members/", OWN, "Rosnida"),
        (f"/loans/group/{group.pk}/", OWN, "Rosnida"),
        ("/reports/indicators/", OWN, "active_members"),
        ("/reports/portfolio/", OWN, late.member.code),
        ("/reports/officers/", OWN, None),
        (f"/reports/groups/{group.pk}/report/", OWN, None),
        (f"/reports/groups/{group.pk}/statements/", OWN, None),
        (f"/reports/members/{late.member.pk}/statement/", OWN, None),
        (f"/books/groups/{group.pk}/cash/", OWN, None),
        (f"/books/groups/{group.pk}/trial-balance/", OWN, None),
        ("/imports/log/", OWN, None),
    ]


def _cells(rows):
    return {str(cell) for row in rows for cell in row if cell is not None}


def test_every_export_downloads_and_opens(open_page, manager, group_a, network):
    page = open_page(manager, viewport="desktop", path=None)
    opened = 0
    for path, selector, holds in _export_pages(network, group_a):
        page.goto(path)
        name, content = download(page, page.locator(selector))
        assert name.endswith(".xlsx"), name
        rows = xlsx_rows(content)
        assert rows and all(isinstance(h, str) and h for h in rows[0]), (path, rows[:1])
        if holds:
            assert holds in _cells(rows), (path, holds)
        opened += 1
    # The indicators sheet holds the figures the page shows; the arrears sheet her days late.
    page.goto("/reports/indicators/?region=" + str(network["padang"].pk))
    _name, content = download(page, page.get_by_role("link", name="XLSX"))
    by_key = {row[0]: row for row in xlsx_rows(content)[1:]}
    assert by_key["active_members"][2] == 3
    page.goto("/reports/portfolio/")
    _name, content = download(page, page.get_by_role("link", name="CSV"))
    arrears = {row[1]: row for row in csv_rows(content)[1:]}
    assert int(arrears[network["late"].member.code][3]) == loan_position(network["late"], as_of=today()).days_past_due
    assert network["paying"].member.code not in arrears

    # The import page: an empty template and the current data of every kind.
    page.goto("/imports/")
    links = page.get_by_role("region", name="Templat dan data").get_by_role("link", name="XLSX")
    assert links.count() == 2 * len(ImportRun._meta.get_field("kind").choices)
    for i in range(links.count()):
        name, content = download(page, links.nth(i))
        rows = xlsx_rows(content)
        assert name.endswith(".xlsx") and rows and rows[0][0], name
        opened += 1
    assert opened == len(_export_pages(network, group_a)) + links.count()


def _members_file(page, rows):
    """The members template downloaded from the import page, its example row replaced by ``rows``."""
    template = page.get_by_role("region", name="Templat dan data").get_by_role("row").filter(
        has=page.get_by_role("cell", name="Anggota", exact=True))
    _name, content = download(page, template.get_by_role("link", name="XLSX").first)
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book.active
    headers = [c.value for c in sheet[1]]
    sheet.delete_rows(2)
    for values in rows:
        sheet.append([values.get(h, "") for h in headers])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _check(page, content):
    page.get_by_label("Isi berkas").select_option(label="Anggota")
    page.get_by_label("Berkas (XLSX atau CSV)").set_input_files(
        {"name": "anggota-melati.xlsx", "mimeType": "application/octet-stream", "buffer": content})
    submit(page, page.get_by_role("button", name="Periksa berkas"))


def test_a_member_file_is_checked_and_its_bad_row_named(open_page, manager, network):
    page = open_page(manager, viewport="desktop", path="/imports/")
    good = {"Kode anggota": "PDG-003-002", "Kode KPUK": "PDG-003", "Nama lengkap": "Yusmaniar",
            "Tanggal masuk": "2025-02-11"}
    bad = {"Kode anggota": "PDG-003-003", "Kode KPUK": "PDG-003", "Nama lengkap": "Desrita",
           "Tanggal masuk": "31 Februari 2025"}
    _check(page, _members_file(page, [good, bad]))
    run = ImportRun.objects.latest("pk")
    assert run.status == ImportRun.Status.REJECTED
    assert len(run.problems) == 1 and run.problems[0].startswith("Baris 3: tanggal masuk")
    expect(page.get_by_role("alert")).to_contain_text(run.problems[0])
    assert not Member.objects.filter(code__in=["PDG-003-002", "PDG-003-003"]).exists()

    # She corrects the date, checks the file again and imports it.
    page.get_by_role("link", name="Impor").first.click()
    _check(page, _members_file(page, [good, {**bad, "Tanggal masuk": "2025-02-11"}]))
    expect(page.get_by_role("button", name="Impor sekarang")).to_be_visible()
    assert not Member.objects.filter(code="PDG-003-002").exists()  # a dry run changes nothing
    submit(page, page.get_by_role("button", name="Impor sekarang"))
    expect(page.locator(".badge")).to_contain_text("Sudah diimpor")
    assert set(Member.objects.filter(group=network["melati"]).values_list("full_name", flat=True)) == {
        "Marlina", "Yusmaniar", "Desrita"}
