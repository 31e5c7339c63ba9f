"""The same form sent twice at the same moment posts once (PostgreSQL, real threads).

An expense locks no row, so the key's unique constraint decides; a disbursement locks its loan,
so the second request waits, finds the loan disbursed and answers with the first result.
"""
import datetime

import pytest

from books import services as books
from books.models import JournalEntry
from core.dates import today
from core.models import IdempotencyKey
from loans import services as loans
from loans.models import ScheduleVersion
from tests.factories import MemberFactory, make_rules
from tests.loans.conftest import OPEN_RULES
from tests.utils import postgres_only, run_at_once

pytestmark = [postgres_only, pytest.mark.django_db(transaction=True)]


def test_one_expense_sent_three_times_at_once_posts_once(group_a, manager):
    results = run_at_once(lambda: books.post_expense(group=group_a, date=today(), amount=15_000, memo="Teh",
                                                  actor=manager, idempotency_key="c" * 32), n=3)
    assert len({r.pk for r in results}) == 1, results
    assert JournalEntry.objects.filter(kind="expense").count() == 1
    assert IdempotencyKey.objects.count() == 1


def test_one_disbursement_sent_twice_at_once_posts_once_and_both_see_it(group_a, manager):
    make_rules(group_a, effective_from=datetime.date(2021, 1, 1), created_by=manager, **OPEN_RULES)
    member = MemberFactory(group=group_a)
    loan = loans.loan_apply(member=member, amount=1_000_000, term=10, purpose="Modal", business="Warung",
                            date=today(), actor=manager)
    loans.loan_decide(loan=loan, approved=True, date=today(), agreed_by="Rapat", actor=manager)
    results = run_at_once(lambda: loans.loan_disburse(loan=loan, date=today(), actor=manager,
                                                   idempotency_key="d" * 32))
    assert [type(r).__name__ for r in results] == ["Loan", "Loan"], results
    assert ScheduleVersion.objects.filter(loan=loan).count() == 1
    assert JournalEntry.objects.filter(kind="loan_disbursement").count() == 1
