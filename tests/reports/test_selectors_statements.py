"""Neraca, perhitungan hasil usaha and trial balance from the hand-built books."""
import datetime

import pytest

from reports.selectors.statements import financial_statements
from tests.reports.factories import build_books
from tests.utils import count_queries

pytestmark = pytest.mark.django_db
D = datetime.date


def _amounts(rows):
    return {r["account"].key: r["amount"] for r in rows if r["amount"]}


def test_income_statement_for_2024(group_a, manager):
    build_books(group_a, manager)
    income = financial_statements(group_a, start=D(2024, 1, 1), end=D(2024, 12, 31))["income_statement"]
    assert _amounts(income["income"]) == {"interest_income": 30_000, "fee_income": 6_000}
    assert _amounts(income["expense"]) == {"meeting_expense": 12_000, "savings_interest_expense": 3_000}
    assert (income["income_total"], income["expense_total"], income["surplus"]) == (36_000, 15_000, 21_000)


def test_balance_sheet_balances_with_the_surplus(group_a, manager):
    build_books(group_a, manager)
    sheet = financial_statements(group_a, start=D(2024, 1, 1), end=D(2024, 12, 31))["balance_sheet"]
    assert _amounts(sheet["assets"]) == {"cash": 1_124_000, "loans_receivable": 300_000}
    assert sheet["assets_total"] == 1_424_000
    assert sheet["liabilities_total"] == 83_000
    assert _amounts(sheet["equity"]) == {"savings_pokok": 200_000, "savings_wajib": 120_000, "grants": 1_000_000}
    assert (sheet["surplus_before"], sheet["surplus_period"]) == (0, 21_000)
    assert sheet["liabilities_and_equity_total"] == 1_424_000
    assert sheet["balanced"]


def test_earlier_surplus_is_carried_into_equity(group_a, manager):
    build_books(group_a, manager)
    sheet = financial_statements(group_a, start=D(2024, 5, 1), end=D(2024, 12, 31))["balance_sheet"]
    assert (sheet["surplus_before"], sheet["surplus_period"]) == (36_000, -15_000)
    assert sheet["balanced"]


def test_statements_take_two_queries(group_a, manager):
    """The trial balance (every account) and the income statement before the year-end closing."""
    build_books(group_a, manager)
    statements, queries = count_queries(
        lambda: financial_statements(group_a, start=D(2024, 1, 1), end=D(2024, 12, 31)))
    totals = statements["trial_balance"]["totals"]
    assert totals["balanced"]
    assert totals["debit"] == 551_000  # 2024 debits: 120,000 + 80,000 + 330,000 + 6,000 + 12,000 + 3,000
    assert queries == 2


def test_empty_books_give_zero_statements(group_b):
    statements = financial_statements(group_b, start=D(2024, 1, 1), end=D(2024, 12, 31))
    assert statements["balance_sheet"]["assets_total"] == 0
    assert statements["balance_sheet"]["balanced"]
    assert statements["income_statement"]["surplus"] == 0
