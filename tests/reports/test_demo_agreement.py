"""On the demo data, the `indicators` command prints exactly what the indicators page shows."""
import datetime
import io
import json

import pytest
from django.core.management import call_command

from accounts.models import User
from reports.indicators.serialize import plain_values

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
UNTIL = datetime.date(2025, 6, 30)


def test_command_json_equals_the_page_on_demo_data(client):
    call_command("seed_demo", groups=3, members_per_group=6, years=2, seed=11, until=UNTIL, stdout=io.StringIO())
    client.force_login(User.objects.get(username="manager"))
    page = client.get("/reports/indicators/?start=2024-07-01&end=2025-06-30").context["report"]["values"]
    out = io.StringIO()
    call_command("indicators", "--as-of", "2025-06-30", stdout=out)
    printed = json.loads(out.getvalue())
    assert printed == plain_values(page)
    assert printed["active_members"] > 0
    assert printed["glp"] > 0
