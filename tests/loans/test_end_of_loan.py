"""Rescheduling, write-off and recovery, and tanggung renteng covers, with exact Rupiah."""
import datetime

import pytest
from django.core.exceptions import ValidationError

from loans import services
from loans.models import Instalment, LoanStatus, Repayment
from loans.positions import days_past_due_by_loan, loan_position, portfolio
from loans.selectors import cover_outstanding, cover_outstanding_for_members, dues_for_members, member_amount_owed
from tests.factories import MemberFactory, make_rules

from .conftest import OPEN_RULES
from .helpers import entry_lines

pytestmark = pytest.mark.django_db

D = datetime.date


def test_rescheduling_spreads_the_remaining_principal_and_keeps_the_old_schedule(loan, officer):
    services.loan_repay(loan=loan, amount=360_000, date=D(2024, 4, 15), actor=officer)
    assert days_past_due_by_loan([loan.pk], as_of=D(2024, 6, 20)) == {loan.pk: 36}
    version = services.loan_reschedule(loan=loan, term=5, date=D(2024, 6, 20), actor=officer,
                                       reason="Usaha terkena banjir")
    assert (version.version, version.principal) == (2, 700_000)
    new = list(Instalment.objects.filter(schedule=version).order_by("number"))
    assert [(i.principal, i.interest) for i in new] == [(140_000, 14_000)] * 5
    assert new[0].due_date == D(2024, 7, 20)
    assert Instalment.objects.filter(loan=loan).count() == 15  # the first schedule is kept
    loan.refresh_from_db()
    assert loan.rescheduled
    assert days_past_due_by_loan([loan.pk], as_of=D(2024, 6, 21)) == {}
    row = portfolio(type(loan).objects.filter(pk=loan.pk), as_of=D(2024, 6, 21))[0]
    assert (row["outstanding"], row["dpd"], row["rescheduled"]) == (700_000, 0, True)
    repayment = services.loan_repay(loan=loan, amount=154_000, date=D(2024, 7, 20), actor=officer)
    assert entry_lines(repayment.entry)[("loans_receivable", "K")] == 140_000


def test_write_off_then_recovery(loan, officer):
    services.loan_repay(loan=loan, amount=240_000, date=D(2024, 3, 15), actor=officer)
    write_off = services.loan_write_off(loan=loan, date=D(2024, 12, 31), actor=officer, reason="Pindah ke Riau")
    assert write_off.principal == 800_000
    assert entry_lines(write_off.entry) == {("loan_loss_expense", "D"): 800_000, ("loans_receivable", "K"): 800_000}
    assert loan_position(loan, as_of=D(2024, 12, 31)).outstanding_principal == 0
    assert loan_position(loan, as_of=D(2024, 12, 30)).outstanding_principal == 800_000
    recovery = services.loan_recover(loan=loan, amount=200_000, date=D(2025, 3, 1), actor=officer)
    assert entry_lines(recovery.entry) == {("cash", "D"): 200_000, ("recovery_income", "K"): 200_000}
    with pytest.raises(ValidationError) as exc:
        services.loan_recover(loan=loan, amount=600_001, date=D(2025, 4, 1), actor=officer)
    assert "amount" in exc.value.message_dict
    services.loan_recover(loan=loan, amount=600_000, date=D(2025, 4, 1), actor=officer)
    loan.refresh_from_db()
    assert loan.status == LoanStatus.WRITTEN_OFF
    with pytest.raises(ValidationError):
        services.loan_repay(loan=loan, amount=1_000, date=D(2025, 5, 1), actor=officer)


def test_group_fund_covers_an_instalment_and_she_pays_it_back(loan, officer, borrower):
    cover = services.loan_cover(loan=loan, amount=120_000, date=D(2024, 2, 15), actor=officer)
    assert cover.kind == Repayment.Kind.COVER and cover.coverer is None
    assert entry_lines(cover.entry) == {
        ("cover_receivable", "D"): 120_000, ("loans_receivable", "K"): 100_000, ("interest_income", "K"): 20_000}
    assert days_past_due_by_loan([loan.pk], as_of=D(2024, 2, 20)) == {}  # the institution was paid
    assert member_amount_owed(borrower, as_of=D(2024, 2, 20)) == 900_000 + 120_000
    payback = services.cover_payback(cover=cover, amount=50_000, date=D(2024, 3, 15), actor=officer)
    assert entry_lines(payback.entry) == {("cash", "D"): 50_000, ("cover_receivable", "K"): 50_000}
    assert cover_outstanding(cover, as_of=D(2024, 3, 15)) == 70_000
    with pytest.raises(ValidationError) as exc:
        services.cover_payback(cover=cover, amount=70_001, date=D(2024, 4, 15), actor=officer)
    assert "amount" in exc.value.message_dict
    services.cover_payback(cover=cover, amount=70_000, date=D(2024, 4, 15), actor=officer)
    assert cover_outstanding(cover, as_of=D(2024, 4, 15)) == 0


def test_named_member_covers_with_cash_and_is_paid_back_outside_the_books(loan, officer, lgroup):
    neighbour = MemberFactory(group=lgroup, full_name="Yusnimar")
    cover = services.loan_cover(loan=loan, amount=120_000, date=D(2024, 2, 15), actor=officer, coverer=neighbour)
    assert entry_lines(cover.entry) == {
        ("cash", "D"): 120_000, ("loans_receivable", "K"): 100_000, ("interest_income", "K"): 20_000}
    payback = services.cover_payback(cover=cover, amount=120_000, date=D(2024, 3, 15), actor=officer)
    assert payback.entry is None


def test_cover_pays_only_what_is_due(loan, officer):
    with pytest.raises(ValidationError) as exc:
        services.loan_cover(loan=loan, amount=240_000, date=D(2024, 2, 15), actor=officer)
    assert exc.value.error_dict["amount"][0].code == "cover_above_due"


def test_no_cover_without_joint_liability(lgroup, borrower, officer, manager):
    from .conftest import disburse_loan

    make_rules(lgroup, effective_from=D(2023, 6, 1), created_by=manager,
               **{**OPEN_RULES, "loan_joint_liability": False})
    loan = disburse_loan(borrower, officer)
    with pytest.raises(ValidationError) as exc:
        services.loan_cover(loan=loan, amount=120_000, date=D(2024, 2, 15), actor=officer)
    assert exc.value.code == "no_joint_liability"


def test_dues_for_members_for_the_meeting_sheet(loan, officer, borrower):
    services.loan_repay(loan=loan, amount=50_000, date=D(2024, 2, 15), actor=officer)
    dues = dues_for_members([borrower.pk], on=D(2024, 3, 10))[borrower.pk]
    assert (dues.overdue, dues.instalment_due, dues.penalty) == (70_000, 120_000, 0)
    assert dues.total == 190_000 and [d.loan_id for d in dues.loans] == [loan.pk]


def test_amount_owed_to_the_institution_leaves_out_covers_by_a_member(loan, officer, borrower, lgroup):
    neighbour = MemberFactory(group=lgroup, full_name="Yusnimar")
    services.loan_cover(loan=loan, amount=120_000, date=D(2024, 2, 15), actor=officer, coverer=neighbour)
    assert member_amount_owed(borrower, as_of=D(2024, 2, 20)) == 900_000
    assert cover_outstanding_for_members([borrower.pk], as_of=D(2024, 2, 20)) == {borrower.pk: 120_000}
