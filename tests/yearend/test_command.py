"""``manage.py shu_distribution``: the preview (or what was posted) as a table or in the issue's JSON shape."""
import io
import json

import pytest
from django.core.management import CommandError, call_command

from tests.yearend.scenarios import RAT, YEAR
from yearend.services import year_end_post

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("shu_distribution", *args, stdout=out)
    return out.getvalue()


def test_json_has_exactly_the_issues_shape(small):
    data = json.loads(run("--group", "PDG-001", "--year", str(YEAR), "--format", "json"))
    assert data == {
        "surplus": 1_000_000,
        "pools": {"reserves": 400_000, "other_funds": 150_000, "jasa_anggota": 250_000, "jasa_modal": 200_000},
        "members": [
            {"code": "B-001", "name": "Ani", "jasa_modal": 111_111, "jasa_anggota": 166_667, "total": 277_778},
            {"code": "B-002", "name": "Butet", "jasa_modal": 55_556, "jasa_anggota": 83_333, "total": 138_889},
            {"code": "B-003", "name": "Cici", "jasa_modal": 33_333, "jasa_anggota": 0, "total": 33_333},
        ],
    }


def test_table_shows_the_preview_then_the_posting(small, manager):
    table = run("--group", "PDG-001", "--year", str(YEAR))
    assert "preview" in table and "Rp 1.000.000" in table and "Rp 277.778" in table
    year_end_post(group=small["group"], year=YEAR, decided_on=RAT, agreed_by="RAT", actor=manager)
    assert f"posted, RAT {RAT}" in run("--group", "PDG-001", "--year", str(YEAR))


def test_unknown_group_and_refused_rules_are_clear_errors(small, manager):
    from tests.factories import make_rules
    from tests.yearend.scenarios import SHU_RULES, D

    with pytest.raises(CommandError, match="No group"):
        run("--group", "XXX", "--year", str(YEAR))
    make_rules(small["group"], effective_from=D(YEAR, 12, 1), created_by=manager,
               **{**SHU_RULES, "shu_reserve_pct": "50"})
    with pytest.raises(CommandError, match="110 %"):
        run("--group", "PDG-001", "--year", str(YEAR))
