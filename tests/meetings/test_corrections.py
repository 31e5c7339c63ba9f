import uuid

import pytest

from savings.models import SavingsTransaction
from savings.selectors import member_balances
from sheet.services import sheet_submit
from tests.meetings.conftest import MEETING_DAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def posted(meeting_a, members_a, pendamping1):
    rows = {m.pk: {"attendance": "present", "pokok": 50_000, "wajib": 10_000} for m in members_a}
    sheet_submit(meeting=meeting_a, actor=pendamping1, submission_id=uuid.uuid4(), rows=rows, cash_counted=300_000)
    return SavingsTransaction.objects.get(meeting=meeting_a, member=members_a[0], kind="wajib")


def url(meeting, txn):
    return f"/meetings/{meeting.pk}/savings/{txn.pk}/reverse/"


def test_detail_lists_posted_rows_with_a_reverse_form(login, users, meeting_a, posted):
    content = login(users["pendamping1"]).get(f"/meetings/{meeting_a.pk}/").content.decode()
    assert "Dibukukan di pertemuan ini" in content and url(meeting_a, posted) in content


def test_field_officer_reverses_with_a_reason(login, users, meeting_a, members_a, posted):
    response = login(users["pendamping1"]).post(url(meeting_a, posted), {"reason": "Salah catat anggota"},
                                                follow=True)
    assert "Sudah dibalik" in response.content.decode()
    reversal = SavingsTransaction.objects.get(reverses=posted)
    assert reversal.reason == "Salah catat anggota"
    assert member_balances(members_a[0], as_of=MEETING_DAY)["wajib"] == 0


def test_reason_is_required(login, users, meeting_a, posted):
    response = login(users["pendamping1"]).post(url(meeting_a, posted), {"reason": " "}, follow=True)
    assert "alert-danger" in response.content.decode()
    assert not SavingsTransaction.objects.filter(reverses=posted).exists()


@pytest.mark.parametrize("role, status", [("bendahara1", 403), ("pendamping2", 404)])
def test_others_may_not_reverse(login, users, meeting_a, posted, role, status):
    assert login(users[role]).post(url(meeting_a, posted), {"reason": "x"}).status_code == status
    assert not SavingsTransaction.objects.filter(reverses=posted).exists()
