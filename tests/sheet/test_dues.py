import datetime

import pytest

from sheet.selectors import loan_dues_on
from tests.factories import MemberFactory, make_rules
from tests.loans.conftest import OPEN_RULES, disburse_loan

pytestmark = pytest.mark.django_db
DAY = datetime.date(2024, 5, 14)


@pytest.fixture
def open_rules(group_a, manager):
    make_rules(group_a, effective_from=datetime.date(2021, 1, 1), created_by=manager, **OPEN_RULES)


def test_instalment_due_on_the_meeting_day_is_owed_at_it(group_a, open_rules, manager):
    member = MemberFactory(group=group_a, joined_on=datetime.date(2023, 1, 1))
    loan = disburse_loan(member, manager, amount=1_000_000, term=10, date=datetime.date(2024, 4, 14))
    assert loan_dues_on([member.pk], on=DAY) == {member.pk: {loan.pk: 120_000}}  # 100.000 + 2 % flat
    assert loan_dues_on([member.pk], on=DAY - datetime.timedelta(days=1)) == {}  # not yet due the day before


def test_nothing_owed_before_the_first_due_date(group_a, open_rules, manager):
    member = MemberFactory(group=group_a, joined_on=datetime.date(2023, 1, 1))
    disburse_loan(member, manager, amount=500_000, term=5, date=datetime.date(2024, 5, 1))
    assert loan_dues_on([member.pk], on=DAY) == {}
