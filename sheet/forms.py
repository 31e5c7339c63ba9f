"""Read the meeting sheet's cells from the posted form (the page and the phone's queue post the same cells)."""
from django.utils.translation import gettext_lazy

from core.money import parse_rupiah
from meetings.forms import member_id
from meetings.models import SheetRow


def _amount(text):
    """Parse a typed amount; blank is zero. Raise ValueError on anything else that is not Rupiah."""
    text = (text or "").strip()
    if not text:
        return 0
    value = parse_rupiah(text)
    if value < 0:
        raise ValueError(text)
    return value


AMOUNT_ERROR = gettext_lazy("Enter a whole number of Rupiah, e.g. 25.000.")


ROW_FIELDS = (*SheetRow.AMOUNT_FIELDS, "attendance", "cover_for", "note")


def _strangers(data, known):
    """Return the member ids the posted cells name that are not on the sheet, if any of their cells is filled.

    A sheet prepared on the phone days ago may still carry a member who has left since: her
    row is passed on so the service refuses it by name instead of silently dropping her money.
    """
    ids = set()
    for key in data:
        pk, dash, field = key.partition("-")
        pk = member_id(pk)
        if dash and field in ROW_FIELDS and pk is not None and pk not in known and str(data.get(key, "")).strip():
            ids.add(pk)
    return sorted(ids)


def cover_target(text, codes):
    """Return the member id the "covers for" cell names: a member code of the sheet (``codes``: {code: id}),
    or a member id (what sheets queued on a phone before the codes were shown still send)."""
    text = str(text).strip()
    return codes.get(text) or member_id(text)


def _read_row(data, pk, errors, codes):
    """Return (row, raw) for member ``pk`` from ``data``; a bad amount is filed in ``errors``."""
    row, raw = {}, {}
    for f in SheetRow.AMOUNT_FIELDS:
        raw[f] = data.get(f"{pk}-{f}", "")
        try:
            row[f] = _amount(raw[f])
        except ValueError:
            errors[f"{pk}.{f}"] = [str(AMOUNT_ERROR)]
            row[f] = 0
    row["attendance"] = data.get(f"{pk}-attendance", "")
    cover = data.get(f"{pk}-cover_for", "")
    row["cover_for"] = cover_target(cover, codes)
    row["note"] = data.get(f"{pk}-note", "").strip()
    return row, raw


def read_sheet(data, member_ids, codes=None):
    """Read the sheet's cells for the members ``member_ids`` from POST ``data``.

    Return ``(rows, raw, cash_counted, errors)``: ``rows`` is what the services take,
    ``raw[member_id]`` what was typed in each amount cell, ``errors`` maps ``<member id>.<field>``
    (or a page field) to messages. Cells of a member not on the sheet come back as her row too,
    for the service to refuse by name. ``codes`` ({member code: id}) reads the "covers for" cells,
    which name the member by her code.
    """
    rows, raw, errors = {}, {}, {}
    codes = codes or {}
    for pk in member_ids:
        rows[pk], raw[pk] = _read_row(data, pk, errors, codes)
    for pk in _strangers(data, set(member_ids)):
        rows[pk] = _read_row(data, pk, errors, codes)[0]
    cash_raw = data.get("cash_counted", "")
    cash_counted = None
    if cash_raw.strip():
        try:
            cash_counted = _amount(cash_raw)
        except ValueError:
            errors["cash_counted"] = [str(AMOUNT_ERROR)]
    return rows, raw, cash_counted, errors


def show_rows(lines, rows, raw):
    """Show the cells read by :func:`read_sheet` on the sheet's ``lines``, to render the page again.

    Fill each line's ``values``, ``raw`` (what was typed, shown again on error), ``attendance``,
    ``cover_for_id`` and ``note``.
    """
    for line in lines:
        row = rows[line.member.pk]
        line.raw = raw[line.member.pk]
        line.values = {f: row[f] for f in SheetRow.AMOUNT_FIELDS}
        line.attendance, line.cover_for_id, line.note = row["attendance"], row["cover_for"], row["note"]

