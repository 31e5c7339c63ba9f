"""Member statements read every loan's position in a fixed number of queries."""
import datetime

import pytest

from loans import services
from reports.selectors.statement import member_statements
from tests.factories import MemberFactory, make_rules
from tests.loans.conftest import OPEN_RULES, disburse_loan
from tests.utils import count_queries

pytestmark = pytest.mark.django_db
D = datetime.date
PERIOD = {"start": D(2024, 1, 1), "end": D(2024, 12, 31)}


def _borrower(group, actor, name, loans):
    """A member with ``loans`` loans of 500,000 / 5 months in 2024, each paid off before the next."""
    member = MemberFactory(group=group, full_name=name, joined_on=D(2020, 1, 1))
    for i in range(loans):
        loan = disburse_loan(member, actor, amount=500_000, term=5, date=D(2024, 1 + 2 * i, 10))
        if i < loans - 1:
            services.loan_repay(loan=loan, amount=550_000, date=D(2024, 2 + 2 * i, 10), actor=actor)
    return member


@pytest.fixture
def rules(group_a, manager):
    make_rules(group_a, effective_from=D(2021, 1, 1), created_by=manager, **OPEN_RULES)
    return group_a


def test_query_count_is_the_same_for_one_loan_and_five(rules, manager):
    one = _borrower(rules, manager, "Rosmaniar", 1)
    five = _borrower(rules, manager, "Yusnimar", 5)
    statements, with_one = count_queries(lambda: member_statements([one], **PERIOD))
    assert len(statements[0].loans) == 1
    statements, with_five = count_queries(lambda: member_statements([five], **PERIOD))
    # Four paid off (principal 0) and the last, disbursed 10 Sep, with 500,000 outstanding at the end.
    assert [p.outstanding_principal for p in statements[0].loans] == [0, 0, 0, 0, 500_000]
    assert statements[0].overdue_total == 330_000  # Oct, Nov, Dec: 3 × (100,000 + 10,000)
    assert with_one == with_five


def test_query_count_for_a_whole_group_does_not_grow_with_members_or_loans(rules, manager):
    first = [_borrower(rules, manager, "Rosmaniar", 1)]
    _, few = count_queries(lambda: member_statements(first, **PERIOD))
    more = first + [_borrower(rules, manager, f"Anggota {i}", 3) for i in range(4)]
    statements, many = count_queries(lambda: member_statements(more, **PERIOD))
    assert [len(s.loans) for s in statements] == [1, 3, 3, 3, 3]
    assert few == many
