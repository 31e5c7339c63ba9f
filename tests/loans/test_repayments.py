"""Repayment scenarios with exact Rupiah: P 1.000.000, flat 2 %, 10 months → 10 × 120.000."""
import datetime

import pytest
from django.core.exceptions import ValidationError

from books.models import JournalEntry
from loans import services
from loans.models import LoanStatus, PenaltyCharge
from loans.positions import days_past_due_by_loan, loan_position, outstanding_principal_by_loan
from savings.selectors import member_balances
from tests.factories import make_rules

from .conftest import OPEN_RULES
from .helpers import entry_lines

pytestmark = pytest.mark.django_db

D = datetime.date


def test_partial_payment_pays_interest_first_then_principal(loan, officer):
    repayment = services.loan_repay(loan=loan, amount=50_000, date=D(2024, 2, 15), actor=officer)
    assert entry_lines(repayment.entry) == {
        ("cash", "D"): 50_000, ("loans_receivable", "K"): 30_000, ("interest_income", "K"): 20_000}
    position = loan_position(loan, as_of=D(2024, 2, 20))
    first = position.instalments[0]
    assert (first.interest_paid, first.principal_paid, first.unpaid) == (20_000, 30_000, 70_000)
    assert position.outstanding_principal == 970_000
    assert position.days_past_due == 5
    assert days_past_due_by_loan([loan.pk], as_of=D(2024, 2, 20)) == {loan.pk: 5}


def test_two_missed_months_then_a_catch_up(loan, officer):
    assert days_past_due_by_loan([loan.pk], as_of=D(2024, 4, 14)) == {loan.pk: 59}
    repayment = services.loan_repay(loan=loan, amount=360_000, date=D(2024, 4, 15), actor=officer)
    assert entry_lines(repayment.entry) == {
        ("cash", "D"): 360_000, ("loans_receivable", "K"): 300_000, ("interest_income", "K"): 60_000}
    assert days_past_due_by_loan([loan.pk], as_of=D(2024, 4, 16)) == {}
    assert outstanding_principal_by_loan(type(loan).objects.filter(pk=loan.pk), as_of=D(2024, 4, 16)) == {
        loan.pk: 700_000}


def test_catch_up_with_late_penalties_after_the_grace_days(lgroup, borrower, officer, manager):
    from .conftest import disburse_loan

    make_rules(lgroup, effective_from=D(2023, 6, 1), created_by=manager,
               **{**OPEN_RULES, "loan_penalty_type": "fixed", "loan_penalty_value": "5000",
                  "loan_penalty_grace_days": 7})
    loan = disburse_loan(borrower, officer)
    # Instalments of 15 February and 15 March are late beyond 7 days; 15 April is due today.
    repayment = services.loan_repay(loan=loan, amount=370_000, date=D(2024, 4, 15), actor=officer)
    assert entry_lines(repayment.entry) == {
        ("cash", "D"): 370_000, ("loans_receivable", "K"): 300_000, ("interest_income", "K"): 60_000,
        ("penalty_income", "K"): 10_000}
    assert PenaltyCharge.objects.filter(loan=loan).count() == 2


def test_several_instalments_at_once_then_early_payoff_closes_the_loan(loan, officer):
    services.loan_repay(loan=loan, amount=240_000, date=D(2024, 2, 15), actor=officer)
    with pytest.raises(ValidationError) as exc:
        services.loan_repay(loan=loan, amount=960_001, date=D(2024, 3, 1), actor=officer)
    assert exc.value.error_dict["amount"][0].code == "overpayment"
    services.loan_repay(loan=loan, amount=960_000, date=D(2024, 3, 1), actor=officer)
    loan.refresh_from_db()
    assert loan.status == LoanStatus.CLOSED and loan.closed_on == D(2024, 3, 1)
    assert loan_position(loan, as_of=D(2024, 3, 1)).outstanding_principal == 0
    with pytest.raises(ValidationError):
        services.loan_repay(loan=loan, amount=1, date=D(2024, 3, 2), actor=officer)


def test_overpayment_held_as_sukarela_by_choice(loan, officer, borrower):
    repayment = services.loan_repay(loan=loan, amount=1_240_000, date=D(2024, 2, 15), actor=officer,
                                    overpayment="sukarela")
    assert repayment.held_as_sukarela == 40_000
    assert entry_lines(repayment.entry) == {
        ("cash", "D"): 1_200_000, ("loans_receivable", "K"): 1_000_000, ("interest_income", "K"): 200_000}
    assert member_balances(borrower, as_of=D(2024, 2, 15))["sukarela"] == 40_000


