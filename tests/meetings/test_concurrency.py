"""Two submissions of the same sheet at the same moment post once (PostgreSQL, real threads)."""
import threading
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from audit.models import AuditEvent
from meetings.models import Attendance, Meeting
from meetings.services import meeting_record
from savings.models import SavingsTransaction
from sheet.services import sheet_submit
from tests.factories import MemberFactory
from tests.meetings.conftest import JOINED, MEETING_DAY
from tests.utils import postgres_only


def _race(meeting, rows, ids):
    barrier = threading.Barrier(len(ids))
    outcomes = []

    def submit(submission_id):
        try:
            barrier.wait()
            sheet_submit(meeting=meeting, actor=meeting.created_by, submission_id=submission_id, rows=rows,
                         cash_counted=300_000)
            outcomes.append("ok")
        except ValidationError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(outcomes)


@pytest.fixture
def sheet(group_a, pendamping1):
    members = [MemberFactory(group=group_a, joined_on=JOINED) for _ in range(5)]
    meeting = meeting_record(group=group_a, actor=pendamping1, date=MEETING_DAY, type=Meeting.Type.ROUTINE)
    rows = {m.pk: {"attendance": "present", "pokok": 50_000, "wajib": 10_000} for m in members}
    return meeting, rows


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_same_submission_id_sent_twice_at_once_posts_once(sheet):
    """Two tabs (or the page and its service worker) send the phone's queued sheet at the same moment."""
    meeting, rows = sheet
    submission_id = uuid.uuid4()
    assert _race(meeting, rows, [submission_id] * 2) == ["ok", "ok"]  # the second is told it worked
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SUBMITTED and meeting.submission_id == submission_id
    assert Meeting.objects.filter(submission_id=submission_id).count() == 1
    assert SavingsTransaction.objects.filter(meeting=meeting).count() == 10
    assert Attendance.objects.filter(meeting=meeting).count() == 5
    assert AuditEvent.objects.filter(action="meetings.submit").count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_phones_with_their_own_ids_post_once(sheet):
    meeting, rows = sheet
    assert _race(meeting, rows, [uuid.uuid4(), uuid.uuid4()]) == ["already_submitted", "ok"]
    assert SavingsTransaction.objects.filter(meeting=meeting).count() == 10
    assert AuditEvent.objects.filter(action="meetings.submit").count() == 1
