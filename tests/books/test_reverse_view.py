"""Reversing other income, expenses and grants from the books; savings entries are not reversed here."""
import datetime

import pytest

from books.models import JournalEntry
from books.selectors import account_balances
from books.services import post_expense
from savings.services import savings_deposit

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def expense(group_a, manager):
    return post_expense(group=group_a, date=D(2025, 3, 2), amount=35_000, memo="Kertas", actor=manager,
                        account="stationery_expense")


@pytest.mark.parametrize("role", ["manager", "bendahara1"])
def test_manager_and_treasurer_reverse_an_expense(login, users, group_a, expense, role):
    client = login(users[role])
    assert "Rp 35.000" in client.get(f"/books/entries/{expense.pk}/reverse/").content.decode()
    assert client.post(f"/books/entries/{expense.pk}/reverse/", {"reason": "Dobel dicatat"}).status_code == 302
    reversal = JournalEntry.objects.get(reverses=expense)
    assert (reversal.reason, reversal.created_by) == ("Dobel dicatat", users[role])
    assert account_balances(group_a, as_of=D(2025, 3, 31))["stationery_expense"] == 0


def test_field_officer_may_not(login, users, expense):
    assert login(users["pendamping1"]).post(f"/books/entries/{expense.pk}/reverse/",
                                            {"reason": "x"}).status_code == 403


def test_out_of_scope_is_404(login, users, expense):
    assert login(users["pendamping2"]).get(f"/books/entries/{expense.pk}/reverse/").status_code == 404


def test_savings_entries_are_reversed_through_savings_only(login, users, member_a):
    txn = savings_deposit(member=member_a, kind="wajib", amount=10_000, date=D(2025, 2, 1), actor=users["manager"])
    assert login(users["manager"]).post(f"/books/entries/{txn.entry_id}/reverse/",
                                        {"reason": "x"}).status_code == 404
    assert not JournalEntry.objects.filter(reverses=txn.entry).exists()


def test_second_reversal_is_a_form_error(login, users, expense):
    client = login(users["manager"])
    client.post(f"/books/entries/{expense.pk}/reverse/", {"reason": "Dobel"})
    response = client.post(f"/books/entries/{expense.pk}/reverse/", {"reason": "Lagi"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
