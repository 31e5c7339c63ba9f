"""Exit settlement of a member who still has a loan: her savings pay it off first (worked example)."""
import datetime

import pytest

from books.selectors import account_balances, trial_balance
from exits.selectors import settlement_for
from exits.services import member_exit
from loans import services as loan_services
from loans.models import LoanStatus
from loans.positions import outstanding_principal_by_loan
from savings.services import savings_deposit
from tests.factories import GroupFactory, MemberFactory, make_rules
from tests.loans.conftest import OPEN_RULES, disburse_loan

pytestmark = pytest.mark.django_db
D = datetime.date


def test_exit_pays_off_the_loan_from_savings_and_pays_out_the_rest(manager):
    group = GroupFactory(name="Kenanga")
    make_rules(group, created_by=manager, **OPEN_RULES)
    member = MemberFactory(group=group, full_name="Yusnimar", joined_on=D(2023, 6, 1))
    savings_deposit(member=member, kind="pokok", amount=50_000, date=D(2024, 1, 5), actor=manager)
    savings_deposit(member=member, kind="sukarela", amount=300_000, date=D(2024, 1, 5), actor=manager)
    # Rp 1.000.000 flat 2 % for 10 months: Rp 120.000 a month; 1 % admin fee kept back.
    loan = disburse_loan(member, manager, amount=1_000_000, term=10, date=D(2024, 1, 15))
    loan_services.loan_repay(loan=loan, amount=8 * 120_000, date=D(2024, 9, 15), actor=manager)

    preview = settlement_for(member, on=D(2024, 10, 1))
    assert preview.savings_total == 350_000
    assert [d.amount for d in preview.deductions] == [240_000]  # instalments 9 and 10
    assert preview.payout == 110_000

    member_exit(member=member, date=D(2024, 10, 1), actor=manager)
    loan.refresh_from_db()
    assert loan.status == LoanStatus.CLOSED
    assert outstanding_principal_by_loan(type(loan).objects.filter(pk=loan.pk), as_of=D(2024, 10, 1)) == {loan.pk: 0}
    books = account_balances(group, as_of=D(2024, 10, 1))
    # cash: 350.000 saved − 990.000 lent + 960.000 repaid + 240.000 payoff − 350.000 savings returned
    assert books["cash"] == 210_000
    assert books["loans_receivable"] == 0
    assert books["interest_income"] == 200_000 and books["fee_income"] == 10_000
    assert books["savings_pokok"] == books["savings_sukarela"] == 0
    assert trial_balance(group, start=D(2024, 1, 1), end=D(2024, 12, 31))[1]["balanced"]


def test_savings_smaller_than_the_debt_pay_what_they_can(manager):
    group = GroupFactory(name="Teratai")
    make_rules(group, created_by=manager, **OPEN_RULES)
    member = MemberFactory(group=group, full_name="Darmawati", joined_on=D(2023, 6, 1))
    savings_deposit(member=member, kind="pokok", amount=50_000, date=D(2024, 1, 5), actor=manager)
    disburse_loan(member, manager, amount=1_000_000, term=10, date=D(2024, 1, 15))
    settlement = member_exit(member=member, date=D(2024, 2, 1), actor=manager)
    assert settlement.deductions_total == 50_000 and settlement.payout == 0
    # Rp 50.000 pays instalment 1 in the group's order: Rp 20.000 interest, then Rp 30.000 principal.
    books = account_balances(group, as_of=D(2024, 2, 1))
    assert books["loans_receivable"] == 970_000 and books["interest_income"] == 20_000
