import datetime

import pytest

from meetings.services import meeting_record
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["manager", "pendamping1", "bendahara1"])
def test_in_scope_roles_see_the_calendar(login, users, group_a, meeting_a, role):
    content = login(users[role]).get(f"/meetings/group/{group_a.pk}/").content.decode()
    assert "Jadwal pertemuan bulanan" in content
    assert "14 Mei 2024" in content  # the meeting held
    assert ("Catat pertemuan" in content) == (role != "bendahara1")


def test_other_field_officer_gets_404(login, users, group_a):
    assert login(users["pendamping2"]).get(f"/meetings/group/{group_a.pk}/").status_code == 404


def test_calendar_shows_expected_dates_and_their_state(login, users, group_a, pendamping1, settings, monkeypatch):
    monkeypatch.setattr("meetings.views.today", lambda: datetime.date(2024, 6, 20))
    meeting_record(group=group_a, actor=pendamping1, date=datetime.date(2024, 5, 15), type="routine")
    content = login(users["pendamping1"]).get(f"/meetings/group/{group_a.pk}/").content.decode()
    assert "14 Mei 2024" in content and "(diadakan 15 Mei 2024)" in content  # moved a day, still May's
    assert "?date=2024-06-11" in content  # June's meeting not yet recorded: a link to record it
    assert "9 Juli 2024" in content and "direncanakan" in content


def test_queries_do_not_grow_with_meetings(login, users, group_a, pendamping1):
    client = login(users["manager"])
    meeting_record(group=group_a, actor=pendamping1, date=datetime.date(2024, 1, 9), type="routine")
    _, one = count_queries(lambda: client.get(f"/meetings/group/{group_a.pk}/"))
    for month in range(2, 12):
        meeting_record(group=group_a, actor=pendamping1, date=datetime.date(2024, month, 5), type="routine")
    _, eleven = count_queries(lambda: client.get(f"/meetings/group/{group_a.pk}/"))
    assert one == eleven


@pytest.mark.parametrize("role, seen", [("manager", 2), ("pendamping1", 1), ("pendamping2", 1), ("bendahara1", 1)])
def test_index_lists_visible_groups(login, users, group_a, group_b, role, seen):
    content = login(users[role]).get("/meetings/").content.decode()
    assert content.count("/meetings/group/") == seen


def test_index_queries_do_not_grow_with_groups(login, users):
    from tests.factories import GroupFactory
    client = login(users["manager"])
    GroupFactory.create_batch(2)
    _, few = count_queries(lambda: client.get("/meetings/"))
    GroupFactory.create_batch(10)
    _, many = count_queries(lambda: client.get("/meetings/"))
    assert few == many
