"""A member statement laid out for print as columns of text, the way a passbook is printed.

WeasyPrint spends its time on boxes: every table cell is an element to style, a box to lay out,
a line to break and borders to draw (about 1.4 ms of CPU a cell; 25 statements over 12 months are
some 4,600 cells). Here each row of a table is one line of monospaced text whose columns are padded
in Python, so a table of 40 rows is a handful of boxes. The statement shows the same rows, columns,
totals and words as the page (``reports/_member_statement.html``); only the drawing differs.
"""
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.money import format_rupiah
from savings.models import TxnType

GAP = "  "


@dataclass
class Table:
    """Rows of text for print: ``head`` (the column headings), then ``parts``: (css class, text) in order,
    where consecutive plain rows are one part (one box, ``lines``) and a total is a part of its own (``total``)."""

    head: str
    parts: list = field(default_factory=list)


@dataclass
class PrintedLoan:
    summary: str
    highlights: list
    table: Table


@dataclass
class PrintedStatement:
    statement: object
    savings: Table
    wajib_arrears: str
    loans: list
    payments: Table
    covers: Table | None
    shu: Table | None = None


def _day(value):
    return date_format(value) if value else ""


def _widths(head, rows, spans=()):
    widths = [len(h) for h in head]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))
    for label, value in spans:  # a total's label runs over every column but the last
        need = len(label) - (sum(widths[:-1]) + len(GAP) * (len(widths) - 2))
        if need > 0:
            widths[-2] += need
        widths[-1] = max(widths[-1], len(value))
    return widths


def _line(cells, widths, right):
    out = [cell.rjust(w) if i in right else cell.ljust(w)
           for i, (cell, w) in enumerate(zip(cells, widths, strict=True))]
    return GAP.join(out).rstrip()


def _span(label, value, widths):
    return (label.ljust(sum(widths[:-1]) + len(GAP) * (len(widths) - 2)) + GAP + value.rjust(widths[-1])).rstrip()


def _table(head, items, right):
    """Lay out ``items`` — ("row", cells) or ("total", (label, value)) — in columns fitted to their text."""
    rows = [cells for kind, cells in items if kind == "row"]
    spans = [cells for kind, cells in items if kind == "total"]
    widths = _widths(head, rows, spans)
    table, plain = Table(head=_line(head, widths, right) if any(head) else ""), []
    for kind, cells in items:
        if kind == "row":
            plain.append(_line(cells, widths, right))
            continue
        if plain:
            table.parts.append(("lines", "\n".join(plain)))
            plain = []
        table.parts.append(("total", _span(*cells, widths)))
    if plain:
        table.parts.append(("lines", "\n".join(plain)))
    return table


def _savings(statement):
    labels = dict(TxnType.choices)  # get_type_display() rebuilds the choices on every call: 1 % of the job
    items = []
    for account in statement.savings:
        items.append(("row", [account.label, _day(statement.start), _("Opening balance"), "",
                              format_rupiah(account.opening)]))
        for row in account.rows:
            txn = row["txn"]
            items.append(("row", ["", _day(txn.value_date), str(labels.get(txn.type, txn.type)),
                                  format_rupiah(txn.signed_amount), format_rupiah(row["balance"])]))
        items.append(("total", (f"{_('Closing balance')} {account.label}", format_rupiah(account.closing))))
    items.append(("total", (_("Total savings"), format_rupiah(statement.savings_total))))
    return _table([_("Savings"), _("Date"), _("Transaction"), _("Amount"), _("Balance")], items, right={3, 4})


def _loan(position):
    loan = position.loan
    summary = (f"{loan.term} {_('months')} · {_('disbursed')} {_day(loan.disbursed_on)} · "
               f"{_('Outstanding principal')}:")
    highlights = [format_rupiah(loan.amount), summary, format_rupiah(position.outstanding_principal)]
    extra = []
    if position.overdue_amount:
        days = position.days_past_due
        extra.append(f"{_('In arrears')}: {format_rupiah(position.overdue_amount)} ("
                     + ngettext("%(days)s day late", "%(days)s days late", days) % {"days": days} + ")")
    if position.written_off:
        extra.append(f"{_('Written off')}: {format_rupiah(position.written_off)}")
    rows = [("row", [str(line.number), _day(line.due_date), format_rupiah(line.principal_due),
                     format_rupiah(line.interest_due), format_rupiah(line.penalty_due), format_rupiah(line.total_paid),
                     format_rupiah(line.unpaid)]) for line in position.instalments]
    table = _table([_("No."), _("Due date"), _("Principal"), _("Interest"), _("Penalty"), _("Paid"), _("Unpaid")],
                   rows, right={0, 2, 3, 4, 5, 6})
    return PrintedLoan(summary=" · ".join(extra), highlights=highlights, table=table)


def _paid_by(payment):
    if payment.kind == "cover":
        who = str(payment.coverer) if payment.coverer else _("group fund")
        text = f"{_('Joint liability cover')}: {who}"
    else:
        text = _("Herself")
    reversed_ = getattr(payment, "reversal", None) is not None  # the one-to-one is absent, not None, when not reversed
    return f"{text} ({_('reversed')})" if reversed_ else text


def _payments(statement):
    rows = [("row", [_day(p.value_date), _paid_by(p), format_rupiah(p.amount)]) for p in statement.payments]
    if not rows:
        rows = [("row", [_("No payments in this period."), "", ""])]
    return _table([_("Date"), _("Paid by"), _("Amount")], rows, right={2})


def _covers(statement):
    if not (statement.covers_given or statement.paybacks or statement.covers_owed):
        return None
    items = [("row", [_day(c.value_date), _("She covered %(name)s") % {"name": c.member}, format_rupiah(c.amount)])
             for c in statement.covers_given]
    items += [("row", [_day(p.value_date), _("She paid a cover back"), format_rupiah(p.amount)])
              for p in statement.paybacks]
    items.append(("total", (_("Covers she still owes"), format_rupiah(statement.covers_owed))))
    return _table(["", "", ""], items, right={2})


def _shu(statement):
    if not (statement.shu_rows or statement.shu_owed):
        return None
    items = [("row", [_day(row["date"]), row["label"], format_rupiah(row["amount"])]) for row in statement.shu_rows]
    items.append(("total", (_("SHU still owed to her"), format_rupiah(statement.shu_owed))))
    return _table(["", "", ""], items, right={2})


def printed_statement(statement):
    """Return ``statement`` (a ``MemberStatement``) as text laid out for print, in the active language."""
    arrears = statement.wajib.arrears if statement.wajib else 0
    return PrintedStatement(
        statement=statement, savings=_savings(statement),
        wajib_arrears=f"{_('Simpanan wajib in arrears')}: {format_rupiah(arrears)}" if arrears else "",
        loans=[_loan(p) for p in statement.loans], payments=_payments(statement), covers=_covers(statement),
        shu=_shu(statement))
