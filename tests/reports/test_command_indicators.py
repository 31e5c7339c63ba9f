"""The `indicators` command: JSON keyed by indicator keys, ratios as fractions, money as integers."""
import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from tests.reports.factories import build_books, build_members_and_meetings

pytestmark = pytest.mark.django_db


def _run(*args):
    out = io.StringIO()
    call_command("indicators", *args, stdout=out)
    return out.getvalue()


def test_json_for_one_group(group_a, group_b, manager):
    build_members_and_meetings(group_a, manager)
    build_books(group_a, manager)
    data = json.loads(_run("--as-of", "2024-12-31", "--from", "2024-01-01", "--group", "PDG-001"))
    assert data["savings_total"] == 403_000
    assert data["oss"] == 2.4
    assert data["retention"] == 0.75
    assert data["own_capital_ratio"] == 0.927
    assert data["active_members"] == 4


def test_default_period_is_twelve_months_and_region_scope(group_a, group_b, manager):
    build_books(group_a, manager)
    data = json.loads(_run("--as-of", "2024-12-31", "--region", group_b.region.code))
    assert data["savings_total"] == 0
    assert data["savings_growth"] is None
    data = json.loads(_run("--as-of", "2024-12-31"))
    assert data["savings_growth"] == 1.015  # 1 Jan – 31 Dec 2024


def test_csv(group_a, manager):
    build_books(group_a, manager)
    rows = dict(csv.reader(io.StringIO(_run("--as-of", "2024-12-31", "--format", "csv"))))
    assert rows["savings_total"] == "403000"
    assert rows["oss"] == "2.4"


def test_unknown_group_is_a_clear_error(group_a):
    with pytest.raises(CommandError, match="No group with code NOPE"):
        _run("--as-of", "2024-12-31", "--group", "NOPE")
