import datetime

import pytest

from groups.models import GroupOfficer
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_new_treasurer_ends_the_previous_term(login, users, group_a):
    first = MemberFactory(group=group_a, full_name="Hasnah")
    second = MemberFactory(group=group_a, full_name="Kartini")
    client = login(users["pendamping1"])
    client.post(f"/groups/{group_a.pk}/officers/new/", {"role": "treasurer", "member": first.pk, "start": "2023-01-01"})
    response = client.post(f"/groups/{group_a.pk}/officers/new/",
                           {"role": "treasurer", "member": second.pk, "start": "2024-05-13"})
    assert response.status_code == 302
    terms = list(GroupOfficer.objects.filter(group=group_a).order_by("start").values_list("member__full_name", "end"))
    assert terms == [("Hasnah", datetime.date(2024, 5, 12)), ("Kartini", None)]
    assert "Kartini" in client.get(f"/groups/{group_a.pk}/").content.decode()


def test_member_of_another_group_cannot_be_officer(login, users, group_a, group_b):
    outsider = MemberFactory(group=group_b)
    response = login(users["manager"]).post(f"/groups/{group_a.pk}/officers/new/",
                                            {"role": "chair", "member": outsider.pk, "start": "2024-01-01"})
    assert response.status_code == 200
    assert "member" in response.context["form"].errors
    assert not GroupOfficer.objects.exists()


@pytest.mark.parametrize("role,status", [("bendahara1", 403), ("pendamping2", 404)])
def test_officer_form_forbidden_or_hidden(login, users, group_a, role, status):
    assert login(users[role]).get(f"/groups/{group_a.pk}/officers/new/").status_code == status
