"""Helpers to build the files people upload: CSV and XLSX bytes from a header and rows."""
import csv
import io

import openpyxl
import pytest


def csv_bytes(headers, rows, delimiter=","):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def xlsx_bytes(headers, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


MEMBER_HEADERS = ["Kode anggota", "Kode KPUK", "Nama lengkap", "Tanggal masuk", "Waktu tempuh (menit)"]


@pytest.fixture
def member_rows(group_a, group_b):
    return [
        ["A-001", group_a.code, "Rosmaniar", "2019-02-28", "15"],
        ["A-002", group_a.code, "Yusnidar", "15-03-2019", "20"],
        ["B-001", group_b.code, "Nurhayati", "01/04/2019", ""],
    ]
