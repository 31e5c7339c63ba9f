"""The month-end loss reserve in the books: a worked example of an LKM under POJK 41/2024.

Three loans of group Mawar (an LKM), disbursed 15 January 2025 at 2 % flat over 10 months (principal
a tenth a month): Aisyah (Rp 1.000.000) pays every instalment when due, Betty (Rp 2.000.000) pays
nothing, Cici (Rp 3.000.000) pays the first two instalments. The days past due are counted from the
instalments' own due dates, so the example holds whichever day of the month they fall on.

At 30 June 2025: Aisyah is Lancar (0 %), Betty about 135 days late is Diragukan (50 % of
Rp 2.000.000 = Rp 1.000.000), Cici about 76 days late is Dalam perhatian khusus (5 % of
Rp 2.400.000 = Rp 120.000): Rp 1.120.000 required, posted Dr provision expense / Cr allowance.
At 31 July: Cici about 107 days is Kurang lancar (15 % = Rp 360.000), Betty still Diragukan:
Rp 1.360.000 required, Rp 240.000 more posted. Betty's loan written off on 5 August takes the
allowance first: Dr allowance Rp 1.360.000, Dr write-off expense Rp 640.000 / Cr loans Rp 2.000.000.
"""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from audit.models import AuditEvent
from books.models import JournalEntry
from books.selectors import income_statement
from groups.regimes import LegalForm
from loans import services
from loans.models import LoanProvision, ProvisionLine
from loans.quality_selectors import allowance_in_books
from loans.services.provisions import allowance_balance
from reports.selectors.indicators import group_figures
from reports.selectors.statements import financial_statements
from tests.factories import MemberFactory
from tests.loans.conftest import disburse_loan
from tests.loans.helpers import entry_lines

D = datetime.date
JUNE, JULY, AUGUST = D(2025, 6, 30), D(2025, 7, 31), D(2025, 8, 31)


@pytest.fixture
def book(lgroup, officer, manager):
    lgroup.legal_form = LegalForm.LKM
    lgroup.save(update_fields=["legal_form"])
    start = D(2025, 1, 15)
    loans = {}
    for name, amount in (("Aisyah", 1_000_000), ("Betty", 2_000_000), ("Cici", 3_000_000)):
        loans[name] = disburse_loan(MemberFactory(group=lgroup, full_name=name), officer, amount=amount, date=start)
    for name, paid in (("Aisyah", 10), ("Cici", 2)):
        for inst in loans[name].instalments.order_by("number")[:paid]:
            if inst.due_date <= AUGUST:
                services.loan_repay(loan=loans[name], amount=inst.total, date=inst.due_date, actor=officer)
    return lgroup, loans


def _codes(exc):
    error = exc.value
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


def _dpd(loan, on, paid):
    oldest = loan.instalments.order_by("number")[paid].due_date
    return (on - oldest).days


def test_the_worked_example_holds_its_days(book):
    group, loans = book
    assert 121 <= _dpd(loans["Betty"], JUNE, 0) <= 180
    assert 11 <= _dpd(loans["Cici"], JUNE, 2) <= 90
    assert 91 <= _dpd(loans["Cici"], JULY, 2) <= 120


def test_month_end_reserve_by_class_posted_to_the_allowance(book, manager):
    group, loans = book
    june = services.loan_provision_post(group=group, month=D(2025, 6, 12), actor=manager)
    assert (june.month, june.regime, june.required, june.allowance_before, june.amount) == (
        JUNE, "pojk-41-2024", 1_120_000, 0, 1_120_000)
    lines = {line.loan.member.full_name: (line.klass, line.outstanding, line.reserve)
             for line in ProvisionLine.objects.filter(provision=june).select_related("loan__member")}
    assert lines == {"Aisyah": ("lancar", 500_000, 0), "Betty": ("diragukan", 2_000_000, 1_000_000),
                     "Cici": ("dalam_perhatian_khusus", 2_400_000, 120_000)}
    assert entry_lines(june.entry) == {("provision_expense", "D"): 1_120_000, ("loan_loss_allowance", "K"): 1_120_000}
    assert june.entry.date == JUNE
    # The reserves of the classes sum to the allowance in the books.
    assert sum(reserve for _, _, reserve in lines.values()) == allowance_balance(group, on=JUNE) == 1_120_000
    assert AuditEvent.objects.filter(action="loans.provision", group=group).count() == 1

    july = services.loan_provision_post(group=group, month=JULY, actor=manager)
    assert (july.required, july.allowance_before, july.amount) == (1_360_000, 1_120_000, 240_000)
    assert ProvisionLine.objects.get(provision=july, loan=loans["Cici"]).klass == "kurang_lancar"
    assert allowance_in_books(type(group).objects.filter(pk=group.pk), on=JULY) == 1_360_000


def test_the_statements_and_oss_include_the_provision(book, manager):
    group, _ = book
    services.loan_provision_post(group=group, month=JUNE, actor=manager)
    statement = income_statement(group, start=D(2025, 1, 1), end=JUNE)
    expenses = {row["account"].key: row["amount"] for row in statement["expense"]}
    assert expenses["provision_expense"] == 1_120_000
    position = financial_statements(group, start=D(2025, 1, 1), end=JUNE)["balance_sheet"]
    assets = {row["account"].key: row["amount"] for row in position["assets"]}
    assert assets["loan_loss_allowance"] == -1_120_000  # a contra account against loans receivable
    assert assets["loans_receivable"] == 500_000 + 2_000_000 + 2_400_000
    assert position["balanced"]
    figures = group_figures(type(group).objects.filter(pk=group.pk), start=D(2025, 1, 1), end=JUNE)[group.pk]
    assert figures["expense"] == statement["expense_total"]  # OSS's expense counts the provision
    assert figures["expense"] >= 1_120_000