def test_same_idempotency_key_posts_once(loan, officer):
    first = services.loan_repay(loan=loan, amount=120_000, date=D(2024, 2, 15), actor=officer,
                                idempotency_key="sheet-7-member-3")
    entries = JournalEntry.objects.count()
    again = services.loan_repay(loan=loan, amount=120_000, date=D(2024, 2, 15), actor=officer,
                                idempotency_key="sheet-7-member-3")
    assert again.pk == first.pk
    assert JournalEntry.objects.count() == entries


def test_reversal_undoes_the_allocation_and_the_entry(loan, officer):
    repayment = services.loan_repay(loan=loan, amount=120_000, date=D(2024, 2, 15), actor=officer)
    reversal = services.repayment_reverse(repayment=repayment, actor=officer, reason="Salah anggota",
                                          date=D(2024, 2, 16))
    assert entry_lines(reversal.entry) == {
        ("cash", "K"): 120_000, ("loans_receivable", "D"): 100_000, ("interest_income", "D"): 20_000}
    assert loan_position(loan, as_of=D(2024, 2, 15)).outstanding_principal == 900_000
    assert loan_position(loan, as_of=D(2024, 2, 16)).outstanding_principal == 1_000_000
    with pytest.raises(ValidationError) as exc:
        services.repayment_reverse(repayment=repayment, actor=officer, reason="Lagi")
    assert exc.value.code == "already_reversed"


def test_reversing_the_last_payment_reopens_a_closed_loan(loan, officer):
    repayment = services.loan_repay(loan=loan, amount=1_200_000, date=D(2024, 2, 15), actor=officer)
    services.repayment_reverse(repayment=repayment, actor=officer, reason="Uang palsu")
    loan.refresh_from_db()
    assert loan.status == LoanStatus.ACTIVE and loan.closed_on is None


@pytest.mark.parametrize("amount", [0, -5, "100"])
def test_bad_amount_changes_nothing(loan, officer, amount):
    entries = JournalEntry.objects.count()
    with pytest.raises(ValidationError):
        services.loan_repay(loan=loan, amount=amount, date=D(2024, 2, 15), actor=officer)
    assert JournalEntry.objects.count() == entries


def test_interest_first_order_pays_interest_of_each_overdue_instalment(lgroup, borrower, officer, manager):
    from .conftest import disburse_loan

    make_rules(lgroup, effective_from=D(2023, 6, 1), created_by=manager,
               **{**OPEN_RULES, "loan_allocation_order": "interest_first"})
    loan = disburse_loan(borrower, officer)
    repayment = services.loan_repay(loan=loan, amount=50_000, date=D(2024, 3, 20), actor=officer)
    assert entry_lines(repayment.entry) == {
        ("cash", "D"): 50_000, ("interest_income", "K"): 40_000, ("loans_receivable", "K"): 10_000}


def test_a_future_date_is_refused(loan, officer):
    import core.dates

    tomorrow = core.dates.today() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        services.loan_repay(loan=loan, amount=120_000, date=tomorrow, actor=officer)
    assert exc.value.error_dict["date"][0].code == "future_date"


def test_a_payment_dated_before_the_latest_payment_is_refused(loan, officer):
    services.loan_repay(loan=loan, amount=120_000, date=D(2024, 2, 15), actor=officer)
    with pytest.raises(ValidationError) as exc:
        services.loan_repay(loan=loan, amount=120_000, date=D(2024, 2, 10), actor=officer)
    assert exc.value.error_dict["date"][0].code == "before_last_payment"


@pytest.mark.parametrize("service", ["loan_repay", "loan_cover"])
def test_a_date_without_rules_in_force_is_refused_not_a_crash(loan, officer, monkeypatch, service):
    """A loan brought in from before the group's first rules, paid on such a date: a clear refusal."""
    monkeypatch.setattr("loans.services.common.rules_for", lambda group, on: None)
    with pytest.raises(ValidationError) as exc:
        getattr(services, service)(loan=loan, amount=10_000, date=loan.disbursed_on + datetime.timedelta(days=3),
                                   actor=officer)
    assert exc.value.code == "no_rules"
