"""Import pages: managers and admins upload, check, confirm; everyone else is refused (403)."""
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.export import export_response, wants_export

from . import jobs
from .forms import RunFilterForm, UploadForm
from .models import ImportKind, ImportRun
from .selectors import export_table, import_runs, template_table

PREVIEW_ROWS = 200


def _require_manager(user):
    if not user.is_manager:
        raise PermissionDenied


def _kind_or_404(kind):
    if kind not in ImportKind.values:
        raise Http404("unknown kind")
    return kind


def _format(request):
    return wants_export(request) or "xlsx"


def import_home(request):
    """Upload a file; a background job checks it by a dry run, then the preview page shows the result."""
    _require_manager(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = jobs.request_check(kind=form.cleaned_data["kind"], file_name=upload.name, content=upload.read(),
                                 actor=request.user)
        return redirect(job)
    return render(request, "imports/import_home.html", {
        "form": form, "kinds": ImportKind.choices, "recent": import_runs()[:5],
    })


def _render_run(request, run):
    return render(request, "imports/run_detail.html", {
        "run": run, "preview": run.preview[:PREVIEW_ROWS], "preview_more": max(len(run.preview) - PREVIEW_ROWS, 0),
    })


def run_detail(request, pk):
    """Show what the dry run found: the rows to create or change, and every problem."""
    _require_manager(request.user)
    return _render_run(request, get_object_or_404(ImportRun.objects.select_related("created_by"), pk=pk))


@require_POST
def run_confirm(request, pk):
    """Import the checked file for real, in a background job: every row in one transaction, or nothing.

    If the data changed since the check and the file now has problems, the job's page lists them.
    """
    _require_manager(request.user)
    run = get_object_or_404(ImportRun, pk=pk)
    return redirect(jobs.request_confirm(run=run, actor=request.user))


def run_list(request):
    """The import log, filtered by kind and status, downloadable as XLSX or CSV."""
    _require_manager(request.user)
    form = RunFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    runs = import_runs(kind=data.get("kind"), status=data.get("status"))
    fmt = wants_export(request)
    if fmt:
        return _export_runs(runs, fmt)
    page = Paginator(runs, 50).get_page(request.GET.get("page"))
    return render(request, "imports/run_list.html", {"form": form, "page": page})


def _export_runs(runs, fmt):
    rows = [(r.created_at.strftime("%Y-%m-%d %H:%M"), str(r.created_by), r.get_kind_display(), r.file_name,
             r.get_status_display(), r.rows, r.new, r.changed, r.unchanged, r.invalid) for r in runs]
    headers = [_("Uploaded at"), _("Uploaded by"), _("Kind"), _("File name"), _("Status"), _("Rows"), _("New"),
               _("Changed"), _("Unchanged"), _("Rows with problems")]
    return export_response(headers=headers, rows=rows, filename=_("import log"), fmt=fmt)


def template_download(request, kind):
    """Download an empty template for ``kind``: Indonesian headers and one example row."""
    _require_manager(request.user)
    headers, rows = template_table(_kind_or_404(kind))
    return export_response(headers=headers, rows=rows, filename=f"template-{kind}", fmt=_format(request))


def data_export(request, kind):
    """Download every ``kind`` row in the import's columns, to move the books to another installation."""
    _require_manager(request.user)
    headers, rows = export_table(_kind_or_404(kind))
    return export_response(headers=headers, rows=rows, filename=f"data-{kind}", fmt=_format(request))
