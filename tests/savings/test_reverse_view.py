"""The reversal form: managers and the group's treasurer only, with a reason."""
import datetime

import pytest

from savings.models import SavingsTransaction
from savings.services import savings_deposit

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def txn(member_a, manager):
    return savings_deposit(member=member_a, kind="wajib", amount=10_000, date=D(2025, 2, 1), actor=manager)


@pytest.mark.parametrize("role", ["manager", "bendahara1"])
def test_managers_and_treasurer_reverse(login, users, txn, role):
    client = login(users[role])
    assert client.get(f"/savings/transactions/{txn.pk}/reverse/").status_code == 200
    response = client.post(f"/savings/transactions/{txn.pk}/reverse/", {"reason": "Salah anggota"})
    assert response.status_code == 302
    reversal = SavingsTransaction.objects.get(reverses=txn)
    assert (reversal.reason, reversal.created_by) == ("Salah anggota", users[role])


def test_field_officer_may_not_reverse(login, users, txn):
    assert login(users["pendamping1"]).post(f"/savings/transactions/{txn.pk}/reverse/",
                                            {"reason": "x"}).status_code == 403
    assert SavingsTransaction.objects.count() == 1


def test_out_of_scope_is_404(login, users, txn):
    assert login(users["pendamping2"]).get(f"/savings/transactions/{txn.pk}/reverse/").status_code == 404


def test_second_reversal_shows_a_message(login, users, txn):
    client = login(users["manager"])
    client.post(f"/savings/transactions/{txn.pk}/reverse/", {"reason": "Salah"})
    response = client.post(f"/savings/transactions/{txn.pk}/reverse/", {"reason": "Lagi"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert SavingsTransaction.objects.count() == 2
