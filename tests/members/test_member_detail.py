import pytest

from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role,status", [("manager", 200), ("pendamping1", 200), ("bendahara1", 200),
                                         ("pendamping2", 404)])
def test_member_of_group_a(login, users, group_a, role, status):
    member = MemberFactory(group=group_a, full_name="Nurhayati")
    response = login(users[role]).get(f"/members/{member.pk}/")
    assert response.status_code == status
    if status == 200:
        assert "Nurhayati" in response.content.decode()


def test_unknown_member_is_404(login, users):
    assert login(users["manager"]).get("/members/999999/").status_code == 404
