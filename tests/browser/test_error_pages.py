"""The app's own 403 and 404 pages: in Indonesian, with the navigation and a way back."""
from meetings.models import Meeting
from meetings.services import meeting_record
from tests.browser.sheet_helpers import MEETING_DAY


def test_a_meeting_of_another_group_is_not_found_in_indonesian(open_page, checks, group_a, pendamping1, pendamping2):
    checks.allow("status of 404")
    meeting = meeting_record(group=group_a, actor=pendamping1, date=MEETING_DAY, type=Meeting.Type.ROUTINE)
    page = open_page(pendamping2, path="/")
    page.goto(f"/meetings/{meeting.pk}/sheet/")
    assert page.locator("h1").inner_text() == "Halaman tidak ditemukan"
    assert page.get_by_text("milik kelompok yang tidak Anda dampingi").is_visible()
    assert page.locator("nav").get_by_text(str(pendamping2)).count() == 1  # the navigation is there
    page.get_by_role("link", name="Kembali ke halaman sebelumnya").click()
    page.wait_for_url(lambda url: url.endswith("/"))


def test_a_treasurer_editing_a_meeting_is_told_why_not_in_indonesian(open_page, checks, group_a, pendamping1,
                                                                     bendahara1):
    checks.allow("status of 403")
    meeting = meeting_record(group=group_a, actor=pendamping1, date=MEETING_DAY, type=Meeting.Type.ROUTINE)
    page = open_page(bendahara1, path=f"/meetings/{meeting.pk}/edit/")
    assert page.locator("h1").inner_text() == "Anda tidak boleh melakukan ini"
    assert page.get_by_role("link", name="Beranda").get_attribute("href") == "/"
