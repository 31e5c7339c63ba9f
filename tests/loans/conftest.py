"""Fixtures for loan tests: a group whose rules let a member borrow without history to set up."""
import datetime

import pytest

from accounts.models import User
from loans import services
from tests.factories import GroupFactory, MemberFactory, UserFactory, make_rules

DISBURSED = datetime.date(2024, 1, 15)

# Rules that only judge the loan itself, so scenarios need no savings or meeting history. Their
# worked examples fall due monthly to the day from the disbursement (``loan_due_at="monthly"``);
# the schedules on the meeting calendar have their own (tests/loans/test_calendar_schedule.py).
OPEN_RULES = dict(loan_due_at="monthly",
                  loan_min_attendance_rate=0, loan_require_wajib_current=False, loan_min_membership_months=0,
                  loan_interest_method="flat", loan_interest_rate="2", loan_terms="5,10,12", loan_rounding=100,
                  loan_admin_fee_type="percent", loan_admin_fee_value="1", loan_admin_fee_deducted=True)


@pytest.fixture
def officer(db):
    return UserFactory(username="officer", role=User.Role.FIELD_OFFICER)


@pytest.fixture
def lgroup(db, manager):
    group = GroupFactory(name="Mawar", code="PDG-010")
    make_rules(group, created_by=manager, **OPEN_RULES)
    return group


@pytest.fixture
def borrower(lgroup):
    return MemberFactory(group=lgroup, full_name="Nurhayati")


def disburse_loan(member, actor, *, amount=1_000_000, term=10, date=DISBURSED):
    """Apply, decide and disburse a loan through the services; return it fresh from the database."""
    loan = services.loan_apply(member=member, amount=amount, term=term, purpose="Modal usaha",
                               business="Rakik maco", date=date, actor=actor)
    services.loan_decide(loan=loan, approved=True, date=date, agreed_by="Rapat anggota", actor=actor)
    return services.loan_disburse(loan=loan, date=date, actor=actor)


@pytest.fixture
def loan(borrower, officer):
    return disburse_loan(borrower, officer)


@pytest.fixture
def open_group_a(group_a, manager):
    """group_a with rules that let any member borrow (no savings or meeting history needed)."""
    make_rules(group_a, effective_from=datetime.date(2021, 1, 1), created_by=manager, **OPEN_RULES)
    return group_a


@pytest.fixture
def loan_a(open_group_a, manager):
    """A loan disbursed in group_a today, recorded by the manager."""
    from core.dates import today

    member = MemberFactory(group=open_group_a, full_name="Rosnida")
    return disburse_loan(member, manager, date=today())
