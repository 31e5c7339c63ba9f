"""Two requests at once on PostgreSQL: one repayment posts once, one disbursement succeeds."""
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from books.models import JournalEntry
from loans import services
from loans.models import Loan, Repayment
from tests.utils import postgres_only

from .conftest import DISBURSED

pytestmark = [postgres_only, pytest.mark.django_db(transaction=True)]


def _run_twice(func):
    """Run ``func`` in two threads released together; return what each returned or raised."""
    barrier = threading.Barrier(2)
    results = []

    def worker():
        try:
            barrier.wait()
            results.append(func())
        except Exception as exc:  # noqa: BLE001 — the test inspects what each thread ended with
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_same_repayment_submitted_twice_at_once_posts_once(loan, officer):
    before = JournalEntry.objects.count()
    results = _run_twice(lambda: services.loan_repay(loan=loan, amount=120_000, date=DISBURSED.replace(month=2),
                                                     actor=officer, idempotency_key="sheet-1-row-1"))
    assert all(isinstance(r, Repayment) for r in results), results
    assert results[0].pk == results[1].pk
    assert Repayment.objects.filter(loan=loan).count() == 1
    assert JournalEntry.objects.count() == before + 1


def test_two_disbursements_of_one_loan_at_once_one_succeeds(borrower, officer):
    loan = services.loan_apply(member=borrower, amount=1_000_000, term=10, purpose="Modal", business="Warung",
                               date=DISBURSED, actor=officer)
    services.loan_decide(loan=loan, approved=True, date=DISBURSED, agreed_by="Rapat", actor=officer)
    results = _run_twice(lambda: services.loan_disburse(loan=loan, date=DISBURSED, actor=officer))
    assert sorted(type(r).__name__ for r in results) == ["Loan", "ValidationError"]
    refused = next(r for r in results if isinstance(r, ValidationError))
    assert refused.code == "wrong_status"
    assert Loan.objects.get(pk=loan.pk).schedules.count() == 1
    assert JournalEntry.objects.filter(kind="loan_disbursement").count() == 1
