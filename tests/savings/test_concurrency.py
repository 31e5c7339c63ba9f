"""Concurrent requests on PostgreSQL: racing withdrawals and a deposit sent twice."""
import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from books.models import JournalEntry
from savings.models import SavingsTransaction
from savings.selectors import member_balances
from savings.services import savings_deposit, savings_withdraw
from tests.factories import MemberFactory
from tests.utils import postgres_only

D = datetime.date


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_withdrawals_of_sixty_percent_only_one_succeeds(group_a, manager):
    member = MemberFactory(group=group_a, joined_on=D(2025, 1, 1))
    savings_deposit(member=member, kind="sukarela", amount=1_000_000, date=D(2025, 2, 1), actor=manager)
    barrier = threading.Barrier(2)
    outcomes = []

    def withdraw():
        try:
            barrier.wait()
            savings_withdraw(member=member, amount=600_000, date=D(2025, 3, 1), actor=manager)
            outcomes.append("ok")
        except ValidationError as exc:
            outcomes.append(exc.error_dict["amount"][0].code)
        finally:
            connection.close()

    threads = [threading.Thread(target=withdraw) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["insufficient_balance", "ok"]
    assert SavingsTransaction.objects.filter(type="withdrawal").count() == 1
    assert member_balances(member, as_of=D(2025, 12, 31))["sukarela"] == 400_000


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_same_deposit_sent_twice_at_once_posts_once(group_a, manager):
    member = MemberFactory(group=group_a, joined_on=D(2025, 1, 1))
    barrier = threading.Barrier(2)
    ids = []

    def deposit():
        try:
            barrier.wait()
            txn = savings_deposit(member=member, kind="wajib", amount=10_000, date=D(2025, 2, 1), actor=manager,
                                  idempotency_key="sheet-1-wajib")
            ids.append(txn.pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=deposit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(ids) == 2 and ids[0] == ids[1]
    assert SavingsTransaction.objects.count() == 1 and JournalEntry.objects.count() == 1
