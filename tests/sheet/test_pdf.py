import io
import uuid

import pytest
from pypdf import PdfReader

from sheet.services import sheet_save_draft, sheet_submit

pytestmark = pytest.mark.django_db


def pdf_text(response):
    assert response["Content-Type"] == "application/pdf"
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


@pytest.mark.parametrize("paper, width_mm", [("A4", 297), ("F4", 330)])
def test_sheet_pdf_prefilled_in_indonesian(login, users, meeting_a, members_a, paper, width_mm):
    response = login(users["pendamping1"]).get(f"/meetings/{meeting_a.pk}/sheet.pdf?paper={paper}")
    reader = PdfReader(io.BytesIO(response.content))
    assert round(float(reader.pages[0].mediabox.width) / 72 * 25.4) == width_mm  # landscape
    text = pdf_text(response)
    assert "Lembar pertemuan" in text and "Anggota 04" in text and "Wajib 10.000" in text
    assert "Bendahara" in text


def test_record_pdf_has_totals_and_signatures(login, users, meeting_a, members_a, pendamping1):
    rows = {m.pk: {"attendance": "present"} for m in members_a}
    sheet_save_draft(meeting=meeting_a, actor=pendamping1, rows=rows)
    sheet_submit(meeting=meeting_a, actor=pendamping1, submission_id=uuid.uuid4(), rows=rows,
                 cash_counted=0)
    text = pdf_text(login(users["bendahara1"]).get(f"/meetings/{meeting_a.pk}/record.pdf"))
    assert "Notulen pertemuan" in text and "Hadir: 5" in text and "Kas seharusnya" in text
    assert "Pendamping" in text and "Bendahara" in text


@pytest.mark.parametrize("path", ["sheet.pdf", "record.pdf"])
def test_pdfs_out_of_scope_404(login, users, meeting_a, path):
    assert login(users["pendamping2"]).get(f"/meetings/{meeting_a.pk}/{path}").status_code == 404
