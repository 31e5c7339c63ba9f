"""The demo history step: years of loans with on-time, late, rescheduled, written-off and covered ones."""
import datetime
import io

import pytest
from django.core.management import call_command

from books.selectors import trial_balance
from groups.models import Group
from loans.models import Loan, LoanStatus, Repayment

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_realistic_loan_history():
    call_command("seed_demo", groups=3, members_per_group=10, years=3, seed=11, until=datetime.date(2026, 6, 30),
                 stdout=io.StringIO())
    statuses = set(Loan.objects.values_list("status", flat=True))
    assert {LoanStatus.CLOSED, LoanStatus.ACTIVE} <= statuses
    assert Loan.objects.filter(status=LoanStatus.CLOSED).count() > Loan.objects.exclude(
        status=LoanStatus.CLOSED).count()  # most are repaid
    assert Loan.objects.filter(penalties__isnull=False).exists()  # some were late
    assert Loan.objects.filter(rescheduled=True).exists() or Repayment.objects.filter(kind="cover").exists()
    for group in Group.objects.all():
        _rows, totals = trial_balance(group, start=datetime.date(2000, 1, 1), end=datetime.date(2026, 6, 30))
        assert totals["balanced"]
