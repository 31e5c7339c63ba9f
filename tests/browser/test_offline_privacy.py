"""Her data stays hers: logging out warns about unsent sheets, another user on the phone never sees them.

And the service worker's own ways of sending: Background Sync posts a queued sheet while the page
itself cannot.
"""
import pytest

from accounts.models import User
from meetings.models import Meeting, SheetRow
from savings.models import SavingsTransaction
from tests.browser.sheet_helpers import (
    cell,
    end_session,
    fill_row,
    log_in,
    open_menu,
    scene,
    sheet_url,
    wait_ready,
    wait_restored,
    wait_status,
)
from tests.browser.waits import wait_for, wait_until
from tests.factories import UserFactory, assign


@pytest.fixture
def sheet(group_a, pendamping1):
    return scene(group_a, pendamping1, members=3)


@pytest.fixture
def pendamping3(group_a):
    """A second field officer of the same group, who may use the same phone."""
    user = UserFactory(username="pendamping3", role=User.Role.FIELD_OFFICER)
    assign(user, group_a)
    return user


def draft_values(page, user, meeting):
    return page.evaluate("([u, m]) => LKPStore.getDraft(u, m).then(d => d ? d.values : null)",
                         [str(user.pk), meeting.pk])


def test_logging_out_warns_and_the_next_user_never_sees_her_entries(phone, sheet, pendamping1, pendamping3):
    meeting, m = sheet
    page = phone.open(pendamping1, path=sheet_url(meeting))
    wait_restored(page)
    fill_row(page, m[0], wajib="10rb")  # a cell the server cannot take: nothing is sent
    fill_row(page, m[1], wajib="25.000")
    assert "merah" in wait_status(page, "checkCells")

    dialogs = []
    # Dismissed as it opens: a click waiting on the form it sent would wait on the open dialog.
    page.once("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_menu(page)
    page.get_by_role("button", name="Keluar").click()
    wait_for(page, lambda: dialogs, "the logout warning")  # once her unsent entries are counted
    assert "belum sampai ke server" in dialogs[0] and "Tetap keluar?" in dialogs[0]
    # She stayed: the form was not sent after all, and the page is still her sheet.
    assert page.evaluate("document.querySelector('form[data-logout]').dataset.checked") is None
    assert page.url.endswith(sheet_url(meeting))

    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url("**/login/")
    # Her entries stay on the phone for her (sent when she logs in again); her kept pages are gone.
    assert draft_values(page, pendamping1, meeting)[f"{m[0].pk}-wajib"] == "10rb"
    assert not page.evaluate("caches.has('lkp-pages')")
    assert not SheetRow.objects.filter(meeting=meeting).exists()

    log_in(page, pendamping3)
    page.wait_for_url(lambda url: url.endswith("/"))
    page.goto(sheet_url(meeting))
    wait_restored(page)
    assert cell(page, m[0], "wajib").input_value() == ""
    assert cell(page, m[1], "wajib").input_value() == ""
    assert draft_values(page, pendamping3, meeting) is None


def test_a_page_of_hers_that_arrives_after_she_logged_out_is_not_kept(open_page, sheet, pendamping1):
    """On a slow link her sheet is still on its way into the kept pages in one tab when she logs out
    in another: when it arrives it is not kept, and reading her kept copy does not make the cache again.
    """
    meeting, m = sheet
    page = open_page(pendamping1, path=sheet_url(meeting))
    wait_restored(page)
    wait_ready(page)  # the worker is active and her sheet kept
    held = []
    # The server answers at once (in her session); the answer reaches the page only when the test says.
    page.route(f"**{sheet_url(meeting)}", lambda route: held.append((route, route.fetch())))
    page.evaluate("""(user) => {
        window.lkpKept = "pending";
        LKPStore.keepPage(location.pathname, user)
            .then(r => { window.lkpKept = r; }, e => { window.lkpKept = String(e); });
    }""", str(pendamping1.pk))
    wait_for(page, lambda: held, "the sheet's fetch to reach the server")

    other = page.context.new_page()
    other.goto("/")
    open_menu(other)
    other.get_by_role("button", name="Keluar").click()  # nothing unsent: no warning
    other.wait_for_url("**/login/")
    assert not other.evaluate("caches.has('lkp-pages')")

    route, response = held[0]
    route.fulfill(response=response)
    wait_until(page, "window.lkpKept !== 'pending'")
    assert page.evaluate("window.lkpKept") is False
    assert not page.evaluate("caches.has('lkp-pages')")
    assert page.evaluate("(u) => LKPStore.keptPage(location.pathname, u)", str(pendamping1.pk)) is None
    assert not page.evaluate("caches.has('lkp-pages')")


def test_another_user_never_sends_her_queue_or_sees_her_kept_pages(phone, sheet, pendamping1, pendamping3):
    """Her session ended without logging out, a sheet of hers waiting; another officer logs in on the phone.

    The other user's first page drops her kept pages and nothing of hers is sent as him; when she
    logs in again, her sheet goes.
    """
    meeting, m = sheet
    page = phone.open(pendamping1, path=sheet_url(meeting))
    wait_restored(page)
    wait_ready(page)
    phone.context.set_offline(True)
    for member in m:
        fill_row(page, member, wajib="10.000")
    page.locator("#cash_counted").fill("30.000")
    page.get_by_role("button", name="Kirim", exact=True).click()
    wait_status(page, "queued")
    end_session()
    phone.context.set_offline(False)
    other = phone.tab("/login/")  # her sheet stays open in the first tab
    log_in(other, pendamping3)
    other.wait_for_url(lambda url: url.endswith("/"))
    wait_until(other,
        "caches.open('lkp-pages').then(c => c.keys()).then(k => k.every(r => !r.url.includes('/sheet/')))")
    page.evaluate("window.dispatchEvent(new Event('online'))")  # her tab hears the signal: his session
    assert "Pengguna lain" in wait_status(page, "otherUser")
    other.reload()  # his pages send his own queue, never hers
    other.wait_for_load_state("networkidle")
    assert Meeting.objects.get(pk=meeting.pk).is_draft
    page.close()
    page = other
    phone.context.set_offline(True)
    page.goto(sheet_url(meeting))
    assert page.get_by_role("heading", name="Tidak ada sinyal").is_visible()  # not her kept copy

    phone.context.set_offline(False)
    end_session()
    page.goto("/login/")
    log_in(page, pendamping1)  # she is back: her queue goes on her first page
    page.wait_for_url(lambda url: url.endswith("/"))
    wait_for(page, lambda: not Meeting.objects.get(pk=meeting.pk).is_draft, "her queued sheet to post")
    meeting.refresh_from_db()
    assert meeting.submitted_by == pendamping1
    assert SavingsTransaction.objects.filter(meeting=meeting).count() == 3


def test_the_service_worker_posts_the_queue_on_background_sync_with_no_page_open(open_page, sheet, pendamping1):
    """"Kirim" without signal registers a Background Sync; the worker's sync handler posts the queue.

    Chromium decides when to fire the sync event (when it sees the network back); the test fires it
    the way DevTools does, with no page of the app left open, so only the worker can have sent it.
    """
    meeting, m = sheet
    page = open_page(pendamping1, path=sheet_url(meeting))
    wait_restored(page)
    wait_ready(page)
    page.context.set_offline(True)
    for member in m:
        fill_row(page, member, wajib="10.000")
    page.locator("#cash_counted").fill("30.000")
    page.get_by_role("button", name="Kirim", exact=True).click()
    wait_status(page, "queued")
    assert page.evaluate("navigator.serviceWorker.ready.then(r => r.sync.getTags())") == ["lkp-outbox"]

    cdp = page.context.new_cdp_session(page)
    registrations = []
    cdp.on("ServiceWorker.workerRegistrationUpdated", lambda e: registrations.extend(e["registrations"]))
    cdp.send("ServiceWorker.enable")
    page.goto("about:blank")  # no page of the app is open any more
    page.context.set_offline(False)
    wait_for(page, lambda: any(not r["isDeleted"] for r in registrations), "the worker's registration over CDP")
    registration = next(r for r in registrations if not r["isDeleted"])
    cdp.send("ServiceWorker.dispatchSyncEvent", {"origin": registration["scopeURL"].rstrip("/"),
                                                 "registrationId": registration["registrationId"],
                                                 "tag": "lkp-outbox", "lastChance": False})
    wait_for(page, lambda: not Meeting.objects.get(pk=meeting.pk).is_draft, "the worker to post the queue")
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SUBMITTED and meeting.submitted_by == pendamping1
    assert SavingsTransaction.objects.filter(meeting=meeting).count() == 3
