"""The bulk benchmark runs and leaves the database as it was."""
import io

import pytest
from django.core.management import call_command

from savings.models import SavingsTransaction

pytestmark = pytest.mark.django_db


def test_bench_prints_speed_and_rolls_back():
    out = io.StringIO()
    call_command("bench_savings_bulk", groups=1, members_per_group=2, years=1, stdout=out)
    assert "movements/s" in out.getvalue()
    assert not SavingsTransaction.objects.exists()
