"""The treasurer's day (bendahara1 of KPUK Anggrek), in Chromium, as a worked example in exact Rupiah.

On her phone she opens a member's statement (its scrolling tables reached with Tab), prints it and
then asks for every member's statement at once (a background job: she watches its progress page,
then downloads the PDF); at the desk she reads the cash book of the last weeks,
records the stationery she paid for, and checks the trial balance, the balance sheet and the
income statement. Every figure she reads is the one the books hold.

The books, built through the services:
  grant (dana stimulan)   + 1.000.000
  savings of 3 members    +   280.000  (pokok 50.000 and wajib 10.000 each; Rosnida sukarela 100.000)
  loan to Yusnidar        −   495.000  (500.000, 1 % admin fee deducted)
  her first payment       +    50.000  (interest 10.000, principal 40.000)
  cash                      835.000, then the stationery − 25.000 = 810.000
"""
import datetime

import pytest
from playwright.sync_api import expect

from books.models import EntryKind, JournalEntry
from books.selectors import account_balances, trial_balance
from books.services import post_grant
from core.dates import today
from loans import services as loans
from savings.services import savings_deposit
from tests.factories import MemberFactory, make_rules
from tests.loans.conftest import OPEN_RULES

from .helpers import fetch_pdf, rupiah, squash, submit, tab_to
from .jobs import BackgroundWorker

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def books(group_a, manager, pendamping1):
    """Three members' savings, a grant and a loan with one payment, in the last month."""
    on = today()
    day = on - datetime.timedelta(days=20)
    make_rules(group_a, effective_from=datetime.date(2021, 1, 1), created_by=manager, **OPEN_RULES)
    post_grant(group=group_a, date=day - datetime.timedelta(days=5), amount=1_000_000, memo="Dana stimulan LP2M",
               actor=manager)
    members = {name: MemberFactory(group=group_a, full_name=name, joined_on=datetime.date(2024, 1, 9))
               for name in ("Marlina", "Rosnida", "Yusnidar")}
    for member in members.values():
        savings_deposit(member=member, kind="pokok", amount=50_000, date=day, actor=pendamping1)
        savings_deposit(member=member, kind="wajib", amount=10_000, date=day, actor=pendamping1)
    savings_deposit(member=members["Rosnida"], kind="sukarela", amount=100_000, date=day, actor=pendamping1)
    loan = loans.loan_apply(member=members["Yusnidar"], amount=500_000, term=5, purpose="Modal", business="Kue",
                            date=day, actor=pendamping1)
    loans.loan_decide(loan=loan, approved=True, date=day, agreed_by="Rapat anggota", actor=pendamping1)
    loans.loan_disburse(loan=loan, date=day, actor=pendamping1)
    loans.loan_repay(loan=loan, amount=50_000, date=on - datetime.timedelta(days=5), actor=pendamping1)
    assert account_balances(group_a, as_of=on)["cash"] == 835_000
    return {"members": members, "group": group_a, "since": day - datetime.timedelta(days=10)}


