import uuid

import pytest

from meetings.models import Meeting
from sheet.services import sheet_submit
from tests.meetings.conftest import MEETING_DAY

pytestmark = pytest.mark.django_db


def submit(meeting, members, actor):
    sheet_submit(meeting=meeting, actor=actor, submission_id=uuid.uuid4(), cash_counted=0,
                 rows={m.pk: {"attendance": "present" if i else "excused"} for i, m in enumerate(members)})


@pytest.mark.parametrize("role", ["manager", "pendamping1", "bendahara1"])
def test_in_scope_roles_see_the_record(login, users, meeting_a, members_a, role):
    submit(meeting_a, members_a, users["pendamping1"])
    content = login(users[role]).get(f"/meetings/{meeting_a.pk}/").content.decode()
    assert "Hadir: 4" in content and "Izin: 1" in content
    assert ("Verifikasi dan kunci" in content) == (role != "pendamping1")  # never the submitter


def test_other_field_officer_gets_404(login, users, meeting_a):
    assert login(users["pendamping2"]).get(f"/meetings/{meeting_a.pk}/").status_code == 404
    assert login(users["pendamping2"]).post(f"/meetings/{meeting_a.pk}/verify/").status_code == 404


def test_treasurer_verifies(login, users, meeting_a, members_a):
    submit(meeting_a, members_a, users["pendamping1"])
    response = login(users["bendahara1"]).post(f"/meetings/{meeting_a.pk}/verify/", follow=True)
    assert "Pertemuan diverifikasi dan dikunci." in response.content.decode()
    meeting_a.refresh_from_db()
    assert meeting_a.status == Meeting.Status.VERIFIED


def test_submitter_cannot_verify_and_sees_why(login, users, meeting_a, members_a):
    submit(meeting_a, members_a, users["pendamping1"])
    response = login(users["pendamping1"]).post(f"/meetings/{meeting_a.pk}/verify/", follow=True)
    assert "tidak boleh memverifikasinya" in response.content.decode()
    meeting_a.refresh_from_db()
    assert meeting_a.status == Meeting.Status.SUBMITTED


def test_verify_needs_post(login, users, meeting_a):
    assert login(users["bendahara1"]).get(f"/meetings/{meeting_a.pk}/verify/").status_code == 405


def test_event_lists_participants(login, users, group_a, members_a, pendamping1):
    from meetings.services import meeting_record
    event = meeting_record(group=group_a, actor=pendamping1, date=MEETING_DAY, type="network",
                           participants=[members_a[2]])
    content = login(users["bendahara1"]).get(f"/meetings/{event.pk}/").content.decode()
    assert "Anggota 02" in content and "Anggota 01" not in content


def test_member_page_shows_attendance(login, users, meeting_a, members_a):
    submit(meeting_a, members_a, users["pendamping1"])
    content = login(users["bendahara1"]).get(f"/members/{members_a[0].pk}/").content.decode()
    assert "Kehadiran di pertemuan" in content and "Izin" in content
