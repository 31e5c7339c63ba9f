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


def export_response(*, headers, rows, filename, fmt, title=None):
    """Return an HttpResponse with ``rows`` under ``headers``; money stays integer Rupiah."""
    data = tablib.Dataset(headers=[str(h) for h in headers], title=(str(title or filename))[:31])
    for row in rows:
        data.append([("" if v is None else v) for v in row])
    body = data.export(fmt)
    if fmt == "csv":
        body = "\ufeff" + body  # Excel opens UTF-8 CSV correctly only with a BOM
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename)}.{fmt}"'
    return response
