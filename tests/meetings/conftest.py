"""Fixtures for the meeting tests: a group with members and a routine meeting on its usual day."""
import datetime
import uuid

import pytest

from meetings.models import Meeting
from meetings.services import meeting_record
from tests.factories import MemberFactory

MEETING_DAY = datetime.date(2024, 5, 14)  # second Tuesday of May 2024, the factories' default meeting day
JOINED = datetime.date(2024, 5, 2)


@pytest.fixture
def members_a(group_a):
    """Five members who joined this month: each owes pokok 50.000 and this month's wajib 10.000."""
    return [MemberFactory(group=group_a, full_name=f"Anggota {i:02d}", joined_on=JOINED) for i in range(5)]


@pytest.fixture
def meeting_a(group_a, members_a, pendamping1):
    return meeting_record(group=group_a, actor=pendamping1, date=MEETING_DAY, type=Meeting.Type.ROUTINE,
                          place="Rumah Bu Yusnidar")


def sheet_post(meeting, lines, *, action="draft", cash=None, note="", **cells):
    """Build the POST body of the sheet: every member present, ``cells`` as ``{"<pk>-<field>": text}``."""
    data = {"submission_id": str(uuid.uuid4()), "action": action, "cash_difference_note": note,
            "cash_counted": "" if cash is None else str(cash)}
    for m in lines:
        data[f"{m.pk}-attendance"] = "present"
    data.update(cells)
    return data
