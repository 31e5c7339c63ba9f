"""The statement laid out for print (reports.statement_print): the page's rows and totals as columns of text.

Worked example (``rosmaniar`` of tests/reports/test_view_member_statement.py, January to June 2024):
pokok Rp 50.000 opening, wajib 2 x Rp 10.000, sukarela Rp 25.000 in and Rp 5.000 out: Rp 90.000 in
all; her loan of Rp 1.000.000 over 10 months, five instalments of Rp 100.000 principal + Rp 20.000
interest paid: Rp 500.000 outstanding. Nurhayati's May instalment (Rp 110.000) was covered by the
group fund: she still owes the cover back.
"""
import datetime
import io

import pytest
from pypdf import PdfReader

from reports.selectors.statement import member_statements
from reports.statement_print import printed_statement
from tests.jobs.helpers import job_file
from tests.reports.test_view_member_statement import rosmaniar  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db
D = datetime.date
START, END = D(2024, 1, 1), D(2024, 6, 30)


def _lines(table):
    return [line for _css, text in table.parts for line in text.split("\n")]


def _printed(member):
    return printed_statement(member_statements([member], start=START, end=END)[0])


def test_savings_rows_and_totals_line_up_in_their_columns(rosmaniar):  # noqa: F811
    printed = _printed(rosmaniar)
    head = printed.savings.head
    assert head.split() == ["Simpanan", "Tanggal", "Transaksi", "Jumlah", "Saldo"]
    lines = _lines(printed.savings)
    assert lines[0].split("  ")[0] == "Simpanan pokok" and lines[0].endswith("Rp 50.000")
    assert lines[-1].startswith("Jumlah simpanan") and lines[-1].endswith("Rp 90.000")
    assert [line for line in lines if "Penarikan" in line][0].endswith("-Rp 5.000  Rp 20.000")
    # Every balance ends in the same column as the heading "Saldo", totals included.
    assert {len(line) for line in lines} == {len(head)}
    totals = [text for css, text in printed.savings.parts if css == "total"]
    assert [t.split("  ")[0] for t in totals] == ["Saldo akhir Simpanan pokok", "Saldo akhir Simpanan wajib",
                                                  "Saldo akhir Simpanan sukarela", "Jumlah simpanan"]
    assert [t.split()[-1] for t in totals] == ["50.000", "20.000", "20.000", "90.000"]


def test_the_loan_schedule_and_payments(rosmaniar):  # noqa: F811
    printed = _printed(rosmaniar)
    (loan,) = printed.loans
    assert loan.highlights[0] == "Rp 1.000.000" and loan.highlights[2] == "Rp 500.000" and loan.summary == ""
    schedule = _lines(loan.table)
    assert len(schedule) == 10
    assert schedule[0].split() == ["1", "15", "Februari", "2024", "Rp", "100.000", "Rp", "20.000", "Rp", "0",
                                   "Rp", "120.000", "Rp", "0"]
    assert schedule[9].split()[-2:] == ["Rp", "120.000"]  # the last instalment is unpaid
    payments = _lines(printed.payments)
    assert len(payments) == 5 and all("Sendiri" in line and line.endswith("Rp 120.000") for line in payments)
    assert printed.covers is None


def test_a_covered_member_shows_her_arrears_and_the_cover_she_owes(rosmaniar):  # noqa: F811
    nurhayati = rosmaniar.group.members.get(full_name="Nurhayati")
    printed = _printed(nurhayati)
    assert printed.loans[0].summary == "Tunggakan: Rp 110.000 (15 hari terlambat)"
    assert any("dana kelompok" in line for line in _lines(printed.payments))
    assert _lines(printed.covers)[-1].endswith("Rp 110.000")


def test_each_members_pages_are_numbered_for_her(rosmaniar, login, users):  # noqa: F811
    client = login(users["manager"])
    url = f"/reports/groups/{rosmaniar.group_id}/member-statements/pdf/?start={START}&end={END}"
    reader = PdfReader(io.BytesIO(job_file(client, client.post(url)).content))
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) == 3 and all("Halaman 1 / 1" in page for page in pages)
    assert "Rp 90.000" in pages[1] and "Rosmaniar" in pages[1]


def test_a_jobs_statements_share_one_parsed_stylesheet(rosmaniar, login, users, monkeypatch):  # noqa: F811
    import weasyprint

    parsed, parse = [], weasyprint.CSS.__init__

    def counting(self, *args, **kwargs):
        if ".rows" in (kwargs.get("string") or ""):  # the statements' rules, not WeasyPrint's own sheets
            parsed.append(kwargs["string"])
        parse(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.CSS, "__init__", counting)
    client = login(users["manager"])
    url = f"/reports/groups/{rosmaniar.group_id}/member-statements/pdf/?start={START}&end={END}"
    reader = PdfReader(io.BytesIO(job_file(client, client.post(url)).content))
    assert len(reader.pages) == 3 and len(parsed) == 1  # three statements, one stylesheet
    assert "LKP · " + str(rosmaniar.group) in parsed[0] and "Halaman" in parsed[0]
