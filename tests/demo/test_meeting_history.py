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
from tests.jobs.helpers import job_file

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
    # Every deposit and withdrawal comes from a meeting; only interest (at the month's end) and the SHU
    # (at the RAT) are credited outside one.
    assert SavingsTransaction.objects.exists()
    assert not SavingsTransaction.objects.filter(meeting=None).exclude(type__in=["interest", "shu"]).exists()
    assert SavingsTransaction.objects.filter(type="interest", amount__gt=0).exists()
    assert not Repayment.objects.filter(meeting=None).exists()
    assert Loan.objects.exclude(status="applied").exists()
    totals = JournalLine.objects.aggregate(d=Sum("debit"), c=Sum("credit"))
    assert totals["d"] == totals["c"] > 0


def test_past_years_are_closed_at_the_rat_and_the_rat_package_prints(client):
    """The first meeting from February on is the RAT: 2025 is closed and shared, its package prints."""
    from accounts.models import User
    from books.periods import closed_through
    from groups.models import Group
    from yearend.models import YearEnd

    call_command("seed_demo", groups=2, members_per_group=8, years=1, seed=7, until=datetime.date(2026, 6, 30),
                 stdout=io.StringIO())
    for group in Group.objects.all():
        year_end = YearEnd.objects.get(group=group, year=2025)
        assert datetime.date(2026, 2, 1) <= year_end.decided_on <= datetime.date(2026, 3, 31)
        assert Meeting.objects.filter(group=group, date=year_end.decided_on, type=Meeting.Type.ROUTINE).exists()
        assert closed_through(group.pk) == datetime.date(2025, 12, 31)
        assert year_end.shares.exists() and "anggota hadir" in year_end.agreed_by
    shared = YearEnd.objects.filter(surplus__gt=0)
    assert SavingsTransaction.objects.filter(type="shu").count() == sum(
        y.shares.filter(total__gt=0, paid_as="sukarela").count() for y in shared)
    client.force_login(User.objects.get(username="bendahara1"))
    group = User.objects.get(username="bendahara1").treasurer_of
    assert client.get(f"/reports/groups/{group.pk}/rat/2025/").status_code == 200
    # The package is made as a job (tests run jobs at once): asked for, then its file downloaded.
    assert job_file(client, client.post(f"/reports/groups/{group.pk}/rat/2025/pdf/")).content.startswith(b"%PDF")
