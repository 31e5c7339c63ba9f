"""The field officer in the village without signal: the sheet she typed survives and posts exactly once.

Opened once with signal, the sheet opens again without it (kept by the service worker), every entry is
kept on the phone as she types (IndexedDB) through a reload and a restart of the browser, "Kirim"
without signal waits on the phone and says so, and when the signal is back it is posted once, with
its savings rows, journal entries and month totals, even after her session ended in between.
"""
import datetime

import pytest

from audit.models import AuditEvent
from books.models import JournalEntry, MonthTotal
from books.selectors import account_balances
from meetings.models import Attendance, Meeting, SheetRow
from savings.models import SavingsTransaction
from tests.browser.sheet_helpers import (
    cell,
    end_session,
    fill_row,
    log_in,
    scene,
    sheet_url,
    status,
    wait_ready,
    wait_restored,
    wait_status,
)
from tests.browser.waits import wait_for_path


@pytest.fixture
def sheet(group_a, pendamping1):
    return scene(group_a, pendamping1)


def test_a_sheet_typed_without_signal_survives_reload_and_restart_and_posts_once(phone, sheet, pendamping1):
    meeting, m = sheet
    page = phone.open(pendamping1, path=sheet_url(meeting))
    wait_restored(page)
    wait_ready(page)  # opened once with signal: kept on the phone

    phone.context.set_offline(True)
    fill_row(page, m[0], pokok="50.000", wajib="10.000")
    fill_row(page, m[1], pokok="50.000", wajib="10.000", sukarela_in="5.000")
    fill_row(page, m[2], pokok="50.000", wajib="20.000", note="bayar dua bulan")
    assert "Tidak ada sinyal" in wait_status(page, "offline")
    assert page.locator("[data-filled]").inner_text() == "3"

    page.reload()  # no signal: the kept page, and her entries from the phone
    wait_restored(page)
    assert cell(page, m[1], "sukarela_in").input_value() == "5.000"
    assert cell(page, m[2], "note").input_value() == "bayar dua bulan"
    assert page.locator('[data-total="cash"]').inner_text() == "195.000"

    phone.close()  # the browser closed in the village; its session cookie is gone
    page = phone.open(offline=True, path=sheet_url(meeting))
    wait_restored(page)
    assert cell(page, m[0], "attendance").input_value() == "present"
    assert cell(page, m[2], "wajib").input_value() == "20.000"
    assert not SheetRow.objects.filter(meeting=meeting).exists()  # nothing reached the server yet

    fill_row(page, m[3], attendance="absent")
    fill_row(page, m[4], attendance="excused")
    page.locator("#cash_counted").fill("195.000")
    page.get_by_role("button", name="Kirim", exact=True).click()
    assert "menunggu sinyal" in wait_status(page, "queued")
    assert page.get_by_role("button", name="Kirim", exact=True).is_disabled()
    assert Meeting.objects.get(pk=meeting.pk).is_draft

    end_session()  # and the session ended on the server while she was away
    phone.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    assert "masuk lagi" in wait_status(page, "login").lower()
    assert Meeting.objects.get(pk=meeting.pk).is_draft  # kept on the phone, not lost
    # She taps "Masuk" as another tab's news makes the line say the same again: the link stays the
    # same element, so her tap (down, the line said again, up) still goes to the login page.
    page.locator("[data-status-text] a").hover()
    page.mouse.down()
    page.evaluate("(u) => new BroadcastChannel('lkp-store').postMessage({type: 'login', user: u})",
                  str(pendamping1.pk))
    page.wait_for_timeout(300)  # the page reads its queue again and says so
    page.mouse.up()  # "Masuk": back to the sheet after logging in
    log_in(page, pendamping1)
    wait_for_path(page, f"/meetings/{meeting.pk}/")  # sent at once, then the meeting record
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SUBMITTED and meeting.submitted_by == pendamping1
    assert meeting.cash_counted == 195_000

    # Posted once: 3 pokok, 3 wajib, 1 sukarela; five attendance rows; one submission.
    rows = SavingsTransaction.objects.filter(meeting=meeting)
    assert sorted((t.member.full_name, t.kind, t.amount) for t in rows) == [
        ("Anggota 00", "pokok", 50_000), ("Anggota 00", "wajib", 10_000),
        ("Anggota 01", "pokok", 50_000), ("Anggota 01", "sukarela", 5_000), ("Anggota 01", "wajib", 10_000),
        ("Anggota 02", "pokok", 50_000), ("Anggota 02", "wajib", 20_000)]
    assert dict(Attendance.objects.filter(meeting=meeting).values_list("member__full_name", "status")) == {
        "Anggota 00": "present", "Anggota 01": "present", "Anggota 02": "present", "Anggota 03": "absent",
        "Anggota 04": "excused"}
    assert AuditEvent.objects.filter(action="meetings.submit", object_id=str(meeting.pk)).count() == 1
    # The journal: one balanced entry per savings row, cash up by the 195.000 counted.
    entries = JournalEntry.objects.filter(group=meeting.group, date=meeting.date)
    assert entries.count() == 7
    books = account_balances(meeting.group, as_of=meeting.date)
    assert (books["cash"], books["savings_pokok"], books["savings_wajib"], books["savings_sukarela"]) == (
        195_000, 150_000, 40_000, 5_000)
    # The month totals the reports read agree with the lines.
    cash = MonthTotal.objects.get(account__group=meeting.group, account__key="cash",
                                  month=datetime.date(2024, 5, 1))
    assert (cash.debit, cash.credit) == (195_000, 0)

    page.go_back()  # the sheet again: the posted one, read-only, never the old draft
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Kirim", exact=True).count() == 0
    assert cell(page, m[0], "wajib").is_disabled()
    assert "Dikirim" in page.locator("h1 + p").inner_text()
    assert SavingsTransaction.objects.filter(meeting=meeting).count() == 7


