"""The demo history: meetings posted through the sheet, every balance traceable to a meeting."""
import datetime
import io

import pytest
from django.core.management import call_command
from django.db.models import Sum

from books.models import JournalLine
from loans.models import Loan, Repayment
from meetings.models import Attendance, Meeting
from savings.models import SavingsTransaction

pytestmark = pytest.mark.django_db


def test_history_is_made_of_submitted_meetings():
    call_command("seed_demo", groups=2, members_per_group=6, years=1, seed=11, until=datetime.date(2026, 6, 30),
                 stdout=io.StringIO())
    routine = Meeting.objects.filter(type=Meeting.Type.ROUTINE)
    assert routine.count() >= 2 * 11  # a meeting nearly every month for each group
    assert not routine.filter(status=Meeting.Status.DRAFT).exists()
    assert routine.filter(status=Meeting.Status.VERIFIED).exists()
    assert Attendance.objects.filter(meeting__in=routine).exists()
    events = Meeting.objects.filter(type=Meeting.Type.THEMATIC)
    assert events.exists() and not events.filter(status=Meeting.Status.DRAFT).exists()  # completed, who came
    assert Attendance.objects.filter(meeting__in=events).count() == events.values("participants").count()
    # Every deposit and withdrawal comes from a meeting; only interest is credited at the month's end.
    assert SavingsTransaction.objects.exists()
    assert not SavingsTransaction.objects.filter(meeting=None).exclude(type="interest").exists()
    assert SavingsTransaction.objects.filter(type="interest", amount__gt=0).exists()
    assert not Repayment.objects.filter(meeting=None).exists()
    assert Loan.objects.exclude(status="applied").exists()
    totals = JournalLine.objects.aggregate(d=Sum("debit"), c=Sum("credit"))
    assert totals["d"] == totals["c"] > 0
