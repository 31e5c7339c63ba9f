import pytest

from tests.factories import MemberFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_members(group_a, group_b):
    return MemberFactory(group=group_a, full_name="Yusnimar"), MemberFactory(group=group_b, full_name="Darmawati")


def _names(response):
    return {m.full_name for m in response.context["page"].object_list}


@pytest.mark.parametrize("role,expected", [
    ("manager", {"Yusnimar", "Darmawati"}),
    ("pendamping1", {"Yusnimar"}),
    ("pendamping2", {"Darmawati"}),
    ("bendahara1", {"Yusnimar"}),
])
def test_each_role_sees_her_members(login, users, two_members, role, expected):
    assert _names(login(users[role]).get("/members/")) == expected


def test_search_by_name_and_status(login, users, two_members):
    client = login(users["manager"])
    assert _names(client.get("/members/", {"q": "yusni"})) == {"Yusnimar"}
    assert _names(client.get("/members/", {"status": "exited"})) == set()


def test_query_count_does_not_grow_with_members(login, users, group_a):
    client = login(users["manager"])
    MemberFactory.create_batch(5, group=group_a)
    _, five = count_queries(lambda: client.get("/members/"))
    MemberFactory.create_batch(45, group=group_a)
    _, fifty = count_queries(lambda: client.get("/members/"))
    assert five == fifty
