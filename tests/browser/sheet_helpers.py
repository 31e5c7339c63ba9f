"""Helpers for the browser tests of the meeting sheet: wait for the phone's copy, read the status line."""
import datetime

from django.contrib.sessions.models import Session

from meetings.models import Meeting
from meetings.services import meeting_record
from tests.browser.waits import wait_until
from tests.factories import MemberFactory

MEETING_DAY = datetime.date(2024, 5, 14)  # second Tuesday of May 2024, the factories' meeting day
JOINED = datetime.date(2024, 5, 2)  # joined this month: each owes pokok 50.000 and wajib 10.000


def scene(group, officer, *, members=5):
    """``members`` members who joined this month and the routine meeting of May 2024 (a draft)."""
    people = [MemberFactory(group=group, full_name=f"Anggota {i:02d}", joined_on=JOINED) for i in range(members)]
    meeting = meeting_record(group=group, actor=officer, date=MEETING_DAY, type=Meeting.Type.ROUTINE)
    return meeting, people


def sheet_url(meeting):
    return f"/meetings/{meeting.pk}/sheet/"


def wait_restored(page):
    """Wait until the sheet's script has put the phone's copy on the page."""
    wait_until(page, "() => document.getElementById('sheet')?.dataset.restored === '1'")


def wait_ready(page, timeout=15_000):
    """Wait until the sheet says it is kept on this phone (the service worker active, the page cached)."""
    page.wait_for_selector("[data-ready='1']", timeout=timeout)


def status(page):
    return page.locator("[data-status-text]")


def wait_status(page, state, timeout=15_000):
    page.wait_for_selector(f"[data-status-text][data-state='{state}']", timeout=timeout)
    return status(page).inner_text()


def cell(page, member, field):
    return page.locator(f"[name='{member.pk}-{field}']")


def fill_row(page, member, *, attendance="present", **amounts):
    """Type one member's row as she would: attendance, then the amounts (as typed, e.g. "50.000")."""
    cell(page, member, "attendance").select_option(attendance)
    for field, text in amounts.items():
        cell(page, member, field).fill(text)


def open_menu(page):
    """Open the phone's menu and wait until it has finished opening.

    A tap while Bootstrap still animates it lands its mouseup on the growing menu rather than on the
    button pressed (seen: the logout's click went to ``div.collapsing``), and nothing is submitted.
    """
    page.get_by_role("button", name="Menu").click()
    page.locator("#mainnav.collapse.show").wait_for()


def end_session():
    """The session ended on the server (it expired while she was away): she must log in again."""
    Session.objects.all().delete()


def log_in(page, user, password="pw-for-tests-123"):
    page.get_by_label("Nama pengguna").fill(user.username)
    page.get_by_label("Sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
