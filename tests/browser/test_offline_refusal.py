"""A queued sheet the server refuses loses nothing: the message on its row, corrected, sent again.

Worked example: five members who joined in March paid pokok 50.000 and two months of wajib on
9 April; Anggota 01 borrowed 300.000 over 5 months (flat 2 %: 60.000 + 6.000 a month, the 1 %
fee of 3.000 deducted). The sheet of 14 May is prepared with her first instalment of 66.000 due,
typed and sent without signal. A week later she repays her whole loan at the office, so when the
signal returns the server refuses the instalment on her row and posts nothing; the officer clears
it, counts the cash again and sends: the meeting posts once, without the instalment.
"""
import datetime

import pytest

from books.selectors import account_balances
from core.dates import today
from loans import services as loan_services
from loans.models import LoanStatus, Repayment
from loans.positions import loan_position
from meetings.models import Attendance, Meeting
from meetings.services import meeting_record
from savings.models import SavingsTransaction
from savings.services import savings_deposit
from tests.browser.sheet_helpers import MEETING_DAY, cell, fill_row, sheet_url, wait_ready, wait_restored, wait_status
from tests.browser.waits import wait_for_path
from tests.factories import MemberFactory, make_rules
from tests.loans.conftest import OPEN_RULES

APRIL = datetime.date(2024, 4, 9)


@pytest.fixture
def scene(group_a, manager, pendamping1):
    make_rules(group_a, effective_from=datetime.date(2021, 1, 1), created_by=manager, **OPEN_RULES)
    m = [MemberFactory(group=group_a, full_name=f"Anggota {i:02d}", joined_on=datetime.date(2024, 3, 1))
         for i in range(5)]
    for member in m:
        savings_deposit(member=member, kind="pokok", amount=50_000, date=APRIL, actor=pendamping1)
        savings_deposit(member=member, kind="wajib", amount=20_000, date=APRIL, actor=pendamping1)
    loan = loan_services.loan_apply(member=m[1], amount=300_000, term=5, purpose="Modal", business="Warung",
                                    date=APRIL, actor=pendamping1)
    loan_services.loan_decide(loan=loan, approved=True, date=APRIL, agreed_by="Rapat", actor=pendamping1)
    loan = loan_services.loan_disburse(loan=loan, date=APRIL, actor=pendamping1)
    meeting = meeting_record(group=group_a, actor=pendamping1, date=MEETING_DAY, type=Meeting.Type.ROUTINE)
    return meeting, m, loan


def test_a_refused_sheet_keeps_every_entry_shows_the_row_and_posts_after_correction(phone, checks, scene,
                                                                                   pendamping1, manager):
    checks.allow(r"status of 400 \(Bad Request\)")  # the server's refusal is an answer, not a fault
    meeting, m, loan = scene
    opening = account_balances(meeting.group, as_of=APRIL)["cash"]
    assert opening == 350_000 - 297_000  # savings in, the loan out less its deducted fee
    page = phone.open(pendamping1, path=sheet_url(meeting))
    wait_restored(page)
    wait_ready(page)
    assert cell(page, m[1], "instalment").get_attribute("placeholder") == "66.000"

    phone.context.set_offline(True)
    for member in m:
        fill_row(page, member, wajib="10.000")
    cell(page, m[1], "instalment").fill("66.000")
    expected = opening + 5 * 10_000 + 66_000
    assert page.locator("[data-expected]").first.inner_text() == f"Rp {expected:,}".replace(",", ".")
    page.locator("#cash_counted").fill(str(expected))
    page.get_by_role("button", name="Kirim", exact=True).click()
    wait_status(page, "queued")

    # At the office a week later, before the signal returns: she pays off the whole loan.
    payoff = loan_position(loan, as_of=datetime.date.max).remaining_total
    loan_services.loan_repay(loan=loan, amount=payoff, date=datetime.date(2024, 5, 21), actor=manager)
    loan.refresh_from_db()
    assert loan.status == LoanStatus.CLOSED

    phone.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    assert "Ditolak" in wait_status(page, "refused")
    row = page.locator(f"tr[data-member='{m[1].pk}']")
    assert "sheet-row-refused" in row.get_attribute("class")
    assert "Ia tidak punya pinjaman berjalan." in row.locator("[data-error-for='instalment']").inner_text()
    assert "⚠" in page.locator("[data-jump] option", has_text="Anggota 01").inner_text()
    # Nothing lost, nothing posted.
    assert cell(page, m[1], "instalment").input_value() == "66.000"
    assert cell(page, m[4], "wajib").input_value() == "10.000"
    assert page.locator("#cash_counted").input_value() == f"{expected:,}".replace(",", ".")
    assert Meeting.objects.get(pk=meeting.pk).is_draft
    assert not SavingsTransaction.objects.filter(meeting=meeting).exists()

    page.reload()  # the refusal is kept on the phone too
    wait_restored(page)
    assert "Ia tidak punya pinjaman berjalan." in row.locator("[data-error-for='instalment']").inner_text()

    cell(page, m[1], "instalment").fill("")
    page.locator("#cash_counted").fill(str(expected - 66_000))
    page.get_by_role("button", name="Kirim", exact=True).click()
    wait_for_path(page, f"/meetings/{meeting.pk}/")
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SUBMITTED and meeting.cash_counted == expected - 66_000
    assert SavingsTransaction.objects.filter(meeting=meeting, kind="wajib").count() == 5
    assert Attendance.objects.filter(meeting=meeting).count() == 5
    assert not Repayment.objects.filter(meeting=meeting).exists()


def test_a_refusal_of_the_whole_sheet_says_to_read_the_message_above_it(phone, checks, group_a, pendamping1):
    """Sent before the meeting's day (she tried the sheet out the evening before): the server refuses
    the sheet as a whole, so the status line points at the message above the sheet, not at rows."""
    checks.allow(r"status of 400 \(Bad Request\)")
    member = MemberFactory(group=group_a, full_name="Anggota 00", joined_on=datetime.date(2024, 3, 1))
    tomorrow = today() + datetime.timedelta(days=1)
    meeting = meeting_record(group=group_a, actor=pendamping1, date=tomorrow, type=Meeting.Type.ROUTINE)
    page = phone.open(pendamping1, path=sheet_url(meeting))
    wait_restored(page)
    fill_row(page, member, wajib="10.000")
    page.locator("#cash_counted").fill(page.locator("[data-expected]").first.inner_text().replace("Rp", ""))
    phone.context.set_offline(True)
    page.get_by_role("button", name="Kirim", exact=True).click()
    wait_status(page, "queued")
    phone.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    for _ in ("sent from the queue", "kept with the phone's copy and shown again"):
        text = wait_status(page, "refusedTop")
        assert "pesan di atas lembar" in text and "baris" not in text
        assert "setelah tanggalnya" in page.locator("[data-page-errors]").inner_text()
        assert cell(page, member, "wajib").input_value() == "10.000"
        page.reload()
        wait_restored(page)
    assert Meeting.objects.get(pk=meeting.pk).is_draft
