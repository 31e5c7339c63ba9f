"""The admin shows savings transactions and journal entries read-only."""
import datetime

import pytest

from accounts.models import User
from savings.services import savings_deposit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_admin_is_read_only(client, member_a, manager):
    txn = savings_deposit(member=member_a, kind="wajib", amount=10_000, date=datetime.date(2025, 2, 1), actor=manager)
    admin = UserFactory(role=User.Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = client.get(f"/admin/savings/savingstransaction/{txn.pk}/change/")
    assert page.status_code == 200 and b'name="amount"' not in page.content
    assert client.get("/admin/savings/savingstransaction/add/").status_code == 403
    assert client.post(f"/admin/savings/savingstransaction/{txn.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.post(f"/admin/books/journalentry/{txn.entry_id}/delete/", {"post": "yes"}).status_code == 403
    txn.refresh_from_db()
    assert txn.amount == 10_000
