import io

from pypdf import PdfReader

from core.pdf import render_pdf_bytes


def test_render_pdf_in_a4_and_f4(tmp_path, settings):
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    (tmp_path / "t.html").write_text('{% extends "pdf/base_pdf.html" %}{% block content %}<h1>Laporan Anggrek</h1>'
                                     "<p>{{ 1250000|rupiah }}</p>{% endblock %}")
    for paper, height_mm in [("A4", 297), ("F4", 330)]:
        pdf = PdfReader(io.BytesIO(render_pdf_bytes("t.html", {}, paper=paper)))
        text = pdf.pages[0].extract_text()
        assert "Laporan Anggrek" in text and "Rp 1.250.000" in text
        assert round(float(pdf.pages[0].mediabox.height) / 72 * 25.4) == height_mm
