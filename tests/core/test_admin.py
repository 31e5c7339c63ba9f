"""The admin cannot change posted history: meetings, attendance, members' group and dates, accounts, rules.

Reproduces the reopened meeting: editing a verified meeting's status back to draft and deleting its
attendance let its sheet post its money a second time (Rp 315.000 became Rp 630.000).
"""
import datetime
import uuid

import pytest

from accounts.models import User
from books.models import Account, JournalLine
from groups.rules import GroupRules
from meetings.models import Attendance, Meeting
from meetings.services import meeting_record, meeting_verify
from members.models import Member
from sheet.services import sheet_submit
from tests.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2024, 5, 14)
SUBMISSION = uuid.uuid4()


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(role=User.Role.ADMIN, is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def verified(group_a, pendamping1, bendahara1):
    members = [MemberFactory(group=group_a, joined_on=datetime.date(2024, 5, 2)) for _ in range(3)]
    rows = {m.pk: {"attendance": "present", "pokok": 50_000, "wajib": 10_000, "sukarela_in": 45_000}
            for m in members}
    meeting = meeting_record(group=group_a, actor=pendamping1, date=DAY, type=Meeting.Type.ROUTINE)
    sheet_submit(meeting=meeting, actor=pendamping1, submission_id=SUBMISSION, rows=rows, cash_counted=315_000)
    meeting_verify(meeting=meeting, actor=bendahara1)
    return meeting, rows


def _cash(group):
    lines = JournalLine.objects.filter(account__group=group, account__key="cash")
    return sum(line.debit - line.credit for line in lines)


def test_the_admin_cannot_reopen_a_verified_meeting(admin_client, verified, group_a, pendamping1):
    meeting, rows = verified
    assert _cash(group_a) == 315_000
    attendance = list(Attendance.objects.filter(meeting=meeting))
    form = {"group": group_a.pk, "date": DAY.isoformat(), "type": "routine", "status": "draft",
            "officer_attended": "on", "attendance-TOTAL_FORMS": str(len(attendance)),
            "attendance-INITIAL_FORMS": str(len(attendance)), "attendance-MIN_NUM_FORMS": "0",
            "attendance-MAX_NUM_FORMS": "1000", "_save": "Save"}
    for i, a in enumerate(attendance):
        form.update({f"attendance-{i}-id": a.pk, f"attendance-{i}-meeting": meeting.pk,
                     f"attendance-{i}-member": a.member_id, f"attendance-{i}-status": a.status,
                     f"attendance-{i}-DELETE": "on"})
    response = admin_client.post(f"/admin/meetings/meeting/{meeting.pk}/change/", form)
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.VERIFIED
    assert Attendance.objects.filter(meeting=meeting).count() == 3
    # The sheet sent again finds the meeting posted and posts nothing.
    sheet_submit(meeting=meeting, actor=pendamping1, submission_id=SUBMISSION, rows=rows, cash_counted=315_000)
    assert _cash(group_a) == 315_000


def test_the_admin_shows_meetings_and_their_attendance_read_only(admin_client, verified):
    meeting, _rows = verified
    page = admin_client.get(f"/admin/meetings/meeting/{meeting.pk}/change/")
    assert page.status_code == 200
    assert b'name="status"' not in page.content and b"attendance-0-DELETE" not in page.content
    assert admin_client.get("/admin/meetings/meeting/add/").status_code == 403
    assert admin_client.post(f"/admin/meetings/meeting/{meeting.pk}/delete/", {"post": "yes"}).status_code == 403


def test_the_admin_cannot_move_a_member_or_change_her_dates(admin_client, group_a, group_b):
    member = MemberFactory(group=group_a, full_name="Yusnimar", joined_on=datetime.date(2020, 1, 1))
    page = admin_client.get(f"/admin/members/member/{member.pk}/change/")
    assert page.status_code == 200
    for field in (b'name="group"', b'name="joined_on"', b'name="exited_on"', b'name="memberships-0-left_on"'):
        assert field not in page.content
    admin_client.post(f"/admin/members/member/{member.pk}/change/", {
        "code": member.code, "full_name": "Yusnimar binti Ali", "group": group_b.pk, "joined_on": "2023-01-01",
        "exited_on": "2024-01-01", "business_type": "other", "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0", "_save": "Save"})
    member.refresh_from_db()
    assert (member.group_id, member.joined_on, member.exited_on) == (group_a.pk, datetime.date(2020, 1, 1), None)
    assert member.full_name == "Yusnimar binti Ali"  # her name and contact details stay editable
    assert admin_client.get("/admin/members/member/add/").status_code == 403
    assert Member.objects.count() == 1


def test_the_admin_cannot_rename_or_renumber_an_account(admin_client, group_a):
    cash = Account.objects.get(group=group_a, key="cash")
    response = admin_client.post(f"/admin/books/account/{cash.pk}/change/", {"code": "999", "name": "Kas hilang"})
    assert response.status_code == 403
    cash.refresh_from_db()
    assert (cash.code, cash.name) == ("101", "Kas")


def test_the_admin_cannot_change_officers_assignments_or_rules(admin_client, group_a, pendamping1):
    page = admin_client.get(f"/admin/groups/group/{group_a.pk}/change/")
    assert page.status_code == 200
    assert b'name="assignments-0-start"' not in page.content and b'name="assignments-0-DELETE"' not in page.content
    rules = GroupRules.objects.filter(group=group_a).first()
    assert admin_client.post(f"/admin/groups/grouprules/{rules.pk}/change/", {"pokok_amount": 1}).status_code == 403
