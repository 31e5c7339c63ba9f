import datetime

import pytest

from groups.models import FieldOfficerAssignment
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_manager_reassigns_a_group_and_history_is_kept(login, users, group_a):
    newcomer = UserFactory(username="pendamping9")
    response = login(users["manager"]).post(f"/groups/{group_a.pk}/assign/",
                                            {"officer": newcomer.pk, "start": "2024-05-13"})
    assert response.status_code == 302
    old = FieldOfficerAssignment.objects.get(group=group_a, officer=users["pendamping1"])
    assert old.end == datetime.date(2024, 5, 12)
    assert FieldOfficerAssignment.objects.filter(group=group_a, officer=newcomer, end__isnull=True).exists()
    # pendamping1 no longer sees the group.
    assert login(users["pendamping1"]).get(f"/groups/{group_a.pk}/").status_code == 404


@pytest.mark.parametrize("role", ["pendamping1", "bendahara1"])
def test_only_managers_assign(login, users, group_a, role):
    assert login(users[role]).get(f"/groups/{group_a.pk}/assign/").status_code == 403


def test_assign_before_current_start_is_refused(login, users, group_a):
    newcomer = UserFactory(username="pendamping9")
    response = login(users["manager"]).post(f"/groups/{group_a.pk}/assign/",
                                            {"officer": newcomer.pk, "start": "2019-01-01"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
