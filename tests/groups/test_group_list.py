import pytest

from groups.models import Group
from tests.factories import GroupFactory, MemberFactory, assign
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


def _names(response):
    return {g.name for g in response.context["page"].object_list}


def test_manager_sees_every_group(login, users, group_a, group_b):
    response = login(users["manager"]).get("/groups/")
    assert response.status_code == 200
    assert _names(response) == {"Anggrek", "Garuda Metro"}


def test_field_officer_sees_only_her_groups(login, users, group_a, group_b):
    response = login(users["pendamping1"]).get("/groups/")
    assert _names(response) == {"Anggrek"}
    response = login(users["pendamping2"]).get("/groups/")
    assert _names(response) == {"Garuda Metro"}


def test_treasurer_sees_only_her_group(login, users):
    response = login(users["bendahara1"]).get("/groups/")
    assert _names(response) == {"Anggrek"}


def test_ended_assignment_no_longer_gives_access(login, users, group_b):
    import datetime

    assign(users["pendamping1"], group_b, start=datetime.date(2019, 1, 1), end=datetime.date(2019, 12, 31))
    response = login(users["pendamping1"]).get("/groups/")
    assert "Garuda Metro" not in _names(response)


def test_anonymous_is_sent_to_login(client, group_a):
    response = client.get("/groups/")
    assert response.status_code == 302
    assert response.url.startswith("/login/")


def test_search_and_filters(login, users, group_a, group_b):
    client = login(users["manager"])
    assert _names(client.get("/groups/", {"q": "garuda"})) == {"Garuda Metro"}
    assert _names(client.get("/groups/", {"officer": users["pendamping1"].pk})) == {"Anggrek"}
    assert _names(client.get("/groups/", {"region": group_b.region_id})) == {"Garuda Metro"}
    Group.objects.filter(pk=group_a.pk).update(status=Group.Status.DORMANT)
    assert _names(client.get("/groups/", {"status": "dormant"})) == {"Anggrek"}


def test_bad_filter_values_do_not_break_the_page(login, users, group_a):
    response = login(users["manager"]).get("/groups/", {"region": "abc", "officer": "999999", "page": "x"})
    assert response.status_code == 200


def test_query_count_does_not_grow_with_groups(login, users, manager):
    client = login(users["manager"])
    for i in range(5):
        g = GroupFactory()
        assign(users["pendamping1"], g)
        MemberFactory(group=g)
    _, five = count_queries(lambda: client.get("/groups/"))
    for i in range(45):
        g = GroupFactory()
        assign(users["pendamping2"], g)
        MemberFactory(group=g)
    _, fifty = count_queries(lambda: client.get("/groups/"))
    assert five == fifty
