import pytest

from loans import services

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["manager", "pendamping1", "bendahara1"])
def test_in_scope_roles_see_schedule_and_payments(login, users, loan_a, role):
    services.loan_repay(loan=loan_a, amount=50_000, date=loan_a.disbursed_on, actor=users["manager"])
    page = login(users[role]).get(f"/loans/{loan_a.pk}/").content.decode()
    assert "Rp 1.000.000" in page  # amount
    assert "120.000" in page  # first instalment, prepaid in part
    assert "50.000" in page  # the payment with its split
    assert "Rp 970.000" in page  # outstanding principal after 30.000 principal


def test_pendamping2_gets_404(login, users, loan_a):
    assert login(users["pendamping2"]).get(f"/loans/{loan_a.pk}/").status_code == 404
