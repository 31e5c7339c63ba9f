"""Two withdrawals of 60 % of a balance at the same moment: exactly one succeeds (PostgreSQL)."""
import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

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