def test_the_treasurers_day(open_page, bendahara1, books):
    group, members, since = books["group"], books["members"], books["since"]
    rosnida = members["Rosnida"]

    # Morning, on her phone: her group, a member, her statement.
    page = open_page(bendahara1, viewport="phone")
    page.get_by_role("link", name=group.name).first.click()
    page.get_by_role("region", name="Anggota", exact=True).get_by_role("link", name="Rosnida").click()
    page.get_by_role("link", name="Laporan", exact=True).click()
    expect(page.get_by_role("heading", name="Laporan anggota")).to_be_visible()
    savings = page.get_by_role("region", name="Simpanan", exact=True)
    expect(savings).to_contain_text("Jumlah simpanan")
    expect(savings.locator("tr.total").last).to_contain_text(rupiah(160_000))
    # The statement's tables scroll sideways on a phone: she reaches them with the keyboard alone.
    tab_to(page, savings)
    page.keyboard.press("ArrowRight")
    payments = page.get_by_role("region", name="Pembayaran", exact=True)
    tab_to(page, payments)

    # She prints it: the PDF holds her name and her savings.
    text = squash(" ".join(fetch_pdf(page, page.get_by_role("link", name="PDF A4"))))
    assert "Rosnida" in text and rosnida.code in text and rupiah(160_000) in text

    # Then every member's statement at once, from the group's page.
    page.get_by_role("main").get_by_role("link", name="Rosnida").click()
    page.get_by_role("main").get_by_role("link", name=group.name).first.click()
    # It takes a moment: the answer is the job's page, its bar moving while a worker lays out each
    # statement, then the PDF to download.
    with BackgroundWorker() as worker:
        page.get_by_role("button", name="Laporan semua anggota (PDF)").click()
        expect(page.get_by_role("heading", name=f"Laporan anggota {group}")).to_be_visible()
        expect(page.locator("#job-progress")).to_be_visible()
        expect(page.locator("#job-label")).to_have_text("Menunggu giliran")
        worker.start()
        download = page.get_by_role("link", name="Unduh PDF")
        expect(download).to_be_visible(timeout=120_000)  # job.js reloads the page when the job is done
    expect(page.get_by_role("status")).to_contain_text("Siap.")
    pages = fetch_pdf(page, download)
    text = squash(" ".join(pages))
    assert len(pages) >= len(members)
    for member in members.values():
        assert member.full_name in text and member.code in text
    assert rupiah(500_000) in text and rupiah(50_000) in text  # Yusnidar's loan and her payment

    # At the desk: the cash book from before the first deposit, set with the period form.
    desk = open_page(bendahara1, viewport="desktop", path=f"/groups/{group.pk}/")
    desk.get_by_role("link", name="Buku kas").first.click()
    desk.get_by_label("Dari").fill(since.isoformat())
    desk.get_by_label("Sampai").fill(today().isoformat())
    submit(desk, desk.get_by_role("button", name="Tampilkan"))
    book = desk.get_by_role("region", name="Buku kas")
    # opening and closing, grant, 7 deposits, loan, payment
    expect(book.locator("tbody tr")).to_have_count(2 + 1 + 7 + 1 + 1)
    expect(book.locator("tbody tr").last).to_contain_text(rupiah(835_000))

    # She paid 25.000 for stationery: a wrong amount first, then the right one.
    desk.get_by_role("link", name="Beban", exact=True).click()
    desk.get_by_label("Jumlah (Rp)").fill("dua puluh lima ribu")
    desk.get_by_label("Keterangan").fill("Fotokopi buku kas dan kuitansi")
    desk.get_by_role("combobox", name="Beban").select_option(label="Alat tulis")
    submit(desk, desk.get_by_role("button", name="Simpan"))
    expect(desk.locator(".invalid-feedback, .is-invalid").first).to_be_visible()
    assert not JournalEntry.objects.filter(group=group, kind=EntryKind.EXPENSE).exists()
    desk.get_by_label("Jumlah (Rp)").fill("25.000")
    desk.get_by_label("Jumlah (Rp)").press("Enter")
    desk.wait_for_url(f"**/books/groups/{group.pk}/cash/")
    expect(desk.get_by_role("alert")).to_contain_text("Dicatat di buku.")
    expense = JournalEntry.objects.get(group=group, kind=EntryKind.EXPENSE)
    assert expense.memo == "Fotokopi buku kas dan kuitansi" and expense.created_by == bendahara1
    assert {(line.account.key, line.debit, line.credit) for line in expense.lines.select_related("account")} == {
        ("stationery_expense", 25_000, 0), ("cash", 0, 25_000)}
    assert account_balances(group, as_of=today())["cash"] == 810_000
    expect(desk.get_by_role("region", name="Buku kas")).to_contain_text("Fotokopi buku kas dan kuitansi")

    # The trial balance of the same period: debits equal credits, as in the books.
    desk.goto(f"/books/groups/{group.pk}/trial-balance/?start={since.isoformat()}&end={today().isoformat()}")
    _rows, totals = trial_balance(group, start=since, end=today())
    assert totals["balanced"] and totals["debit"] == 1_000_000 + 280_000 + 500_000 + 50_000 + 25_000
    expect(desk.get_by_role("region", name="Neraca saldo").locator("tr").last).to_contain_text(
        rupiah(totals["debit"]))

    # The balance sheet and the income statement of the last twelve months.
    desk.goto(f"/groups/{group.pk}/")
    desk.get_by_role("link", name="Laporan keuangan").click()
    balances = account_balances(group, as_of=today())
    assets = balances["cash"] + balances["loans_receivable"]
    assert (balances["cash"], balances["loans_receivable"], assets) == (810_000, 460_000, 1_270_000)
    expect(desk.get_by_role("row", name="Total aset")).to_contain_text(rupiah(assets))
    expect(desk.get_by_text("Neraca tidak seimbang")).to_have_count(0)
    expect(desk.get_by_role("row", name="Total beban")).to_contain_text(rupiah(25_000))
    income = 5_000 + 10_000  # the admin fee and the interest of her payment
    expect(desk.get_by_role("row", name="Total pendapatan")).to_contain_text(rupiah(income))
