"""Download a list or report as XLSX or CSV with the same rows the page shows: every export goes here.

Text from people (a member's name, a memo) is written so that no spreadsheet runs it: a text cell
starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be read by Excel or
LibreOffice as a formula (OWASP "CSV injection": ``=HYPERLINK(...)`` sends the data away). In CSV
such a cell gets a leading apostrophe, which spreadsheets show as text and the imports take off
again (``imports.widgets.cell_text``); in XLSX it is stored as a text cell, unchanged. Numbers and
dates stay numbers and dates.
"""
import csv
import io

from django.http import HttpResponse
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.compat.numbers import NUMERIC_TYPES
from openpyxl.styles import Font

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def wants_export(request):
    """Return "xlsx" or "csv" when ``?export=`` asks for it, else None."""
    fmt = request.GET.get("export", "").lower()
    return fmt if fmt in FORMATS else None


def is_formula_like(value):
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value):
    """Return ``value`` for a CSV cell: text a spreadsheet would run gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if is_formula_like(value) else value
    return value


def _fill_sheet(sheet, headers, rows, title):
    sheet.title = "".join(c for c in str(title) if c not in "[]:*?/\\")[:31] or "Sheet"
    sheet.append([str(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            if value is None:
                continue
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            elif not isinstance(value, NUMERIC_TYPES) and not hasattr(value, "isoformat"):
                value = str(value)  # lazy translations and the rest become text
            cell = sheet.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # openpyxl would store text starting with "=" as a formula


def _xlsx(sheets):
    """Return the bytes of a workbook with one sheet per (title, headers, rows)."""
    book = Workbook()
    book.remove(book.active)
    for title, headers, rows in sheets:
        _fill_sheet(book.create_sheet(), headers, rows, title)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def _csv(headers, rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_cell(str(h)) for h in headers])
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return "\ufeff" + out.getvalue()  # Excel opens UTF-8 CSV correctly only with a BOM


def export_response(*, headers, rows, filename, fmt, title=None):
    """Return an HttpResponse with ``rows`` under ``headers``; money stays integer Rupiah."""
    if fmt == "csv":
        body = _csv(headers, rows)
    else:
        body = _xlsx([(title or filename, headers, rows)])
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename)}.{fmt}"'
    return response


def workbook_response(*, sheets, filename):
    """Return an XLSX with one sheet per (title, headers, rows) of ``sheets``; money stays integer Rupiah."""
    response = HttpResponse(_xlsx(sheets), content_type=FORMATS["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename)}.xlsx"'
    return response
