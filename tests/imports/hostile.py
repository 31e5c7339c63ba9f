"""Hostile files an attacker (or a broken export) might upload, made here so nothing binary is committed.

Each builder returns (file name, bytes). They are small on disk and huge once read naively.
"""
import io
import zipfile

from .conftest import MEMBER_HEADERS, csv_bytes, xlsx_bytes

SHEET = "xl/worksheets/sheet1.xml"
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _with_sheet(sheet_xml, *, extra=None, compression=zipfile.ZIP_DEFLATED):
    """Return a real XLSX (made by openpyxl) whose first sheet is replaced by ``sheet_xml``."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes(["x"], [])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression, compresslevel=9) as target:
        for item in source.infolist():
            data = sheet_xml if item.filename == SHEET else source.read(item.filename)
            target.writestr(item.filename, data)
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def _inline(ref, text):
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _header_row():
    cols = "ABCDE"
    return '<row r="1">' + "".join(_inline(f"{c}1", h) for c, h in zip(cols, MEMBER_HEADERS, strict=True)) + "</row>"


def last_cell_only():
    """1.5 KB: the only cell is the sheet's last one, XFD1048576, and the sheet says it is that big."""
    xml = (f'<worksheet {NS}><dimension ref="A1:XFD1048576"/><sheetData>'
           f'<row r="1048576">{_inline("XFD1048576", "x")}</row></sheetData></worksheet>')
    return "last-cell.xlsx", _with_sheet(xml)


def header_then_last_cell():
    """A proper header, then nothing until XFD1048576: a million empty rows in between."""
    xml = (f'<worksheet {NS}><dimension ref="A1:XFD1048576"/><sheetData>{_header_row()}'
           f'<row r="1048576">{_inline("XFD1048576", "x")}</row></sheetData></worksheet>')
    return "header-then-last-cell.xlsx", _with_sheet(xml)


def zip_bomb(rows=300_000):
    """About 0.8 MB that unpacks to 300,000 member rows (each the same, so it packs to almost nothing)."""
    row = ("<row>" + _inline("A2", "A-001") + _inline("B2", "PDG-001") + _inline("C2", "Rosmaniar")
           + _inline("D2", "2019-02-28") + _inline("E2", "15") + "</row>")
    xml = f'<worksheet {NS}><sheetData>{_header_row()}{row * rows}</sheetData></worksheet>'
    return "bomb.xlsx", _with_sheet(xml.encode())


def many_entries():
    """An XLSX with 5,000 files inside."""
    return "entries.xlsx", _with_sheet(f'<worksheet {NS}><sheetData>{_header_row()}</sheetData></worksheet>',
                                       extra={f"xl/media/{i}.bin": b"" for i in range(5_000)})


def billion_laughs():
    """Shared strings that expand an entity into a billion 'lol's (an XML bomb)."""
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol%s;" % ("" if i == 1 else i - 1)) * 10}">' for i in range(1, 10))
    strings = (f'<?xml version="1.0"?><!DOCTYPE lolz [{entities}]>'
               f'<sst {NS} count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>')
    xml = f'<worksheet {NS}><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>'
    return "laughs.xlsx", _with_sheet(xml, extra={"xl/sharedStrings.xml": strings})


def wide_header():
    """A header of 100,000 columns."""
    return "wide.csv", csv_bytes(MEMBER_HEADERS + [f"K{i}" for i in range(100_000)], [])


def wide_xlsx_header():
    """An XLSX header with a column name in every one of its first 200 columns."""
    from openpyxl.utils import get_column_letter

    cells = "".join(_inline(f"{get_column_letter(i)}1", f"K{i}") for i in range(1, 201))
    return "wide.xlsx", _with_sheet(f'<worksheet {NS}><sheetData><row r="1">{cells}</row></sheetData></worksheet>')


def many_csv_rows(rows=200_000):
    return "rows.csv", csv_bytes(MEMBER_HEADERS, [["A-1", "PDG-001", "Ani", "2019-02-28", "15"]] * rows)


def blank_lines():
    """A header and then five million empty lines."""
    return "blank.csv", csv_bytes(MEMBER_HEADERS, []) + b"\n" * 5_000_000


def huge_cell():
    """One cell of 10 MB."""
    return "cell.csv", csv_bytes(MEMBER_HEADERS, [["A-1", "PDG-001", "x" * 10_000_000, "2019-02-28", "1"]])


def not_a_zip():
    return "random.xlsx", b"PK\x03\x04" + bytes(range(256)) * 20


def binary_as_csv():
    return "picture.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 1000


HOSTILE = {f.__name__: f for f in (last_cell_only, header_then_last_cell, zip_bomb, many_entries, billion_laughs,
                                    wide_header, wide_xlsx_header, many_csv_rows, blank_lines, huge_cell, not_a_zip,
                                    binary_as_csv)}
