"""savings_flows: what moved in a period by type; an opening balance is never a deposit."""
import datetime

import pytest

from savings.models import SavingsTransaction
from savings.selectors import member_balances, savings_flows
from savings.services import Opening, savings_deposit, savings_open_balances, savings_reverse, savings_withdraw
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
D = datetime.date
CUT_OVER = D(2024, 12, 31)


@pytest.fixture
def siti_books(group_a, manager):
    """Siti's savings brought in on 31 Dec 2024, then a month of her own movements."""
    siti = MemberFactory(code="A-001", group=group_a, full_name="Siti", joined_on=D(2024, 1, 1))
    savings_open_balances(openings=[Opening(siti, "wajib", 120_000, CUT_OVER),
                                    Opening(siti, "sukarela", 325_000, CUT_OVER)], actor=manager)
    savings_deposit(member=siti, kind="sukarela", amount=50_000, date=CUT_OVER, actor=manager)
    savings_deposit(member=siti, kind="wajib", amount=10_000, date=D(2025, 1, 15), actor=manager)
    mistake = savings_deposit(member=siti, kind="sukarela", amount=7_000, date=D(2025, 1, 15), actor=manager)
    savings_reverse(txn=mistake, actor=manager, reason="Salah catat")
    savings_withdraw(member=siti, amount=25_000, date=D(2025, 1, 20), actor=manager)
    return siti


def test_a_period_with_the_cut_over_day_counts_deposits_without_the_opening_balance(siti_books):
    flows = savings_flows(SavingsTransaction.objects.all(), start=D(2024, 12, 1), end=D(2025, 1, 31))
    assert flows["sukarela"] == {"opening": 325_000, "deposit": 50_000, "withdrawal": 25_000, "interest": 0,
                                 "exit": 0, "shu": 0}
    assert flows["wajib"] == {"opening": 120_000, "deposit": 10_000, "withdrawal": 0, "interest": 0, "exit": 0,
                              "shu": 0}
    assert member_balances(siti_books, as_of=D(2025, 1, 31)) == {"pokok": 0, "wajib": 130_000, "sukarela": 350_000}


def test_a_period_after_the_cut_over_has_no_opening_balance(siti_books):
    flows = savings_flows(SavingsTransaction.objects.all(), start=D(2025, 1, 1), end=D(2025, 1, 31))
    assert (flows["sukarela"]["opening"], flows["sukarela"]["deposit"], flows["wajib"]["deposit"]) == (0, 0, 10_000)