def test_two_tabs_sending_the_same_queued_sheet_post_it_once(phone, sheet, pendamping1):
    meeting, m = sheet
    page = phone.open(pendamping1, path=sheet_url(meeting))
    wait_restored(page)
    wait_ready(page)
    page.context.set_offline(True)
    for member in m:
        fill_row(page, member, pokok="50.000", wajib="10.000")
    page.locator("#cash_counted").fill("300.000")
    page.get_by_role("button", name="Kirim", exact=True).click()
    wait_status(page, "queued")

    other = phone.tab(sheet_url(meeting))  # a second tab on the same phone, opened without signal
    wait_restored(other)
    assert "menunggu sinyal" in wait_status(other, "queued")
    assert cell(other, m[4], "wajib").input_value() == "10.000"

    page.context.set_offline(False)  # both tabs hear "online" and send
    for tab in (page, other):
        tab.evaluate("window.dispatchEvent(new Event('online'))")
    wait_for_path(page, f"/meetings/{meeting.pk}/")
    wait_for_path(other, f"/meetings/{meeting.pk}/")
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SUBMITTED
    assert SavingsTransaction.objects.filter(meeting=meeting).count() == 10
    assert Attendance.objects.filter(meeting=meeting).count() == 5
    assert AuditEvent.objects.filter(action="meetings.submit").count() == 1

    # A phone that sent it but never heard the answer sends the same submission id again: it is
    # told the meeting is posted (the first result) and nothing is posted twice.
    again = other.evaluate("""async ([url, id]) => {
        const who = await (await fetch('/offline/whoami/')).json();
        const body = new URLSearchParams({action: 'submit', submission_id: id, cash_counted: '999.000'});
        const headers = {'X-CSRFToken': who.csrf, Accept: 'application/json'};
        const r = await fetch(url, {method: 'POST', body, headers});
        return [r.status, await r.json()];
    }""", [f"/meetings/{meeting.pk}/sheet/sync/", str(meeting.submission_id)])
    assert again[0] == 200 and again[1]["status"] == "posted" and again[1]["url"] == f"/meetings/{meeting.pk}/"
    meeting.refresh_from_db()
    assert meeting.cash_counted == 300_000
    assert SavingsTransaction.objects.filter(meeting=meeting).count() == 10


def test_the_draft_reaches_the_server_within_seconds_when_there_is_signal(open_page, sheet, pendamping1):
    """The autosave posts to the sheet's own endpoint (it once posted to the button named "action")."""
    meeting, m = sheet
    page = open_page(pendamping1, path=sheet_url(meeting))
    wait_restored(page)
    fill_row(page, m[1], pokok="50.000", wajib="30.000", note="tiga bulan")
    assert "terkirim ke server" in wait_status(page, "sentServer", timeout=8_000)
    row = SheetRow.objects.get(meeting=meeting, member=m[1])
    assert (row.attendance, row.pokok, row.wajib, row.note) == ("present", 50_000, 30_000, "tiga bulan")
    assert status(page).inner_text().startswith("Tersimpan di HP ini dan terkirim ke server pukul")
