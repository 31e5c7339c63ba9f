"""The journal: balanced entries, reversals, and no way to change posted lines."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction

from books.models import JournalEntry, JournalLine
from books.selectors import account_balances, cash_book, trial_balance
from books.services import credit, debit, journal_post, journal_reverse, post_expense, post_grant

pytestmark = pytest.mark.django_db
D = datetime.date


def test_every_group_gets_a_chart_of_accounts(group_a):
    keys = set(group_a.accounts.values_list("key", flat=True))
    assert {"cash", "savings_pokok", "savings_wajib", "savings_sukarela", "loans_receivable",
            "interest_income", "grants", "operating_expense"} <= keys


def test_grant_and_expense_move_cash_and_balance(group_a, manager):
    post_grant(group=group_a, date=D(2024, 1, 10), amount=5_000_000, memo="Dana stimulan LP2M", actor=manager)
    post_expense(group=group_a, date=D(2024, 1, 20), amount=35_000, memo="Buku kas dan pena", actor=manager,
                 account="stationery_expense")
    balances = account_balances(group_a, as_of=D(2024, 1, 31))
    assert balances["cash"] == 4_965_000
    assert balances["grants"] == 5_000_000
    assert balances["stationery_expense"] == 35_000
    assert account_balances(group_a, as_of=D(2024, 1, 15))["cash"] == 5_000_000


def test_unbalanced_entry_is_refused_and_nothing_posts(group_a, manager):
    with pytest.raises(ValidationError) as exc:
        journal_post(group=group_a, date=D(2024, 1, 1), kind="other_income", actor=manager,
                     lines=[debit("cash", 100), credit("other_income", 90)])
    assert exc.value.code == "unbalanced"
    assert not JournalEntry.objects.exists()


def test_negative_amount_is_refused(group_a, manager):
    with pytest.raises(ValidationError):
        post_expense(group=group_a, date=D(2024, 1, 1), amount=-5, memo="x", actor=manager)


def test_reversal_restores_balances_and_both_entries_stay(group_a, manager):
    entry = post_grant(group=group_a, date=D(2024, 2, 1), amount=1_000_000, memo="Hibah", actor=manager)
    reversal = journal_reverse(entry=entry, actor=manager, reason="Salah catat: hibah belum diterima")
    assert account_balances(group_a, as_of=D(2024, 12, 31))["cash"] == 0
    assert set(JournalEntry.objects.values_list("id", flat=True)) == {entry.pk, reversal.pk}
    assert reversal.reverses == entry and reversal.reason.startswith("Salah catat")
    with pytest.raises(ValidationError) as exc:
        journal_reverse(entry=entry, actor=manager, reason="again")
    assert exc.value.code == "already_reversed"


def test_reversal_needs_a_reason(group_a, manager):
    entry = post_grant(group=group_a, date=D(2024, 2, 1), amount=1_000, memo="Hibah", actor=manager)
    with pytest.raises(ValidationError):
        journal_reverse(entry=entry, actor=manager, reason="  ")


def test_posted_lines_cannot_be_changed_through_the_orm(group_a, manager):
    entry = post_grant(group=group_a, date=D(2024, 2, 1), amount=1_000, memo="Hibah", actor=manager)
    line = entry.lines.first()
    line.debit = 5
    with pytest.raises(ValidationError):
        line.save()
    with pytest.raises(ValidationError):
        line.delete()
    with pytest.raises(ValidationError):
        JournalLine.objects.filter(entry=entry).update(debit=1)
    with pytest.raises(ValidationError):
        JournalEntry.objects.all().delete()


def test_database_refuses_update_of_a_posted_line(group_a, manager):
    entry = post_grant(group=group_a, date=D(2024, 2, 1), amount=1_000, memo="Hibah", actor=manager)
    with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic(), connection.cursor() as cur:
        cur.execute("UPDATE books_journalline SET debit = 1 WHERE entry_id = %s", [entry.pk])


def test_database_refuses_a_line_with_both_sides(group_a, manager):
    entry = post_grant(group=group_a, date=D(2024, 2, 1), amount=1_000, memo="Hibah", actor=manager)
    with pytest.raises(IntegrityError), transaction.atomic():
        JournalLine.objects.create(entry=entry, account=group_a.accounts.get(key="cash"), debit=5, credit=5)


def test_trial_balance_and_cash_book(group_a, manager):
    post_grant(group=group_a, date=D(2024, 1, 5), amount=2_000_000, memo="Dana stimulan", actor=manager)
    post_expense(group=group_a, date=D(2024, 2, 5), amount=50_000, memo="Konsumsi rapat", actor=manager,
                 account="meeting_expense")
    post_expense(group=group_a, date=D(2024, 2, 9), amount=20_000, memo="ATK", actor=manager)
    rows, totals = trial_balance(group_a, start=D(2024, 2, 1), end=D(2024, 2, 29))
    assert totals["balanced"] and totals["debit"] == 70_000
    cash = next(r for r in rows if r["account"].key == "cash")
    assert (cash["opening"], cash["credit"], cash["closing"]) == (2_000_000, 70_000, 1_930_000)
    book = cash_book(group_a, start=D(2024, 2, 1), end=D(2024, 2, 29))
    assert book["opening"] == 2_000_000
    assert [r["balance"] for r in book["rows"]] == [1_950_000, 1_930_000]
    assert book["closing"] == 1_930_000
