"""Savings services: worked examples with exact Rupiah, reversals, refusals and the books."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from audit.models import AuditEvent
from books.models import JournalEntry, JournalLine
from books.selectors import account_balances, trial_balance
from core.db import AppendOnlyError
from exits.selectors import settlement_for
from exits.services import member_exit
from savings.models import SavingsTransaction
from savings.selectors import member_balances, member_history_page, wajib_status_for_members
from savings.services import (
    savings_credit_interest,
    savings_deposit,
    savings_reverse,
    savings_withdraw,
)
from tests.factories import make_rules

pytestmark = pytest.mark.django_db
D = datetime.date


def test_deposit_posts_row_journal_entry_and_audit(member_a, manager):
    txn = savings_deposit(member=member_a, kind="sukarela", amount=250_000, date=D(2025, 2, 3), actor=manager)
    assert (txn.kind, txn.type, txn.amount, txn.direction) == ("sukarela", "deposit", 250_000, 1)
    lines = {(ln.account.key, ln.debit, ln.credit) for ln in txn.entry.lines.select_related("account")}
    assert lines == {("cash", 250_000, 0), ("savings_sukarela", 0, 250_000)}
    assert AuditEvent.objects.filter(action="savings.deposit", object_id=str(txn.pk)).count() == 1
    assert member_balances(member_a, as_of=D(2025, 2, 2))["sukarela"] == 0
    assert member_balances(member_a, as_of=D(2025, 2, 3))["sukarela"] == 250_000


def test_a_year_of_wajib_with_two_missed_months_shows_exact_arrears(member_a, manager):
    # Wajib Rp 10.000 a month; she joined 1 January 2025 and pays every month but April and September.
    for month in range(1, 13):
        if month not in (4, 9):
            savings_deposit(member=member_a, kind="wajib", amount=10_000, date=D(2025, month, 15), actor=manager)
    status = wajib_status_for_members([member_a], as_of=D(2025, 12, 31))[member_a.pk]
    assert (status.due, status.paid, status.arrears, status.months_behind) == (120_000, 100_000, 20_000, 2)
    # At the end of May she was one month behind.
    may = wajib_status_for_members([member_a], as_of=D(2025, 5, 31))[member_a.pk]
    assert (may.due, may.paid, may.arrears, may.months_behind) == (50_000, 40_000, 10_000, 1)


def test_wajib_due_follows_the_rules_version_of_each_month(group_a, member_a, manager):
    make_rules(group_a, effective_from=D(2025, 7, 1), created_by=manager, wajib_amount=20_000)
    status = wajib_status_for_members([member_a], as_of=D(2025, 12, 31))[member_a.pk]
    assert status.due == 6 * 10_000 + 6 * 20_000
    assert status.months_behind == 9  # 180.000 at the current 20.000 a month
    assert status.pokok_owing == 50_000


def test_no_wajib_due_after_exit_and_the_payout_is_not_arrears(member_a, manager):
    savings_deposit(member=member_a, kind="wajib", amount=30_000, date=D(2025, 3, 10), actor=manager)
    member_exit(member=member_a, date=D(2025, 3, 20), actor=manager)
    member_a.refresh_from_db()
    status = wajib_status_for_members([member_a], as_of=D(2025, 12, 31))[member_a.pk]
    assert (status.due, status.paid, status.arrears, status.pokok_owing) == (30_000, 30_000, 0, 0)


def test_pokok_is_paid_once_possibly_in_parts(member_a, manager):
    savings_deposit(member=member_a, kind="pokok", amount=20_000, date=D(2025, 1, 2), actor=manager)
    with pytest.raises(ValidationError) as exc:
        savings_deposit(member=member_a, kind="pokok", amount=50_000, date=D(2025, 1, 3), actor=manager)
    assert exc.value.error_dict["amount"][0].code == "pokok_beyond_due"
    assert "Rp 30.000" in exc.value.error_dict["amount"][0].message
    savings_deposit(member=member_a, kind="pokok", amount=30_000, date=D(2025, 1, 3), actor=manager)
    with pytest.raises(ValidationError) as exc:
        savings_deposit(member=member_a, kind="pokok", amount=1, date=D(2025, 1, 3), actor=manager)
    assert "lunas" in exc.value.error_dict["amount"][0].message
    assert wajib_status_for_members([member_a], as_of=D(2025, 1, 31))[member_a.pk].pokok_owing == 0


def test_database_refuses_update_of_posted_rows(member_a, manager):
    txn = savings_deposit(member=member_a, kind="wajib", amount=10_000, date=D(2025, 2, 1), actor=manager)
    for table in ("savings_savingstransaction", "books_journalline"):
        column = "amount" if table.startswith("savings") else "debit"
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f'UPDATE "{table}" SET "{column}" = 1')
    txn.refresh_from_db()
    assert txn.amount == 10_000


def test_withdrawal_refused_beyond_balance_and_for_pokok_or_wajib(member_a, manager):
    savings_deposit(member=member_a, kind="sukarela", amount=100_000, date=D(2025, 2, 1), actor=manager)
    savings_deposit(member=member_a, kind="wajib", amount=10_000, date=D(2025, 2, 1), actor=manager)
    with pytest.raises(ValidationError) as exc:
        savings_withdraw(member=member_a, amount=100_001, date=D(2025, 2, 2), actor=manager)
    assert exc.value.error_dict["amount"][0].code == "insufficient_balance"
    assert "Rp 100.000" in exc.value.error_dict["amount"][0].message
    savings_withdraw(member=member_a, amount=100_000, date=D(2025, 2, 2), actor=manager)
    assert member_balances(member_a, as_of=D(2025, 12, 31)) == {"pokok": 0, "wajib": 10_000, "sukarela": 0}
    assert SavingsTransaction.objects.count() == 3


def test_backdated_withdrawal_cannot_make_a_later_balance_negative(member_a, manager):
    savings_deposit(member=member_a, kind="sukarela", amount=100_000, date=D(2025, 2, 1), actor=manager)
    savings_withdraw(member=member_a, amount=80_000, date=D(2025, 3, 1), actor=manager)
    with pytest.raises(ValidationError):
        savings_withdraw(member=member_a, amount=50_000, date=D(2025, 2, 15), actor=manager)
    savings_withdraw(member=member_a, amount=20_000, date=D(2025, 2, 15), actor=manager)


@pytest.mark.parametrize(("amount", "date", "code"), [
    (0, D(2025, 2, 1), "amount_not_positive"),
    (-5, D(2025, 2, 1), "amount_not_positive"),
    (1_000, D(2024, 12, 31), "before_join"),
    (1_000, D(2099, 1, 1), "future_date"),
])
def test_bad_deposits_are_refused_and_nothing_posts(member_a, manager, amount, date, code):
    with pytest.raises(ValidationError) as exc:
        savings_deposit(member=member_a, kind="wajib", amount=amount, date=date, actor=manager)
    assert [e.code for errs in exc.value.error_dict.values() for e in errs] == [code]
    assert not JournalEntry.objects.exists() and not SavingsTransaction.objects.exists()


def test_reversal_restores_balance_and_both_rows_stay_visible(member_a, manager):
    wrong = savings_deposit(member=member_a, kind="sukarela", amount=500_000, date=D(2025, 2, 1), actor=manager)
    reversal = savings_reverse(txn=wrong, actor=manager, reason="Salah ketik: seharusnya Rp 50.000")
    assert reversal.reverses == wrong and reversal.direction == -1 and reversal.value_date == D(2025, 2, 1)
    assert member_balances(member_a, as_of=D(2025, 12, 31))["sukarela"] == 0
    history = member_history_page(member_a, page_number=1)
    assert [t.pk for t in history.object_list] == [reversal.pk, wrong.pk]
    assert [t.balance_after for t in history.object_list] == [0, 500_000]
    books = JournalEntry.objects.filter(group=member_a.group).order_by("id")
    assert [e.kind for e in books] == ["savings_deposit", "reversal"]
    assert account_balances(member_a.group, as_of=D(2025, 12, 31))["cash"] == 0
    with pytest.raises(ValidationError) as exc:
        savings_reverse(txn=wrong, actor=manager, reason="again")
    assert exc.value.code == "already_reversed"
    with pytest.raises(ValidationError):
        savings_reverse(txn=reversal, actor=manager, reason="undo")


def test_reversal_needs_a_reason_and_cannot_overdraw(member_a, manager):
    deposit = savings_deposit(member=member_a, kind="sukarela", amount=100_000, date=D(2025, 2, 1), actor=manager)
    with pytest.raises(ValidationError):
        savings_reverse(txn=deposit, actor=manager, reason="  ")
    savings_withdraw(member=member_a, amount=60_000, date=D(2025, 2, 10), actor=manager)
    with pytest.raises(ValidationError) as exc:
        savings_reverse(txn=deposit, actor=manager, reason="Salah anggota")
    assert exc.value.error_dict["amount"][0].code == "insufficient_balance"


def test_reversal_of_a_withdrawal_gives_the_money_back(member_a, manager):
    savings_deposit(member=member_a, kind="sukarela", amount=100_000, date=D(2025, 2, 1), actor=manager)
    withdrawal = savings_withdraw(member=member_a, amount=40_000, date=D(2025, 2, 10), actor=manager)
    savings_reverse(txn=withdrawal, actor=manager, reason="Uang tidak jadi diambil")
    assert member_balances(member_a, as_of=D(2025, 2, 28))["sukarela"] == 100_000


def test_posted_rows_cannot_be_changed_or_deleted(member_a, manager):
    txn = savings_deposit(member=member_a, kind="wajib", amount=10_000, date=D(2025, 2, 1), actor=manager)
    txn.amount = 1
    with pytest.raises(AppendOnlyError):
        txn.save()
    with pytest.raises(AppendOnlyError):
        txn.delete()
    with pytest.raises(AppendOnlyError):
        SavingsTransaction.objects.filter(pk=txn.pk).update(amount=1)
    with pytest.raises(AppendOnlyError):
        SavingsTransaction.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        JournalLine.objects.filter(entry=txn.entry).update(debit=1)


def test_idempotency_key_returns_the_first_row_and_posts_once(member_a, manager):
    first = savings_deposit(member=member_a, kind="wajib", amount=10_000, date=D(2025, 2, 1), actor=manager,
                            idempotency_key="sheet-7-m1-wajib")
    again = savings_deposit(member=member_a, kind="wajib", amount=10_000, date=D(2025, 2, 1), actor=manager,
                            idempotency_key="sheet-7-m1-wajib")
    assert again.pk == first.pk
    assert SavingsTransaction.objects.count() == 1 and JournalEntry.objects.count() == 1


def test_monthly_interest_on_minimum_balance(group_a, member_a, manager):
    # 0.5 % a month on the lowest balance of January 2025: Rp 1.000.000 -> Rp 5.000.
    savings_deposit(member=member_a, kind="sukarela", amount=1_000_000, date=D(2025, 1, 1), actor=manager)
    savings_deposit(member=member_a, kind="sukarela", amount=500_000, date=D(2025, 1, 10), actor=manager)
    savings_withdraw(member=member_a, amount=300_000, date=D(2025, 1, 20), actor=manager)
    [row] = savings_credit_interest(group=group_a, period_end=D(2025, 1, 31), actor=manager)
    assert (row.member_id, row.type, row.amount, row.value_date) == (member_a.pk, "interest", 5_000, D(2025, 1, 31))
    balances = account_balances(group_a, as_of=D(2025, 1, 31))
    assert balances["savings_interest_expense"] == 5_000 and balances["savings_sukarela"] == 1_205_000
    with pytest.raises(ValidationError) as exc:
        savings_credit_interest(group=group_a, period_end=D(2025, 1, 31), actor=manager)
    assert exc.value.code == "already_credited"


def test_monthly_interest_on_average_balance(group_a, member_a, manager):
    make_rules(group_a, effective_from=D(2025, 1, 1), created_by=manager, sukarela_interest_rate=Decimal("0.5"),
               sukarela_interest_basis="average")
    savings_deposit(member=member_a, kind="sukarela", amount=1_000_000, date=D(2025, 1, 1), actor=manager)
    savings_deposit(member=member_a, kind="sukarela", amount=500_000, date=D(2025, 1, 10), actor=manager)
    savings_withdraw(member=member_a, amount=300_000, date=D(2025, 1, 20), actor=manager)
    # (1.000.000 x 9 days + 1.500.000 x 10 + 1.200.000 x 12) / 31 = 1.238.709,68; x 0,5 % = 6.193,55 -> 6.194
    [row] = savings_credit_interest(group=group_a, period_end=D(2025, 1, 31), actor=manager)
    assert row.amount == 6_194


def test_yearly_interest_sums_the_months_and_rounds_once(group_a, member_a, manager):
    make_rules(group_a, effective_from=D(2025, 1, 1), created_by=manager, sukarela_interest_rate=Decimal("0.25"),
               sukarela_interest_schedule="yearly", sukarela_interest_basis="minimum")
    savings_deposit(member=member_a, kind="sukarela", amount=333_333, date=D(2025, 1, 1), actor=manager)
    savings_deposit(member=member_a, kind="sukarela", amount=100_000, date=D(2025, 7, 15), actor=manager)
    # Jan–Jul minimum 333.333 (7 months), Aug–Dec 433.333 (5 months):
    # 0,25 % x (333.333 x 7 + 433.333 x 5) = 0,25 % x 4.499.996 = 11.249,99 -> 11.250
    [row] = savings_credit_interest(group=group_a, period_end=D(2025, 12, 31), actor=manager)
    assert row.amount == 11_250
    # A year overlapping the one credited is refused; once reversed it may be credited again.
    with pytest.raises(ValidationError) as exc:
        savings_credit_interest(group=group_a, period_end=D(2026, 1, 31), actor=manager)
    assert exc.value.code == "already_credited"
    savings_reverse(txn=row, actor=manager, reason="Periode salah")
    [again] = savings_credit_interest(group=group_a, period_end=D(2025, 12, 31), actor=manager)
    assert again.amount == 11_250


def test_interest_only_on_a_month_end(group_a, member_a, manager):
    with pytest.raises(ValidationError):
        savings_credit_interest(group=group_a, period_end=D(2025, 1, 30), actor=manager)


def test_exit_settlement_pays_out_every_kind_in_one_step(member_a, manager):
    savings_deposit(member=member_a, kind="pokok", amount=50_000, date=D(2025, 1, 5), actor=manager)
    for month in range(1, 7):
        savings_deposit(member=member_a, kind="wajib", amount=10_000, date=D(2025, month, 5), actor=manager)
    savings_deposit(member=member_a, kind="sukarela", amount=400_000, date=D(2025, 3, 5), actor=manager)
    savings_withdraw(member=member_a, amount=150_000, date=D(2025, 4, 5), actor=manager)
    preview = settlement_for(member_a, on=D(2025, 6, 30))
    assert preview.balances == {"pokok": 50_000, "wajib": 60_000, "sukarela": 250_000}
    settlement = member_exit(member=member_a, date=D(2025, 6, 30), actor=manager)
    assert settlement.payout == 360_000
    member_a.refresh_from_db()
    assert member_a.exited_on == D(2025, 6, 30)
    assert member_a.memberships.get().left_on == D(2025, 6, 30)
    assert member_balances(member_a, as_of=D(2025, 6, 30)) == {"pokok": 0, "wajib": 0, "sukarela": 0}
    exits = JournalEntry.objects.filter(kind="exit_settlement", reference=f"exit-{member_a.pk}")
    assert exits.count() == 3
    books = account_balances(member_a.group, as_of=D(2025, 6, 30))
    assert books["cash"] == 0 and books["savings_pokok"] == 0 and books["savings_sukarela"] == 0
    with pytest.raises(ValidationError):
        savings_deposit(member=member_a, kind="wajib", amount=10_000, date=D(2025, 6, 30), actor=manager)
    with pytest.raises(ValidationError):
        member_exit(member=member_a, date=D(2025, 7, 1), actor=manager)
    rows, totals = trial_balance(member_a.group, start=D(2025, 1, 1), end=D(2025, 12, 31))
    assert totals["balanced"]


def test_exit_is_refused_before_later_rows(member_a, manager):
    savings_deposit(member=member_a, kind="wajib", amount=10_000, date=D(2025, 5, 5), actor=manager)
    with pytest.raises(ValidationError):
        member_exit(member=member_a, date=D(2025, 4, 30), actor=manager)
    member_a.refresh_from_db()
    assert member_a.exited_on is None
