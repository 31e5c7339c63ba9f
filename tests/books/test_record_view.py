"""Other income, expenses and grants: managers and the group's treasurer post journal entries."""
import datetime

import pytest

from books.models import JournalEntry
from books.selectors import account_balances

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.mark.parametrize("role", ["manager", "bendahara1"])
def test_treasurer_and_manager_record_an_expense(login, users, group_a, role):
    client = login(users[role])
    assert client.get(f"/books/groups/{group_a.pk}/record/expense/").status_code == 200
    response = client.post(f"/books/groups/{group_a.pk}/record/expense/", {
        "date": "2025-03-02", "amount": "35.000", "memo": "Konsumsi pertemuan", "account": "meeting_expense"})
    assert response.status_code == 302
    entry = JournalEntry.objects.get()
    assert (entry.kind, entry.created_by) == ("expense", users[role])
    assert account_balances(group_a, as_of=D(2025, 3, 31))["meeting_expense"] == 35_000


@pytest.mark.parametrize(("kind", "account"), [("income", "other_income"), ("grant", "grants")])
def test_income_and_grant(login, users, group_a, kind, account):
    login(users["bendahara1"]).post(f"/books/groups/{group_a.pk}/record/{kind}/", {
        "date": "2025-03-02", "amount": "1.500.000", "memo": "Dana stimulan LP2M"})
    balances = account_balances(group_a, as_of=D(2025, 3, 31))
    assert balances[account] == 1_500_000 and balances["cash"] == 1_500_000


def test_field_officer_may_not_record(login, users, group_a):
    assert login(users["pendamping1"]).post(f"/books/groups/{group_a.pk}/record/grant/", {
        "date": "2025-03-02", "amount": "1000", "memo": "x"}).status_code == 403
    assert not JournalEntry.objects.exists()


def test_out_of_scope_is_404(login, users, group_a):
    assert login(users["pendamping2"]).get(f"/books/groups/{group_a.pk}/record/grant/").status_code == 404


def test_unknown_kind_is_404(login, users, group_a):
    assert login(users["manager"]).get(f"/books/groups/{group_a.pk}/record/loan/").status_code == 404


@pytest.mark.parametrize("data", [
    {"date": "2099-01-01", "amount": "1000", "memo": "x"},
    {"date": "2025-01-01", "amount": "-1000", "memo": "x"},
    {"date": "2025-01-01", "amount": "seribu", "memo": "x"},
    {"date": "2025-01-01", "amount": "1000", "memo": ""},
])
def test_bad_input_is_a_form_error_and_nothing_posts(login, users, group_a, data):
    response = login(users["manager"]).post(f"/books/groups/{group_a.pk}/record/income/", data)
    assert response.status_code == 200 and response.context["form"].errors
    assert not JournalEntry.objects.exists()
