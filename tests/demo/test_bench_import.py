import io

import pytest
from django.core.management import call_command

from groups.models import Group
from loans.models import Loan
from members.models import Member

pytestmark = pytest.mark.django_db


def test_bench_import_runs_every_step_and_leaves_nothing_behind():
    out = io.StringIO()
    call_command("bench_import", members=30, members_per_group=10, loans=10, history=2, repayments=1,
                 stdout=out)
    text = out.getvalue()
    assert "opening_loans" in text and "30 rows" in text and "Imported 30 members and 10 loans in" in text
    assert "savings_history      60 rows" in text and "loan_repayments      10 rows" in text
    assert not Member.objects.exists() and not Group.objects.exists() and not Loan.objects.exists()
