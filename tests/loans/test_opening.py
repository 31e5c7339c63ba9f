"""Loans outstanding at the cut-over (loans.opening, loans.services.loans_open_outstanding), in exact Rupiah.

Rp 2.000.000 over 10 months, flat 2 % a month, disbursed 13 Aug 2024: each instalment is
Rp 200.000 principal + Rp 40.000 interest, due on the 13th from Sep 2024. By the cut-over on
31 Dec 2024 she had paid Rp 700.000 principal and Rp 160.000 interest: instalments 1-3 in full,
and of instalment 4 (due 13 Dec) its interest and half its principal. Rp 100.000 is in arrears
and Rp 1.300.000 of principal is still owed.
"""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils import translation

from audit.models import AuditEvent
from books.models import JournalEntry, JournalLine
from loans.models import Loan, LoanStatus, Repayment
from loans.opening import OpeningLoan, arrears_at, fully_paid_count, paid_parts, schedule_for
from loans.positions import days_past_due_by_loan, loan_position, outstanding_principal_by_loan
from loans.services import loan_repay, loans_open_outstanding
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
D = datetime.date
CUT_OVER = D(2024, 12, 31)


@pytest.fixture
def siti(lgroup):
    return MemberFactory(code="A-001", group=lgroup, full_name="Siti", joined_on=D(2020, 1, 1))


def _item(member, **overrides):
    values = dict(member=member, disbursed_on=D(2024, 8, 13), amount=2_000_000, term=10, method="flat",
                  rate=Decimal("2"), cut_over=CUT_OVER, principal_paid=700_000, interest_paid=160_000)
    values.update(overrides)
    return OpeningLoan(**values)


def _balance(group, key):
    sums = JournalLine.objects.filter(entry__group=group, account__key=key).aggregate(d=Sum("debit"), c=Sum("credit"))
    return (sums["d"] or 0) - (sums["c"] or 0)


def test_amounts_paid_spread_over_each_component_oldest_first(siti, lgroup):
    schedule = schedule_for(_item(siti), lgroup.rules.first())
    parts = paid_parts(schedule, principal_paid=700_000, interest_paid=160_000)
    assert parts == [(1, "principal", 200_000), (1, "interest", 40_000), (2, "principal", 200_000),
                     (2, "interest", 40_000), (3, "principal", 200_000), (3, "interest", 40_000),
                     (4, "principal", 100_000), (4, "interest", 40_000)]
    assert fully_paid_count(schedule, parts) == 3
    assert arrears_at(schedule, parts, CUT_OVER) == 100_000
    assert arrears_at(schedule, parts, D(2025, 1, 13)) == 340_000


def test_a_partly_paid_loan_in_arrears_comes_in_with_its_position_and_books(siti, lgroup, manager):
    [loan] = loans_open_outstanding(openings=[_item(siti, purpose="Modal rakik maco")], actor=manager)
    loan = Loan.objects.get(pk=loan.pk)
    assert (loan.status, loan.amount, loan.disbursed_on, loan.purpose, loan.rescheduled) == (
        LoanStatus.ACTIVE, 2_000_000, D(2024, 8, 13), "Modal rakik maco", False)
    states = loan_position(loan, as_of=CUT_OVER).instalments
    assert [(s.principal_paid, s.interest_paid) for s in states[:5]] == [
        (200_000, 40_000), (200_000, 40_000), (200_000, 40_000), (100_000, 40_000), (0, 0)]
    assert outstanding_principal_by_loan(Loan.objects.all(), as_of=CUT_OVER) == {loan.pk: 1_300_000}
    assert days_past_due_by_loan(Loan.objects.all(), as_of=CUT_OVER) == {loan.pk: 18}
    assert Repayment.objects.get().amount == 860_000
    assert _balance(lgroup, "loans_receivable") == 1_300_000
    assert _balance(lgroup, "opening_equity") == -1_300_000
    assert _balance(lgroup, "cash") == 0 and _balance(lgroup, "interest_income") == 0
    assert set(JournalEntry.objects.values_list("kind", "date")) == {("opening", CUT_OVER)}
    assert AuditEvent.objects.filter(action="loans.opening", object_id=str(loan.pk)).count() == 1


def test_after_the_cut_over_the_arrears_are_paid_like_any_other(siti, lgroup, manager):
    [loan] = loans_open_outstanding(openings=[_item(siti)], actor=manager)
    loan_repay(loan=loan, amount=100_000, date=D(2025, 1, 10), actor=manager)
    assert outstanding_principal_by_loan(Loan.objects.all(), as_of=D(2025, 1, 10)) == {loan.pk: 1_200_000}
    assert days_past_due_by_loan(Loan.objects.all(), as_of=D(2025, 1, 10)) == {}
    assert _balance(lgroup, "cash") == 100_000


def test_interest_paid_without_principal_still_balances(siti, lgroup, manager):
    [loan] = loans_open_outstanding(openings=[_item(siti, principal_paid=0, interest_paid=40_000,
                                                    cut_over=D(2024, 9, 30))], actor=manager)
    states = loan_position(loan, as_of=D(2024, 9, 30)).instalments
    assert (states[0].principal_paid, states[0].interest_paid) == (0, 40_000)
    assert _balance(lgroup, "loans_receivable") == 2_000_000 and _balance(lgroup, "opening_equity") == -2_000_000


def test_a_rescheduled_loan_comes_in_flagged(siti, manager):
    [loan] = loans_open_outstanding(openings=[_item(siti, rescheduled=True, principal_paid=0, interest_paid=0)],
                                    actor=manager)
    assert Loan.objects.get(pk=loan.pk).rescheduled is True
    assert not Repayment.objects.exists()


@pytest.mark.parametrize(("overrides", "text"), [
    ({"principal_paid": 2_000_001}, "more than the loan's principal"),
    ({"interest_paid": 400_100}, "more than the schedule's interest"),
    ({"principal_paid": 2_000_000, "interest_paid": 400_000}, "every instalment is paid"),
    ({"cut_over": D(2024, 8, 1)}, "cut-over date must be after the disbursement"),
    ({"disbursed_on": D(2019, 8, 13)}, "disbursed before she joined the group"),
])
def test_impossible_loans_are_refused_and_nothing_is_written(siti, manager, overrides, text):
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        loans_open_outstanding(openings=[_item(siti, disbursed_on=D(2024, 7, 13)), _item(siti, **overrides)],
                               actor=manager)
    assert text in exc.value.messages[0]
    assert not Loan.objects.exists() and not JournalEntry.objects.exists()


def test_the_same_loan_twice_is_refused(siti, manager):
    loans_open_outstanding(openings=[_item(siti)], actor=manager)
    with pytest.raises(ValidationError) as exc:
        loans_open_outstanding(openings=[_item(siti)], actor=manager)
    assert exc.value.code == "loan_exists" and Loan.objects.count() == 1
