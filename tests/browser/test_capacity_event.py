"""A training recorded on the field officer's phone, its attendance marked and completed, then verified.

Before: with three participants chosen it listed 0 present, offered no submit and stayed "Draf".
"""
import pytest
from playwright.sync_api import expect

from core.dates import today
from meetings.models import Attendance, Meeting
from tests.factories import MemberFactory

from .helpers import submit
from .waits import wait_for_path

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_training_records_who_came_and_is_completed_once(open_page, group_a, pendamping1, bendahara1):
    names = ["Marlina", "Rosnida", "Yusmaniar", "Yusnidar"]
    members = {name: MemberFactory(group=group_a, full_name=name) for name in names}

    page = open_page(pendamping1, viewport="phone", path=f"/meetings/group/{group_a.pk}/")
    page.get_by_role("link", name="Catat pertemuan").first.click()
    page.get_by_label("Jenis").select_option(label="Pelatihan")
    page.get_by_label("Tema").fill("Pembukuan usaha kecil")
    page.get_by_label("Tanggal").fill(today().isoformat())
    for name in ("Marlina", "Rosnida", "Yusnidar"):
        page.get_by_label(name, exact=True).check()
    submit(page, page.get_by_role("main").get_by_role("button", name="Simpan"))
    event = Meeting.objects.get(type=Meeting.Type.TRAINING)
    assert event.status == Meeting.Status.DRAFT and event.participants.count() == 3

    # Who came: the three chosen start as present; Rosnida sent word she could not come.
    who = page.get_by_role("region", name="Yang hadir")
    for name in ("Marlina", "Rosnida", "Yusnidar"):
        expect(who.get_by_label(name)).to_have_value("present")
    expect(who.get_by_label("Yusmaniar")).to_have_value("")
    rosnida = who.get_by_label("Rosnida")
    rosnida.focus()
    rosnida.select_option("excused")
    button = page.get_by_role("button", name="Selesaikan kegiatan")
    button.dblclick()  # an impatient double tap completes it once
    # Two posts race: the second may abort the first's navigation (net::ERR_ABORTED), the page arrives anyway.
    wait_for_path(page, f"/meetings/{event.pk}/")
    expect(page.get_by_role("alert").first).to_contain_text("Kegiatan selesai")
    event.refresh_from_db()
    assert event.status == Meeting.Status.SUBMITTED and event.submitted_by == pendamping1
    assert dict(Attendance.objects.filter(meeting=event).values_list("member__full_name", "status")) == {
        "Marlina": "present", "Rosnida": "excused", "Yusnidar": "present"}
    assert set(event.participants.values_list("pk", flat=True)) == {members["Marlina"].pk, members["Yusnidar"].pk}
    expect(page.get_by_role("button", name="Selesaikan kegiatan")).to_have_count(0)

    # The group's list counts those who came.
    page.get_by_role("main").get_by_role("link", name=group_a.name).first.click()
    row = page.get_by_role("region", name="Pertemuan terlaksana").get_by_role("row").filter(has_text="Pelatihan")
    expect(row).to_contain_text("Dikirim")
    expect(row.locator("td").nth(3)).to_have_text("2")

    # The treasurer verifies it and it is locked.
    desk = open_page(bendahara1, viewport="desktop", path=f"/meetings/{event.pk}/")
    submit(desk, desk.get_by_role("button", name="Verifikasi dan kunci"))
    event.refresh_from_db()
    assert event.status == Meeting.Status.VERIFIED and event.verified_by == bendahara1
    expect(desk.locator("main")).to_contain_text("Rosnida: Izin")