def test_a_write_off_takes_the_allowance_first(book, manager):
    group, loans = book
    services.loan_provision_post(group=group, month=JUNE, actor=manager)
    services.loan_provision_post(group=group, month=JULY, actor=manager)
    write_off = services.loan_write_off(loan=loans["Betty"], date=D(2025, 8, 5), actor=manager, reason="Pindah")
    assert entry_lines(write_off.entry) == {("loan_loss_allowance", "D"): 1_360_000,
                                            ("loan_loss_expense", "D"): 640_000,
                                            ("loans_receivable", "K"): 2_000_000}
    assert allowance_balance(group, on=D(2025, 8, 5)) == 0
    august = services.loan_provision_post(group=group, month=AUGUST, actor=manager)
    # Betty's loan is gone; Cici, about 138 days late, is Diragukan: 50 % of Rp 2.400.000.
    assert (august.required, august.allowance_before, august.amount) == (1_200_000, 0, 1_200_000)
    assert not ProvisionLine.objects.filter(provision=august, loan=loans["Betty"]).exists()


def test_a_write_off_larger_than_the_allowance_uses_it_whole_and_no_more(book, manager):
    group, loans = book
    write_off = services.loan_write_off(loan=loans["Betty"], date=D(2025, 3, 1), actor=manager, reason="Pindah")
    assert entry_lines(write_off.entry) == {("loan_loss_expense", "D"): 2_000_000, ("loans_receivable", "K"): 2_000_000}


def test_the_provision_is_once_per_group_and_month(book, manager):
    group, _ = book
    first = services.loan_provision_post(group=group, month=JUNE, actor=manager)
    again = services.loan_provision_post(group=group, month=D(2025, 6, 1), actor=manager)
    assert again.pk == first.pk
    assert JournalEntry.objects.filter(group=group, kind="loan_provision").count() == 1
    unique = "loans_provision_one_per_group_month|loans_loanprovision.group_id, loans_loanprovision.month"
    with pytest.raises(IntegrityError, match=unique), transaction.atomic():
        LoanProvision.objects.create(group=group, month=JUNE, regime="pojk-41-2024", required=0, allowance_before=0,
                                     amount=0, created_by=manager)


def test_months_go_in_order_and_only_when_ended(book, manager):
    group, _ = book
    services.loan_provision_post(group=group, month=JULY, actor=manager)
    with pytest.raises(ValidationError) as exc:
        services.loan_provision_post(group=group, month=JUNE, actor=manager)
    assert _codes(exc) == {"later_provision"}
    from core.dates import today

    with pytest.raises(ValidationError) as exc:
        services.loan_provision_post(group=group, month=today().replace(day=1) + datetime.timedelta(days=40),
                                     actor=manager)
    assert _codes(exc) & {"month_not_ended", "date_out_of_range", "date_too_late"}


def test_reversal_is_linked_newest_first_and_the_month_can_be_posted_again(book, manager):
    group, _ = book
    june = services.loan_provision_post(group=group, month=JUNE, actor=manager)
    july = services.loan_provision_post(group=group, month=JULY, actor=manager)
    with pytest.raises(ValidationError) as exc:
        services.loan_provision_reverse(provision=june, actor=manager, reason="Salah")
    assert _codes(exc) == {"later_provision"}
    with pytest.raises(ValidationError):
        services.loan_provision_reverse(provision=july, actor=manager, reason=" ")
    reversed_july = services.loan_provision_reverse(provision=july, actor=manager, reason="Kelas Cici diperiksa")
    assert reversed_july.is_reversed
    assert reversed_july.reversal_entry.reverses_id == july.entry_id
    assert entry_lines(reversed_july.reversal_entry) == {("provision_expense", "K"): 240_000,
                                                         ("loan_loss_allowance", "D"): 240_000}
    assert allowance_balance(group, on=JULY) == 1_120_000
    with pytest.raises(ValidationError) as exc:
        services.loan_provision_reverse(provision=reversed_july, actor=manager, reason="Lagi")
    assert _codes(exc) == {"already_reversed"}
    again = services.loan_provision_post(group=group, month=JULY, actor=manager)
    assert again.pk != july.pk and again.amount == 240_000
    assert AuditEvent.objects.filter(action="loans.provision_reverse").count() == 1


def test_a_release_when_less_is_required(book, manager, officer):
    group, loans = book
    services.loan_provision_post(group=group, month=JUNE, actor=manager)
    # Betty pays everything she owes in July: her loan is current again.
    position_due = sum(i.total for i in loans["Betty"].instalments.filter(due_date__lte=JULY))
    services.loan_repay(loan=loans["Betty"], amount=position_due, date=D(2025, 7, 20), actor=officer)
    july = services.loan_provision_post(group=group, month=JULY, actor=manager)
    # Only Cici's Rp 360.000 (kurang lancar) is left to reserve: Rp 760.000 released.
    assert (july.required, july.amount) == (360_000, -760_000)
    assert entry_lines(july.entry) == {("loan_loss_allowance", "D"): 760_000, ("provision_expense", "K"): 760_000}
