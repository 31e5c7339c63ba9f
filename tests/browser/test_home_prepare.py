"""Ready before she leaves: her home page lists her upcoming meetings and prepares them all for offline."""
import datetime

import pytest

from core.dates import today
from meetings.models import Meeting
from tests.browser.sheet_helpers import wait_restored
from tests.browser.waits import wait_until
from tests.factories import GroupFactory, MemberFactory, assign, make_rules


@pytest.fixture
def second_group(pendamping1, manager):
    group = GroupFactory(name="Bougenvil", code="PDG-003", meeting_week=3, meeting_weekday=3)
    make_rules(group, created_by=manager)
    assign(pendamping1, group)
    MemberFactory(group=group, full_name="Yusnidar", joined_on=datetime.date(2024, 1, 1))
    return group


def test_prepare_all_keeps_every_upcoming_sheet_and_they_open_without_signal(open_page, group_a, second_group,
                                                                            pendamping1):
    MemberFactory(group=group_a, full_name="Rosmaini", joined_on=datetime.date(2024, 1, 1))
    page = open_page(pendamping1, path="/")
    items = page.locator("[data-item]")
    count = items.count()
    assert count >= 2 and not Meeting.objects.exists()
    assert all("Belum siap tanpa sinyal" in items.nth(i).inner_text() for i in range(count))
    wait_until(page, "navigator.serviceWorker.controller !== null")

    page.get_by_role("button", name="Siapkan semua untuk tanpa sinyal").click()
    status = page.locator("[data-prepare-status]")
    wait_until(page, "document.querySelector('[data-prepare-status]').textContent.startsWith('Semua')",
                           timeout=20_000)
    assert f"Semua {count} lembar tersimpan di HP ini" in status.inner_text()
    assert Meeting.objects.filter(status=Meeting.Status.DRAFT).count() == count  # the drafts, made on the server
    wait_until(page, "[...document.querySelectorAll('[data-item]')].every(li => li.dataset.ready === '1')")
    first = items.first
    assert "Siap tanpa sinyal · disimpan" in first.inner_text()

    page.context.set_offline(True)
    page.reload()  # the home page itself was kept too, with its sheets linked
    sheet = next(m for m in Meeting.objects.order_by("date") if m.date >= today() - datetime.timedelta(days=35))
    page.locator(f"[data-item][data-meeting='{sheet.pk}']").get_by_role("link", name="Buka lembar").click()
    page.wait_for_url(f"**/meetings/{sheet.pk}/sheet/")
    wait_restored(page)
    assert page.locator("h1").inner_text() == "Lembar pertemuan"


PUT_DRAFTS = """async ([user, drafts]) => {
  const db = await LKPStore.open(user);
  for (const d of drafts) { await db.put("drafts", d); }
  return true;
}"""
KEPT = "async (user) => (await (await LKPStore.open(user)).getAllKeys('drafts')).map(Number).sort((a, b) => a - b)"


def test_a_posted_sheets_copy_leaves_the_phone_two_weeks_after_posting(open_page, group_a, pendamping1):
    """Members' figures do not stay on a phone for good; unsent work is never dropped."""
    page = open_page(pendamping1, path="/")
    wait_until(page, "window.LKPStore !== undefined")
    page.evaluate(PUT_DRAFTS, [str(pendamping1.pk), [
        {"meeting": 901, "posted": "/meetings/901/", "postedAt": "2000-01-01T00:00:00Z", "values": {}},
        {"meeting": 902, "posted": "/meetings/902/", "postedAt": today().isoformat() + "T00:00:00Z", "values": {}},
        {"meeting": 903, "dirty": True, "updatedAt": "2000-01-01T00:00:00Z", "values": {"1.wajib": "10000"}},
    ]])
    assert page.evaluate(KEPT, str(pendamping1.pk)) == [901, 902, 903]
    page.reload()
    wait_until(page, f"({KEPT})('{pendamping1.pk}').then(k => k.length === 2)")
    assert page.evaluate(KEPT, str(pendamping1.pk)) == [902, 903]  # the posted one of long ago only
