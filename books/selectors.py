"""Read the group's books: balances, trial balance and cash book, all derived from lines."""
import datetime
from typing import Any

from django.db import models
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce

from groups.models import Group

from .models import CLOSING_KINDS, DEBIT_NORMAL, Account, AccountType, JournalEntry, JournalLine


def closing_q(prefix: str = "") -> Q:
    """Return a Q matching lines (through ``prefix``) of year-end closing entries and of their reversals."""
    return (Q(**{f"{prefix}entry__kind__in": CLOSING_KINDS})
            | Q(**{f"{prefix}entry__reverses__kind__in": CLOSING_KINDS}))


def _signed(account_type: str, debit: int, credit: int) -> int:
    return debit - credit if account_type in DEBIT_NORMAL else credit - debit


def account_balances(group: Group | int, *, as_of: datetime.date,
                     start: datetime.date | None = None) -> dict[str, int]:
    """Return {key: balance} in each account's normal sign for lines dated up to ``as_of``.

    With ``start``, only lines from ``start`` count (the movement in a period). One query.
    """
    line_filter = Q(lines__entry__date__lte=as_of)
    if start is not None:
        line_filter &= Q(lines__entry__date__gte=start)
    rows = Account.objects.filter(group=group).annotate(
        d=Coalesce(Sum("lines__debit", filter=line_filter), 0),
        c=Coalesce(Sum("lines__credit", filter=line_filter), 0),
    ).values("key", "type", "d", "c")
    return {r["key"]: _signed(r["type"], r["d"], r["c"]) for r in rows}


def trial_balance(group: Group | int, *, start: datetime.date,
                  end: datetime.date) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Return rows (account, opening, debit, credit, closing) and totals for a period.

    Opening and closing are in the account's normal sign; debits always equal credits.
    """
    before = Q(lines__entry__date__lt=start)
    within = Q(lines__entry__date__gte=start, lines__entry__date__lte=end)
    accounts = Account.objects.filter(group=group).annotate(
        od=Coalesce(Sum("lines__debit", filter=before), 0),
        oc=Coalesce(Sum("lines__credit", filter=before), 0),
        pd=Coalesce(Sum("lines__debit", filter=within), 0),
        pc=Coalesce(Sum("lines__credit", filter=within), 0),
    ).order_by("code")
    rows = []
    totals: dict[str, Any] = {"debit": 0, "credit": 0, "closing_debit": 0, "closing_credit": 0}
    for a in accounts:
        net_debit = a.od + a.pd - a.oc - a.pc
        row = {
            "account": a,
            "opening": _signed(a.type, a.od, a.oc),
            "debit": a.pd,
            "credit": a.pc,
            "closing": _signed(a.type, a.od + a.pd, a.oc + a.pc),
            "closing_debit": max(net_debit, 0),
            "closing_credit": max(-net_debit, 0),
        }
        for k in totals:
            totals[k] += row[k]
        rows.append(row)
    totals["balanced"] = totals["debit"] == totals["credit"] and totals["closing_debit"] == totals["closing_credit"]
    return rows, totals


def cash_book(group: Group | int, *, start: datetime.date, end: datetime.date,
              account_key: str = "cash") -> dict[str, Any]:
    """Return the opening balance and the cash lines of a period with a running balance.

    Two queries whatever the number of lines.
    """
    lines = JournalLine.objects.filter(account__group=group, account__key=account_key)
    opening = lines.filter(entry__date__lt=start).aggregate(
        d=Coalesce(Sum("debit"), 0), c=Coalesce(Sum("credit"), 0)
    )
    balance = opening["d"] - opening["c"]
    opening_balance = balance
    rows = []
    period = (
        lines.filter(entry__date__gte=start, entry__date__lte=end)
        .select_related("entry", "entry__created_by", "member")
        .order_by("entry__date", "entry_id", "id")
    )
    total_in = total_out = 0
    for line in period:
        balance += line.debit - line.credit
        total_in += line.debit
        total_out += line.credit
        rows.append({"line": line, "entry": line.entry, "in": line.debit, "out": line.credit, "balance": balance})
    return {"opening": opening_balance, "rows": rows, "total_in": total_in, "total_out": total_out,
            "closing": balance}


def income_statement(group: Group | int, *, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    """Return the period's income and expenses by account, before the year-end closing (one query).

    Each row is {"account", "amount"} in the account's normal sign; the closing entry that moves
    the year's result into SHU (and its reversal) is left out, so a closed year still shows what
    it earned and spent. ``surplus`` is the SHU of the period: income less expenses.
    """
    within = Q(lines__entry__date__gte=start, lines__entry__date__lte=end) & ~closing_q("lines__")
    accounts = Account.objects.filter(group=group, type__in=[AccountType.INCOME, AccountType.EXPENSE]).annotate(
        d=Coalesce(Sum("lines__debit", filter=within), 0),
        c=Coalesce(Sum("lines__credit", filter=within), 0),
    ).order_by("code")
    income: list[dict[str, Any]] = []
    expense: list[dict[str, Any]] = []
    for a in accounts:
        row = {"account": a, "amount": _signed(a.type, a.d, a.c)}
        (income if a.type == AccountType.INCOME else expense).append(row)
    income_total = sum(r["amount"] for r in income)
    expense_total = sum(r["amount"] for r in expense)
    return {"start": start, "end": end, "income": income, "income_total": income_total, "expense": expense,
            "expense_total": expense_total, "surplus": income_total - expense_total}


def unbalanced_entries() -> list[tuple[int, int, int]]:
    """Return [(entry id, debits, credits)] of every entry whose debits and credits differ or are zero.

    One query over all the books. What PostgreSQL refuses at commit (``books.balance``); SQLite
    cannot, so the tests run this after the seed and the end-to-end scenarios.
    """
    rows = (JournalEntry.objects.annotate(d=Coalesce(Sum("lines__debit"), 0), c=Coalesce(Sum("lines__credit"), 0))
            .filter(~Q(d=models.F("c")) | Q(d=0)).order_by("pk").values_list("pk", "d", "c"))
    return list(rows)
