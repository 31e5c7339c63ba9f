"""The group's financial statements for a period, from its books (SAK EP names).

* Laporan posisi keuangan (statement of financial position) at the period end: assets =
  liabilities + equity, where equity includes the surplus not yet closed into an account (income −
  expense of earlier periods and of this one that no year end has closed into SHU yet).
* Laporan hasil usaha (income statement): income and expense of the period, before the year-end
  closing (``books.selectors.income_statement``), so a closed year still shows what it earned.
* Trial balance (neraca saldo): opening, debit, credit and closing of every account, closing
  entries included (after the year end, income and expense accounts are zero).
"""
from books.models import AccountType
from books.selectors import income_statement, trial_balance


def financial_statements(group, *, start, end):
    """Return the statement of financial position, income statement and trial balance for [start, end] (two queries)."""
    rows, totals = trial_balance(group, start=start, end=end)
    by_type = {t: [r for r in rows if r["account"].type == t] for t in AccountType.values}

    def unclosed(key):
        return sum(r[key] for r in by_type[AccountType.INCOME]) - sum(r[key] for r in by_type[AccountType.EXPENSE])

    surplus_before = unclosed("opening")
    surplus_period = unclosed("closing") - surplus_before

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
        "income_statement": income_statement(group, start=start, end=end),
        "trial_balance": {"rows": rows, "totals": totals},
    }
