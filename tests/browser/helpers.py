"""What the journeys do with files and forms: download a file as the person would, read a PDF or a sheet."""
import csv
import io
import re
from pathlib import Path

import openpyxl
from playwright.sync_api import expect
from pypdf import PdfReader


def download(page, link):
    """Click ``link`` (a download: XLSX, CSV) and return (file name, bytes) of what the browser saved."""
    with page.expect_download() as info:
        link.click()
    saved = info.value
    assert saved.failure() is None, saved.failure()
    return saved.suggested_filename, Path(saved.path()).read_bytes()


def fetch_pdf(page, link):
    """Return the text of the PDF ``link`` opens, one string per page.

    Chromium shows a PDF in its own viewer, whose page Playwright cannot read; the file is fetched
    from the link's own address with the page's session instead.
    """
    response = page.request.get(link.get_attribute("href"))
    assert response.status == 200, response.status
    assert response.headers["content-type"] == "application/pdf"
    body = response.body()
    assert body.startswith(b"%PDF")
    return [p.extract_text() for p in PdfReader(io.BytesIO(body)).pages]


def xlsx_rows(content):
    """Return the rows of the first sheet of an XLSX file as lists of values."""
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def csv_rows(content):
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def rupiah(amount):
    """Return ``amount`` as the pages write it: Rp 1.250.000 (a minus before Rp)."""
    text = f"{abs(amount):,}".replace(",", ".")
    return f"-Rp {text}" if amount < 0 else f"Rp {text}"


def squash(text):
    """Return ``text`` with every run of white space as one space (PDF text breaks lines anywhere)."""
    return re.sub(r"\s+", " ", text)


def submit(page, button):
    """Click a form's submit ``button`` and wait for the page it leads to."""
    with page.expect_navigation():
        button.click()


def tab_to(page, locator, *, limit=80):
    """Press Tab until ``locator`` has the focus (at most ``limit`` times); fail if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("el => el === document.activeElement"):
            return
    expect(locator).to_be_focused()
