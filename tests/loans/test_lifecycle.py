"""Application → decision → manager approval → disbursement, with exact Rupiah and entries."""
import datetime

import pytest
from django.core.exceptions import ValidationError

from accounts.models import User
from audit.models import AuditEvent
from loans import services
from loans.models import Instalment, LoanStatus
from tests.factories import UserFactory, make_rules

from .conftest import DISBURSED, OPEN_RULES, disburse_loan
from .helpers import entry_lines

pytestmark = pytest.mark.django_db


def test_disbursement_posts_cash_out_fee_and_flat_schedule(loan):
    assert loan.status == LoanStatus.ACTIVE
    assert loan.admin_fee == 10_000
    assert entry_lines(loan.disbursement_entry) == {
        ("loans_receivable", "D"): 1_000_000, ("cash", "K"): 990_000, ("fee_income", "K"): 10_000}
    lines = list(Instalment.objects.filter(loan=loan).order_by("number"))
    assert [(i.principal, i.interest) for i in lines] == [(100_000, 20_000)] * 10
    assert lines[0].due_date == datetime.date(2024, 2, 15)
    assert lines[-1].due_date == datetime.date(2024, 11, 15)


def test_fee_paid_in_cash_shows_both_cash_movements(lgroup, borrower, officer, manager):
    make_rules(lgroup, effective_from=datetime.date(2023, 6, 1), created_by=manager,
               **{**OPEN_RULES, "loan_admin_fee_deducted": False, "loan_admin_fee_type": "fixed",
                  "loan_admin_fee_value": "15000"})
    loan = disburse_loan(borrower, officer)
    assert entry_lines(loan.disbursement_entry) == {
        ("loans_receivable", "D"): 1_000_000, ("cash", "D"): 15_000, ("cash", "K"): 1_000_000,
        ("fee_income", "K"): 15_000}


def test_schedule_uses_the_rules_in_force_on_the_disbursement_date(lgroup, borrower, officer, manager):
    loan = services.loan_apply(member=borrower, amount=1_000_000, term=10, purpose="Modal", business="Warung",
                               date=DISBURSED, actor=officer)
    services.loan_decide(loan=loan, approved=True, date=DISBURSED, agreed_by="Rapat", actor=officer)
    make_rules(lgroup, effective_from=datetime.date(2024, 2, 1), created_by=manager,
               **{**OPEN_RULES, "loan_interest_method": "declining"})
    loan = services.loan_disburse(loan=loan, date=datetime.date(2024, 2, 5), actor=officer)
    interests = list(Instalment.objects.filter(loan=loan).order_by("number").values_list("interest", flat=True))
    assert loan.method == "declining"
    assert interests == [20_000, 18_000, 16_000, 14_000, 12_000, 10_000, 8_000, 6_000, 4_000, 2_000]


def test_rejected_application_cannot_be_disbursed(borrower, officer):
    loan = services.loan_apply(member=borrower, amount=500_000, term=5, purpose="Modal", business="Kue",
                               date=DISBURSED, actor=officer)
    services.loan_decide(loan=loan, approved=False, date=DISBURSED, agreed_by="Rapat anggota", actor=officer)
    with pytest.raises(ValidationError) as exc:
        services.loan_disburse(loan=loan, date=DISBURSED, actor=officer)
    assert exc.value.code == "wrong_status"


def test_application_refuses_term_outside_the_rules(borrower, officer):
    with pytest.raises(ValidationError) as exc:
        services.loan_apply(member=borrower, amount=500_000, term=7, purpose="Modal", business="Kue",
                            date=DISBURSED, actor=officer)
    assert "term" in exc.value.message_dict


def test_application_refuses_above_the_ceiling(borrower, officer):
    with pytest.raises(ValidationError) as exc:
        services.loan_apply(member=borrower, amount=5_000_001, term=5, purpose="Modal", business="Kue",
                            date=DISBURSED, actor=officer)
    assert "amount" in exc.value.message_dict


def test_decision_needs_who_agreed(borrower, officer):
    loan = services.loan_apply(member=borrower, amount=500_000, term=5, purpose="Modal", business="Kue",
                               date=DISBURSED, actor=officer)
    with pytest.raises(ValidationError):
        services.loan_decide(loan=loan, approved=True, date=DISBURSED, agreed_by=" ", actor=officer)


def test_manager_approval_above_the_rules_amount_is_maker_checker(lgroup, borrower, manager, manager_b):
    make_rules(lgroup, effective_from=datetime.date(2023, 6, 1), created_by=manager,
               **{**OPEN_RULES, "loan_manager_approval_above": 500_000})
    loan = services.loan_apply(member=borrower, amount=600_000, term=5, purpose="Modal", business="Kue",
                               date=DISBURSED, actor=manager)
    loan = services.loan_decide(loan=loan, approved=True, date=DISBURSED, agreed_by="Rapat", actor=manager)
    assert loan.status == LoanStatus.AWAITING_MANAGER
    with pytest.raises(ValidationError) as exc:
        services.loan_disburse(loan=loan, date=DISBURSED, actor=manager)
    assert exc.value.code == "wrong_status"
    with pytest.raises(ValidationError) as exc:
        services.loan_manager_approve(loan=loan, actor=manager)
    assert exc.value.code == "maker_checker"
    officer = UserFactory(role=User.Role.FIELD_OFFICER)
    with pytest.raises(ValidationError) as exc:
        services.loan_manager_approve(loan=loan, actor=officer)
    assert exc.value.code == "not_manager"
    loan = services.loan_manager_approve(loan=loan, actor=manager_b)
    assert loan.status == LoanStatus.APPROVED and loan.manager_approved_by == manager_b


def test_at_or_below_the_approval_amount_the_group_decides_alone(lgroup, borrower, manager, officer):
    make_rules(lgroup, effective_from=datetime.date(2023, 6, 1), created_by=manager,
               **{**OPEN_RULES, "loan_manager_approval_above": 500_000})
    loan = services.loan_apply(member=borrower, amount=500_000, term=5, purpose="Modal", business="Kue",
                               date=DISBURSED, actor=officer)
    loan = services.loan_decide(loan=loan, approved=True, date=DISBURSED, agreed_by="Rapat", actor=officer)
    assert loan.status == LoanStatus.APPROVED


def test_every_step_is_audited(loan):
    actions = set(AuditEvent.objects.filter(object_type="loans.loan", object_id=str(loan.pk))
                  .values_list("action", flat=True))
    assert {"loans.apply", "loans.decide", "loans.disburse"} <= actions


def test_second_disbursement_is_refused(loan, officer):
    with pytest.raises(ValidationError) as exc:
        services.loan_disburse(loan=loan, date=DISBURSED, actor=officer)
    assert exc.value.code == "wrong_status"


@pytest.fixture
def manager_b(db):
    return UserFactory(username="manager_b", role=User.Role.MANAGER)
