"""Render a template to PDF with WeasyPrint (A4 or F4/folio), without touching the network."""
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

PAPERS = {"A4": "210mm 297mm", "F4": "215mm 330mm"}


def _static_fetcher(url):
    """Serve /static/... from the project's files; refuse everything else (no internet here)."""
    from weasyprint import default_url_fetcher  # heavy (Pango, fonts): loaded only when a PDF is made

    marker = "/static/"
    if marker in url:
        path = finders.find(url.split(marker, 1)[1])
        if path:
            with open(path, "rb") as fh:
                return {"string": fh.read(), "mime_type": None}
    if url.startswith("data:"):
        return default_url_fetcher(url)
    raise ValueError(f"PDF resources must be local: {url}")


def paper_from(request, default="A4"):
    """Return the paper asked for in ``?paper=`` if known, else ``default``."""
    paper = (request.GET.get("paper") or default).upper()
    return paper if paper in PAPERS else default


def render_pdf_bytes(template, context, *, paper="A4", request=None):
    """Render ``template`` (which extends ``pdf/base_pdf.html``) to PDF bytes."""
    from weasyprint import HTML  # heavy (Pango, fonts): loaded only when a PDF is made

    context = {**context, "paper_size": PAPERS.get(paper, PAPERS["A4"]), "paper": paper}
    html = render_to_string(template, context, request=request)
    return HTML(string=html, base_url="http://localhost/", url_fetcher=_static_fetcher).write_pdf()


def pdf_response(request, template, context, *, filename, paper=None, inline=True):
    """Return an HttpResponse with the rendered PDF in the user's language."""
    paper = paper or paper_from(request)
    with translation.override(translation.get_language()):
        data = render_pdf_bytes(template, context, paper=paper, request=request)
    response = HttpResponse(data, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
