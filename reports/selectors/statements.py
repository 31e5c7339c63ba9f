"""The group's financial statements for a period, all from one trial balance of its books.

* Neraca (balance sheet) at the period end: assets = liabilities + equity, where equity includes
  the surplus not yet closed into an account (income − expense of earlier periods and of this one).
* Perhitungan hasil usaha (income statement): income and expense movements of the period.
* Trial balance (neraca saldo): opening, debit, credit and closing of every account.
"""
from books.models import AccountType
from books.selectors import trial_balance


def financial_statements(group, *, start, end):
    """Return the neraca, income statement and trial balance of ``group`` for [start, end] (one query)."""
    rows, totals = trial_balance(group, start=start, end=end)
    by_type = {t: [r for r in rows if r["account"].type == t] for t in AccountType.values}

    def movement(r):
        return r["closing"] - r["opening"]

    income = [{"account": r["account"], "amount": movement(r)} for r in by_type[AccountType.INCOME]]
    expense = [{"account": r["account"], "amount": movement(r)} for r in by_type[AccountType.EXPENSE]]
    income_total = sum(r["amount"] for r in income)
    expense_total = sum(r["amount"] for r in expense)
    surplus_before = (sum(r["opening"] for r in by_type[AccountType.INCOME])
                      - sum(r["opening"] for r in by_type[AccountType.EXPENSE]))
    surplus_period = income_total - expense_total

    assets = [{"account": r["account"], "amount": r["closing"]} for r in by_type[AccountType.ASSET]]
    liabilities = [{"account": r["account"], "amount": r["closing"]} for r in by_type[AccountType.LIABILITY]]
    equity = [{"account": r["account"], "amount": r["closing"]} for r in by_type[AccountType.EQUITY]]
    assets_total = sum(r["amount"] for r in assets)
    liabilities_total = sum(r["amount"] for r in liabilities)
    equity_total = sum(r["amount"] for r in equity) + surplus_before + surplus_period
    return {
        "start": start,
        "end": end,
        "balance_sheet": {
            "assets": assets, "assets_total": assets_total,
            "liabilities": liabilities, "liabilities_total": liabilities_total,
            "equity": equity, "surplus_before": surplus_before, "surplus_period": surplus_period,
            "equity_total": equity_total,
            "liabilities_and_equity_total": liabilities_total + equity_total,
            "balanced": assets_total == liabilities_total + equity_total,
        },
        "income_statement": {
            "income": income, "income_total": income_total,
            "expense": expense, "expense_total": expense_total,
            "surplus": surplus_period,
        },
        "trial_balance": {"rows": rows, "totals": totals},
    }
