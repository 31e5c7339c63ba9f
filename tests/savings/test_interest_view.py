"""Crediting sukarela interest from the group page."""
import datetime

import pytest

from savings.models import SavingsTransaction
from savings.services import savings_deposit

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.mark.parametrize("role", ["manager", "bendahara1"])
def test_managers_and_treasurer_credit_interest(login, users, group_a, member_a, role):
    savings_deposit(member=member_a, kind="sukarela", amount=1_000_000, date=D(2025, 1, 1), actor=users["manager"])
    client = login(users[role])
    assert client.get(f"/savings/groups/{group_a.pk}/interest/").status_code == 200
    assert client.post(f"/savings/groups/{group_a.pk}/interest/", {"period_end": "2025-01-31"}).status_code == 302
    assert SavingsTransaction.objects.get(type="interest").amount == 5_000


def test_field_officer_may_not(login, users, group_a):
    assert login(users["pendamping1"]).get(f"/savings/groups/{group_a.pk}/interest/").status_code == 403


def test_out_of_scope_is_404(login, users, group_a):
    assert login(users["pendamping2"]).get(f"/savings/groups/{group_a.pk}/interest/").status_code == 404


def test_not_a_month_end_is_a_form_error(login, users, group_a):
    response = login(users["manager"]).post(f"/savings/groups/{group_a.pk}/interest/", {"period_end": "2025-01-30"})
    assert response.status_code == 200 and "period_end" in response.context["form"].errors
