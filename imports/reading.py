"""Turn an uploaded file into rows, or into a clear list of what is wrong with it.

CSV (comma or semicolon, UTF-8 with or without BOM, or Windows-1252 as old Excel writes it)
and XLSX are accepted. Row numbers are those the person sees in Excel: the header is row 1.

A file is read within bounds, so that no file holds a worker for long: an XLSX (a zip) is refused
before it is opened when it would unpack to more than ``MAX_INFLATED_BYTES``; the header row is
read and checked first (its columns, at most ``MAX_COLUMNS``); rows are then read one by one and
the reading stops at ``MAX_ROWS``. The sheet's own claim of its size (``<dimension>``) is ignored:
a 1.5 KB file whose only cell is XFD1048576 would otherwise be read as a billion empty cells.
"""
import csv
import io
import zipfile
from dataclasses import dataclass, field

import openpyxl
import tablib
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .resources.base import EXAMPLE_MARK
from .widgets import cell_text, is_blank

XLSX_MAGIC = b"PK\x03\x04"
MAX_ROWS = getattr(settings, "LKP_IMPORT_MAX_ROWS", 50_000)
MAX_COLUMNS = 60
MAX_INFLATED_BYTES = 50 * 1024 * 1024
MAX_ZIP_ENTRIES = 200


class Unreadable(Exception):
    """The file cannot be read as a spreadsheet; ``str(exc)`` says why, for the person uploading."""


@dataclass
class Sheet:
    """The rows of one file with their spreadsheet row numbers, or the problems reading it.

    ``problems`` make the file unreadable; ``row_problems`` are (row, message) found before importing.
    """

    dataset: tablib.Dataset | None = None
    row_numbers: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    row_problems: list = field(default_factory=list)


def _number(n):
    return number_format(n, force_grouping=True)


NOT_A_SPREADSHEET = gettext_noop("This file is not a spreadsheet that can be read: upload an XLSX or CSV file.")


def _xlsx_rows(content):
    """Yield the first sheet's rows as tuples of values, at most MAX_COLUMNS + 1 wide."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Unreadable(_(NOT_A_SPREADSHEET)) from None
    inflated = sum(entry.file_size for entry in entries)
    if len(entries) > MAX_ZIP_ENTRIES or inflated > MAX_INFLATED_BYTES:
        raise Unreadable(_("This file unpacks to %(size)s MB, more than the %(max)s MB an import reads: "
                           "split it into smaller files.") % {"size": _number(inflated // 2**20),
                                                              "max": _number(MAX_INFLATED_BYTES // 2**20)})
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # read the cells that are there, not the size the file claims
        yield from sheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True)
    except Unreadable:
        raise
    except Exception:  # any parser failure means the same thing to the person uploading
        raise Unreadable(_(NOT_A_SPREADSHEET)) from None


def _csv_rows(content):
    if b"\x00" in content:
        raise Unreadable(_(NOT_A_SPREADSHEET))
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    first_line = text[:10_000].splitlines()[0] if text.strip() else ""
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            yield row[:MAX_COLUMNS + 1]
    except csv.Error:  # a cell longer than csv's field limit (128 KB), a stray NUL, ...
        raise Unreadable(_(NOT_A_SPREADSHEET)) from None


def _rows(content, file_name):
    if content.startswith(XLSX_MAGIC) or file_name.lower().endswith(".xlsx"):
        return _xlsx_rows(content)
    return _csv_rows(content)


def read_sheet(content, file_name, resource_class):
    """Return a :class:`Sheet` for ``content``: headers first, then rows within bounds, then duplicate keys."""
    sheet = Sheet()
    try:
        _read(sheet, content, file_name, resource_class)
    except Unreadable as exc:
        sheet.problems.append(str(exc))
        sheet.dataset, sheet.row_numbers = None, []
    return sheet


def _read(sheet, content, file_name, resource_class):
    rows = _rows(content, file_name) if content.strip() else iter(())
    header_row = next(rows, None) or ()
    headers = [cell_text(h) for h in header_row]
    while headers and not headers[-1]:
        headers.pop()
    if not any(headers):
        sheet.problems.append(_("The file is empty: it has no header row and no data."))
        return
    if len(headers) > MAX_COLUMNS:
        sheet.problems.append(_("The file has more than %(max)s columns: keep only the template's columns.") % {
            "max": _number(MAX_COLUMNS)})
        return
    missing = [c for c in resource_class.required_columns if c not in headers]
    if missing:
        sheet.problems.append(_("Columns missing from the file: %(columns)s.") % {"columns": ", ".join(missing)})
        return
    width = len(headers)
    dataset = tablib.Dataset(headers=headers)
    examples = []
    for number, values in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            sheet.problems.append(_("The file has more than %(max)s rows: split it into smaller files.") % {
                "max": _number(MAX_ROWS)})
            return
        values = list(values[:width]) + [None] * (width - len(values))
        if all(is_blank(v) for v in values):
            continue
        example = next((cell_text(v) for v in values if cell_text(v).upper().startswith(EXAMPLE_MARK)), None)
        if example:
            examples.append((number, _("Row %(row)s is the template's example (%(code)s): delete it or write your "
                                       "own data over it.") % {"row": number, "code": example}))
            continue
        dataset.append(values)
        sheet.row_numbers.append(number)
    if not len(dataset):
        sheet.problems.extend([text for _row, text in examples]
                              or [_("The file is empty: it has a header row but no data rows.")])
        return
    sheet.dataset = dataset
    sheet.row_problems = examples + _duplicate_keys(sheet, resource_class)


def _duplicate_keys(sheet, resource_class):
    key_columns = resource_class.key_columns()
    if not key_columns:
        return []  # the resource tells its rows apart itself
    first_seen, problems = {}, []
    for number, row in zip(sheet.row_numbers, sheet.dataset.dict, strict=True):
        key = tuple(cell_text(row.get(c)) for c in key_columns)
        if not all(key):
            continue
        if key in first_seen:
            problems.append((number, _("Row %(row)s: %(columns)s '%(value)s' already appears in row %(first)s") % {
                "row": number, "columns": " + ".join(c.lower() for c in key_columns),
                "value": " + ".join(key), "first": first_seen[key],
            }))
        else:
            first_seen[key] = number
    return problems
