"""Download a list or report as XLSX or CSV with the same rows the page shows."""
import tablib
from django.http import HttpResponse
from django.utils.text import slugify

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def wants_export(request):
    """Return "xlsx" or "csv" when ``?export=`` asks for it, else None."""
    fmt = request.GET.get("export", "").lower()
    return fmt if fmt in FORMATS else None


def _dataset(headers, rows, title):
    data = tablib.Dataset(headers=[str(h) for h in headers], title=str(title)[:31])
    for row in rows:
        data.append([("" if v is None else v) for v in row])
    return data


def export_response(*, headers, rows, filename, fmt, title=None):
    """Return an HttpResponse with ``rows`` under ``headers``; money stays integer Rupiah."""
    body = _dataset(headers, rows, title or filename).export(fmt)
    if fmt == "csv":
        body = "\ufeff" + body  # Excel opens UTF-8 CSV correctly only with a BOM
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename)}.{fmt}"'
    return response


def workbook_response(*, sheets, filename):
    """Return an XLSX with one sheet per (title, headers, rows) of ``sheets``; money stays integer Rupiah."""
    book = tablib.Databook()
    for title, headers, rows in sheets:
        book.add_sheet(_dataset(headers, rows, title))
    response = HttpResponse(book.export("xlsx"), content_type=FORMATS["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename)}.xlsx"'
    return response
