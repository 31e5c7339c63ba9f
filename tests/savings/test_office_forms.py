"""Deposit and withdrawal forms at the office: who may use them, what they post, clear refusals."""
import datetime

import pytest

from savings.models import SavingsTransaction
from savings.selectors import member_balances
from savings.services import savings_deposit

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.mark.parametrize("role", ["manager", "pendamping1", "bendahara1"])
def test_recording_roles_deposit(login, users, member_a, role):
    response = login(users[role]).post(f"/savings/members/{member_a.pk}/deposit/", {
        "kind": "sukarela", "amount": "Rp 1.250.000", "date": "2025-02-03", "note": "kuitansi 12"})
    assert response.status_code == 302
    txn = SavingsTransaction.objects.get()
    assert (txn.amount, txn.created_by, txn.note, txn.meeting) == (1_250_000, users[role], "kuitansi 12", None)


def test_deposit_form_shows(login, users, member_a):
    assert login(users["pendamping1"]).get(f"/savings/members/{member_a.pk}/deposit/").status_code == 200


@pytest.mark.parametrize("path", ["deposit", "withdraw"])
def test_out_of_scope_is_404(login, users, member_a, path):
    client = login(users["pendamping2"])
    assert client.get(f"/savings/members/{member_a.pk}/{path}/").status_code == 404
    assert client.post(f"/savings/members/{member_a.pk}/{path}/", {"kind": "wajib", "amount": "1000",
                                                                    "date": "2025-02-03"}).status_code == 404
    assert not SavingsTransaction.objects.exists()


@pytest.mark.parametrize("amount", ["abc", "0", "-5", "12,5.0x"])
def test_bad_amount_is_a_form_error_and_nothing_posts(login, users, member_a, amount):
    response = login(users["manager"]).post(f"/savings/members/{member_a.pk}/deposit/", {
        "kind": "wajib", "amount": amount, "date": "2025-02-03"})
    assert response.status_code == 200 and response.context["form"].errors
    assert not SavingsTransaction.objects.exists()


def test_date_before_joining_is_shown_on_the_form(login, users, member_a):
    response = login(users["manager"]).post(f"/savings/members/{member_a.pk}/deposit/", {
        "kind": "wajib", "amount": "10.000", "date": "2024-02-03"})
    assert response.status_code == 200 and "date" in response.context["form"].errors


@pytest.mark.parametrize("role", ["manager", "pendamping1", "bendahara1"])
def test_recording_roles_withdraw_sukarela(login, users, member_a, role):
    savings_deposit(member=member_a, kind="sukarela", amount=100_000, date=D(2025, 2, 1), actor=users["manager"])
    response = login(users[role]).post(f"/savings/members/{member_a.pk}/withdraw/", {
        "amount": "40.000", "date": "2025-02-10"})
    assert response.status_code == 302
    assert member_balances(member_a, as_of=D(2025, 12, 31))["sukarela"] == 60_000


def test_overdraft_is_refused_with_a_clear_message(login, users, member_a):
    savings_deposit(member=member_a, kind="sukarela", amount=100_000, date=D(2025, 2, 1), actor=users["manager"])
    response = login(users["bendahara1"]).post(f"/savings/members/{member_a.pk}/withdraw/", {
        "amount": "150.000", "date": "2025-02-10"})
    assert response.status_code == 200
    assert "Rp 100.000" in str(response.context["form"].errors["amount"])
    assert SavingsTransaction.objects.count() == 1
