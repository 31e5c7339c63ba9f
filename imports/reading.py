"""Turn an uploaded file into rows, or into a clear list of what is wrong with it.

CSV (comma or semicolon, UTF-8 with or without BOM, or Windows-1252 as old Excel writes it)
and XLSX are accepted. Row numbers are those the person sees in Excel: the header is row 1.
"""
import io
from dataclasses import dataclass, field

import tablib
from django.utils.translation import gettext as _

from .resources.base import EXAMPLE_MARK
from .widgets import cell_text, is_blank

XLSX_MAGIC = b"PK\x03\x04"


@dataclass
class Sheet:
    """The rows of one file with their spreadsheet row numbers, or the problems reading it.

    ``problems`` make the file unreadable; ``row_problems`` are (row, message) found before importing.
    """

    dataset: tablib.Dataset | None = None
    row_numbers: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    row_problems: list = field(default_factory=list)


def _load(content, file_name):
    name = file_name.lower()
    if content.startswith(XLSX_MAGIC) or name.endswith(".xlsx"):
        return tablib.Dataset().load(io.BytesIO(content), format="xlsx")
    if b"\x00" in content:
        raise ValueError("binary")
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    first_line = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return tablib.Dataset().load(text, format="csv", delimiter=delimiter)


def read_sheet(content, file_name, resource_class):
    """Return a :class:`Sheet` for ``content``, checking headers, emptiness and duplicate keys."""
    sheet = Sheet()
    try:
        raw = _load(content, file_name) if content.strip() else None
    except Exception:  # any parser failure means the same thing to the person uploading
        sheet.problems.append(_("This file is not a spreadsheet that can be read: upload an XLSX or CSV file."))
        return sheet
    headers = [cell_text(h) for h in (raw.headers or [])] if raw is not None else []
    if not any(headers):
        sheet.problems.append(_("The file is empty: it has no header row and no data."))
        return sheet
    missing = [c for c in resource_class.required_columns if c not in headers]
    if missing:
        sheet.problems.append(_("Columns missing from the file: %(columns)s.") % {"columns": ", ".join(missing)})
        return sheet
    dataset = tablib.Dataset(headers=headers)
    examples = []
    for number, values in enumerate(raw, start=2):
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
        return sheet
    sheet.dataset = dataset
    sheet.row_problems = examples + _duplicate_keys(sheet, resource_class)
    return sheet


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
