"""The job's page: progress while it runs (static/js/job.js polls ``status``), then its file or its error.

Every job is reached through ``get_job_for_user``: a job of a group she does not see is a 404.
"""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import services
from .models import Job
from .selectors import get_job_for_user


def job_detail(request, pk):
    """Show the job: its progress bar and step, the file when it is ready, the error and a retry."""
    job = get_job_for_user(request.user, pk)
    if job.status == Job.Status.DONE and job.result_url and url_has_allowed_host_and_scheme(
            job.result_url, allowed_hosts=None):
        return redirect(job.result_url)
    return render(request, "jobs/job_detail.html", {"job": job})


def job_status(request, pk):
    """Answer how far the job is, as JSON, for the page's script."""
    job = get_job_for_user(request.user, pk)
    return JsonResponse({"status": job.status, "percent": job.percent, "step": job.step,
                         "label": job.get_status_display()})


def job_download(request, pk):
    """Send the job's file: a PDF opens in the phone's viewer, anything else is saved."""
    job = get_job_for_user(request.user, pk, with_file=True)
    if job.status != Job.Status.DONE or job.result is None:
        raise Http404("no file")
    response = HttpResponse(bytes(job.result), content_type=job.result_type or "application/octet-stream")
    disposition = "inline" if job.result_type == "application/pdf" else "attachment"
    name = job.result_name.replace('"', "")
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response


@require_POST
def job_retry(request, pk):
    """Ask for a failed job again; show the new one."""
    job = get_job_for_user(request.user, pk, with_file=True)  # an import's upload goes with it
    try:
        job = services.job_retry(job=job, actor=request.user, language=translation.get_language())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(job)
