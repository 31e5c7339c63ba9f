import pytest

from tests.factories import MemberFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["manager", "pendamping1", "bendahara1"])
def test_in_scope_roles_see_group_a(login, users, group_a, role):
    MemberFactory(group=group_a, full_name="Rosmaniar")
    response = login(users[role]).get(f"/groups/{group_a.pk}/")
    assert response.status_code == 200
    assert "Rosmaniar" in response.content.decode()


@pytest.mark.parametrize("role", ["pendamping1", "bendahara1"])
def test_out_of_scope_group_is_404(login, users, group_b, role):
    assert login(users[role]).get(f"/groups/{group_b.pk}/").status_code == 404


def test_pendamping2_gets_404_on_group_a(login, users, group_a):
    assert login(users["pendamping2"]).get(f"/groups/{group_a.pk}/").status_code == 404


def test_detail_shows_rules_history(login, users, group_a):
    content = login(users["manager"]).get(f"/groups/{group_a.pk}/").content.decode()
    assert "Rp 50.000" in content  # simpanan pokok of the rules in force
    assert "Rp 10.000" in content


def test_query_count_does_not_grow_with_members(login, users, group_a):
    client = login(users["manager"])
    MemberFactory.create_batch(5, group=group_a)
    _, five = count_queries(lambda: client.get(f"/groups/{group_a.pk}/"))
    MemberFactory.create_batch(45, group=group_a)
    _, fifty = count_queries(lambda: client.get(f"/groups/{group_a.pk}/"))
    assert five == fifty


def test_malformed_ids_are_404_not_500(users):
    from django.http import Http404

    from groups.selectors import get_group_for_user
    from members.selectors import get_member_for_user

    for getter in (get_group_for_user, get_member_for_user):
        with pytest.raises(Http404):
            getter(users["manager"], "abc")
