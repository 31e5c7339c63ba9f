"""The sheet on a 360 px phone: "all paid as due" skips the absent, finding a member, the bar in sight,
and unsent work older than three days flagged, with the way to send it."""
from meetings.models import Meeting
from tests.browser.sheet_helpers import (
    cell,
    end_session,
    log_in,
    scene,
    sheet_url,
    status,
    wait_ready,
    wait_restored,
    wait_status,
)
from tests.browser.waits import wait_for_path, wait_until


def test_all_paid_as_due_skips_the_absent_and_members_are_found_quickly(open_page, group_a, pendamping1):
    meeting, m = scene(group_a, pendamping1, members=8)
    page = open_page(pendamping1, path=sheet_url(meeting))
    wait_restored(page)
    cell(page, m[2], "attendance").select_option("absent")
    page.get_by_role("button", name="Semua bayar sesuai tagihan").click()
    for member in m:
        absent = member == m[2]
        assert cell(page, member, "wajib").input_value() == ("" if absent else "10.000")
        assert cell(page, member, "attendance").input_value() == ("absent" if absent else "present")
    assert page.locator("[data-sheet-bar] [data-expected]").inner_text() == "Rp 420.000"  # 7 × 60.000

    cell(page, m[5], "attendance").select_option("")  # not filled again
    page.get_by_role("button", name="Belum diisi ›").click()
    assert page.evaluate("document.activeElement.name") == f"{m[5].pk}-attendance"

    page.locator("[data-jump]").select_option(label="Anggota 07")
    assert page.evaluate("document.activeElement.name") == f"{m[7].pk}-attendance"
    wait_until(page, "window.scrollY > 1000")  # Bootstrap scrolls smoothly
    bar = page.locator("[data-sheet-bar]").bounding_box()
    assert bar["y"] == 0  # the status line and totals stay at the top while the sheet scrolls


def test_unsent_work_older_than_three_days_is_flagged(open_page, group_a, pendamping1):
    meeting, m = scene(group_a, pendamping1, members=2)
    page = open_page(pendamping1, path=sheet_url(meeting))
    wait_restored(page)
    wait_ready(page)
    page.goto("/")  # her home page, kept too now that the worker is in charge
    page.goto(sheet_url(meeting))
    wait_restored(page)
    page.context.set_offline(True)
    cell(page, m[0], "wajib").fill("10.000")
    wait_status(page, "offline")
    page.evaluate("""([user, meeting]) => LKPStore.updateDraft(user, meeting, d => {
        d.updatedAt = new Date(Date.now() - 4 * 86400000).toISOString(); return d; })""",
                  [str(pendamping1.pk), meeting.pk])
    page.reload()
    wait_restored(page)
    assert "Belum terkirim lebih dari 3 hari" in wait_status(page, "stale")
    page.goto("/")  # her home page says so too
    wait_until(page, "document.querySelector('[data-unsent-list]').textContent.includes('3 hari')")
    assert status(page).count() == 0


def test_an_old_sheet_waiting_for_her_login_says_both_and_the_link_logs_her_in(
        open_page, group_a, pendamping1):
    meeting, m = scene(group_a, pendamping1, members=2)
    page = open_page(pendamping1, path=sheet_url(meeting))
    wait_restored(page)
    wait_ready(page)
    page.context.set_offline(True)
    cell(page, m[0], "attendance").select_option("present")
    cell(page, m[1], "attendance").select_option("absent")
    page.locator("#cash_counted").fill("0")
    page.get_by_role("button", name="Kirim", exact=True).click()
    wait_status(page, "queued")
    page.evaluate("""([user, meeting]) => LKPStore.open(user).then(db =>
        db.getFromIndex("outbox", "meeting", meeting).then(item => {
            item.createdAt = new Date(Date.now() - 4 * 86400000).toISOString();
            return db.put("outbox", item); }))""", [str(pendamping1.pk), meeting.pk])
    end_session()  # and her session ended on the server in those four days
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    assert "Belum terkirim lebih dari 3 hari" in wait_status(page, "stale")
    link = page.locator("[data-status-text] a")  # said with the words, in the same say()
    assert link.inner_text() == "Masuk"
    link.click()
    log_in(page, pendamping1)
    wait_for_path(page, f"/meetings/{meeting.pk}/")  # sent once she is back, then the meeting record
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SUBMITTED
