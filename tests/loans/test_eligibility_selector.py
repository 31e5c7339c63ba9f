"""Eligibility per rule, through the selector: facts come from meetings, savings and loans."""
import datetime

import pytest

from loans import services
from loans.selectors import eligibility_for_members
from meetings.models import Attendance, Meeting
from savings.services import savings_deposit
from tests.factories import GroupFactory, MemberFactory, make_rules
from tests.utils import count_queries

from .conftest import disburse_loan

pytestmark = pytest.mark.django_db

ON = datetime.date(2024, 7, 1)
LENIENT = dict(loan_min_attendance_rate=0, loan_require_wajib_current=False, loan_min_membership_months=0,
               loan_require_no_arrears=False, loan_max_concurrent=3, loan_terms="5,10,12")


@pytest.fixture
def rules_group(manager):
    def make(**overrides):
        group = GroupFactory()
        make_rules(group, created_by=manager, **{**LENIENT, **overrides})
        return group
    return make


def check(member, key, on=ON):
    result = eligibility_for_members([member], on=on)[member.pk]
    return next(c for c in result.checks if c.key == key), result


def test_membership_months(rules_group):
    group = rules_group(loan_min_membership_months=3)
    newcomer = MemberFactory(group=group, joined_on=datetime.date(2024, 5, 1))
    veteran = MemberFactory(group=group, joined_on=datetime.date(2024, 4, 1))
    assert check(newcomer, "membership")[0].passed is False
    assert check(newcomer, "membership")[1].max_amount == 0
    assert check(veteran, "membership")[0].passed is True


def _meetings(group, manager, n, *, status="submitted"):
    return [Meeting.objects.create(group=group, date=ON - datetime.timedelta(days=30 * (i + 1)), status=status,
                                   created_by=manager) for i in range(n)]


def test_attendance_over_the_last_n_held_meetings(rules_group, manager):
    group = rules_group(loan_min_attendance_rate=75, loan_attendance_window=4)
    member = MemberFactory(group=group)
    meetings = _meetings(group, manager, 6)
    draft = Meeting.objects.create(group=group, date=ON, status="draft", created_by=manager)
    Attendance.objects.create(meeting=draft, member=member, status="absent")
    # The last four held meetings: present, represented, absent, present → 3 of 4 (75 %).
    for meeting, status in zip(meetings[:4], ["present", "represented", "absent", "present"], strict=True):
        Attendance.objects.create(meeting=meeting, member=member, status=status)
    passed, _result = check(member, "attendance")
    assert passed.passed is True
    Attendance.objects.filter(member=member, meeting=meetings[0]).delete()
    assert check(member, "attendance")[0].passed is False  # 2 of 4


def test_wajib_must_be_up_to_date(rules_group, manager):
    group = rules_group(loan_require_wajib_current=True, wajib_amount=10_000)
    member = MemberFactory(group=group, joined_on=datetime.date(2024, 4, 1))
    assert check(member, "wajib_current")[0].passed is False  # April–July unpaid
    savings_deposit(member=member, kind="wajib", amount=40_000, date=ON, actor=manager)
    assert check(member, "wajib_current")[0].passed is True


def test_ceiling_as_a_multiple_of_savings(rules_group, manager):
    group = rules_group(loan_max_savings_multiple=3, loan_max_amount=5_000_000)
    member = MemberFactory(group=group)
    savings_deposit(member=member, kind="pokok", amount=50_000, date=ON, actor=manager)
    savings_deposit(member=member, kind="sukarela", amount=250_000, date=ON, actor=manager)
    assert eligibility_for_members([member], on=ON)[member.pk].max_amount == 900_000


def test_no_arrears_on_another_loan(rules_group, manager):
    group = rules_group(loan_require_no_arrears=True)
    member = MemberFactory(group=group)
    disburse_loan(member, manager, amount=500_000, term=5, date=datetime.date(2024, 1, 15))
    assert check(member, "no_arrears")[0].passed is False  # nothing paid since February


def test_loans_at_once(rules_group, manager):
    group = rules_group(loan_max_concurrent=1)
    member = MemberFactory(group=group)
    assert check(member, "concurrent")[0].passed is True
    services.loan_apply(member=member, amount=500_000, term=5, purpose="Modal", business="Kue", date=ON,
                        actor=manager)
    assert check(member, "concurrent")[0].passed is False


def test_exited_member_is_not_eligible(rules_group):
    group = rules_group()
    member = MemberFactory(group=group, exited_on=datetime.date(2024, 6, 1))
    assert check(member, "active_member")[0].passed is False


def test_queries_do_not_grow_with_members(rules_group, manager):
    group = rules_group(loan_min_attendance_rate=50, loan_require_wajib_current=True)
    _meetings(group, manager, 3)
    few = MemberFactory.create_batch(2, group=group)
    _, q_few = count_queries(lambda: eligibility_for_members(few, on=ON))
    many = few + MemberFactory.create_batch(10, group=group)
    _, q_many = count_queries(lambda: eligibility_for_members(many, on=ON))
    assert q_few == q_many
