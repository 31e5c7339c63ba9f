"""Two requests at once on PostgreSQL: one repayment posts once, one disbursement succeeds."""
import pytest
from django.core.exceptions import ValidationError

from books.models import JournalEntry
from loans import services
from loans.models import Loan, Repayment
from tests.utils import postgres_only, run_at_once

from .conftest import DISBURSED

pytestmark = [postgres_only, pytest.mark.django_db(transaction=True)]


def test_same_repayment_submitted_twice_at_once_posts_once(loan, officer):
    before = JournalEntry.objects.count()
    results = run_at_once(lambda: services.loan_repay(loan=loan, amount=120_000, date=DISBURSED.replace(month=2),
                                                     actor=officer, idempotency_key="sheet-1-row-1"))
    assert all(isinstance(r, Repayment) for r in results), results
    assert results[0].pk == results[1].pk
    assert Repayment.objects.filter(loan=loan).count() == 1
    assert JournalEntry.objects.count() == before + 1


def test_two_disbursements_of_one_loan_at_once_one_succeeds(borrower, officer):
    loan = services.loan_apply(member=borrower, amount=1_000_000, term=10, purpose="Modal", business="Warung",
                               date=DISBURSED, actor=officer)
    services.loan_decide(loan=loan, approved=True, date=DISBURSED, agreed_by="Rapat", actor=officer)
    results = run_at_once(lambda: services.loan_disburse(loan=loan, date=DISBURSED, actor=officer))
    assert sorted(type(r).__name__ for r in results) == ["Loan", "ValidationError"]
    refused = next(r for r in results if isinstance(r, ValidationError))
    assert refused.code == "wrong_status"
    assert Loan.objects.get(pk=loan.pk).schedules.count() == 1
    assert JournalEntry.objects.filter(kind="loan_disbursement").count() == 1
