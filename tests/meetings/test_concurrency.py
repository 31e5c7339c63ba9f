"""Two submissions of the same sheet at the same moment post once (PostgreSQL, real threads)."""
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from audit.models import AuditEvent
from meetings.models import Attendance, Meeting
from meetings.services import meeting_record, sheet_submit
from savings.models import SavingsTransaction
from tests.factories import MemberFactory
from tests.meetings.conftest import JOINED, MEETING_DAY
from tests.utils import postgres_only


def _race(meeting, rows, tokens):
    barrier = threading.Barrier(len(tokens))
    outcomes = []

    def submit(token):
        try:
            barrier.wait()
            sheet_submit(meeting=meeting, actor=meeting.created_by, token=token, rows=rows, cash_counted=300_000)
            outcomes.append("ok")
        except ValidationError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(t,)) for t in tokens]
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
def test_double_submit_of_the_same_page_posts_once(sheet):
    meeting, rows = sheet
    assert _race(meeting, rows, [meeting.submit_token] * 2) == ["ok", "ok"]  # the resend is told it worked
    assert SavingsTransaction.objects.filter(meeting=meeting).count() == 10
    assert Attendance.objects.filter(meeting=meeting).count() == 5
    assert AuditEvent.objects.filter(action="meetings.submit").count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_browsers_one_stale_posts_once(sheet):
    meeting, rows = sheet
    assert _race(meeting, rows, [meeting.submit_token, "other-browser"]) in (["not_draft", "ok"],
                                                                             ["ok", "stale_token"])
    assert SavingsTransaction.objects.filter(meeting=meeting).count() == 10
