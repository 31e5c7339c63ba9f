"""The indicators page: scope by role, the chosen period, previous period, ranks, exports."""
import datetime
import io
import json

import pytest
from django.core.management import call_command

from reports.indicators.serialize import plain_values
from tests.factories import GroupFactory
from tests.reports.factories import build_books, build_members_and_meetings
from tests.utils import count_queries

pytestmark = pytest.mark.django_db
D = datetime.date
URL = "/reports/indicators/"
YEAR = "start=2024-01-01&end=2024-12-31"


@pytest.fixture
def history(group_a, group_b, manager):
    build_members_and_meetings(group_a, manager)
    build_books(group_a, manager)
    build_books(group_b, manager)
    return group_a


@pytest.mark.parametrize("role, savings", [("manager", 806_000), ("pendamping1", 403_000),
                                           ("pendamping2", 403_000), ("bendahara1", 403_000)])
def test_each_role_sees_only_her_groups_in_the_totals(login, users, history, role, savings):
    response = login(users[role]).get(f"{URL}?{YEAR}")
    assert response.status_code == 200
    assert response.context["report"]["values"]["savings_total"] == savings


@pytest.mark.parametrize("role", ["manager", "pendamping1", "bendahara1"])
def test_in_scope_roles_get_group_a_with_its_rank(login, users, history, role):
    response = login(users[role]).get(f"{URL}?{YEAR}&group={history.pk}")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Anggrek" in content
    assert "Rp 403.000" in content
    assert "Cara menghitung" in content


@pytest.mark.parametrize("role", ["pendamping1", "bendahara1"])
def test_out_of_scope_group_is_a_404(login, users, history, group_b, role):
    # Not her group: a 404 as for any other page of group_b (see test_selectors_scope.py for every role).
    response = login(users[role]).get(f"{URL}?{YEAR}&group={group_b.pk}")
    assert response.status_code == 404


def test_rank_among_the_managers_groups(login, users, history):
    report = login(users["manager"]).get(f"{URL}?{YEAR}&group={history.pk}").context["report"]
    rows = {row["indicator"].key: row for section in report["sections"] for row in section["rows"]}
    assert rows["active_members"]["rank"] == (1, 2)
    assert rows["savings_total"]["previous"] == 200_000  # at the end of 2023


def test_bad_period_shows_a_message_not_a_crash(login, users, history):
    response = login(users["manager"]).get(f"{URL}?start=2024-12-31&end=2024-01-01")
    assert response.status_code == 200
    assert response.context["form"].errors
    response = login(users["manager"]).get(f"{URL}?start=nonsense")
    assert response.status_code == 200


def test_page_and_command_agree(login, users, history):
    page = login(users["manager"]).get(f"{URL}?{YEAR}&group={history.pk}").context["report"]["values"]
    out = io.StringIO()
    call_command("indicators", "--as-of", "2024-12-31", "--from", "2024-01-01", "--group", history.code, stdout=out)
    assert json.loads(out.getvalue()) == plain_values(page)
    all_page = login(users["manager"]).get(f"{URL}?{YEAR}").context["report"]["values"]
    out = io.StringIO()
    call_command("indicators", "--as-of", "2024-12-31", "--from", "2024-01-01", stdout=out)
    assert json.loads(out.getvalue()) == plain_values(all_page)


def test_xlsx_export(login, users, history):
    response = login(users["manager"]).get(f"{URL}?{YEAR}&export=csv")
    assert response.status_code == 200
    body = response.content.decode("utf-8-sig")
    assert "savings_total,Simpanan anggota,806000,400000" in body


def test_query_count_does_not_grow_with_groups(login, users, history, manager):
    client = login(users["manager"])
    _, few = count_queries(lambda: client.get(f"{URL}?{YEAR}"))
    for _i in range(5):
        group = GroupFactory()
        build_members_and_meetings(group, manager)
        build_books(group, manager)
    _, many = count_queries(lambda: client.get(f"{URL}?{YEAR}"))
    assert few == many
