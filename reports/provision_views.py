"""The month-end loss reserve of every group, from the portfolio page: a manager asks, a worker posts.

Asking is a POST by a manager (anyone else: 403); the job's page shows its progress and then the
list of what happened to each group. That list is a job of no group: only managers see it (else 404).
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jobs.models import Job
from jobs.selectors import get_job_for_user
from loans.selectors import can_approve_loans

from .forms import MonthEndProvisionsForm
from .provision_jobs import ALREADY, MONTH_END_PROVISIONS, POSTED, REFUSED, read_summary, request_month_end_provisions


@require_POST
def month_end_provisions(request):
    """Start the job that posts the month's reserve for every group in the manager's scope."""
    if not can_approve_loans(request.user):
        raise PermissionDenied
    form = MonthEndProvisionsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a month that has ended."))
        return redirect(reverse("reports:portfolio") + "#provisions")
    return redirect(request_month_end_provisions(month=form.cleaned_data["month"], actor=request.user))


def month_end_result(request, pk):
    """Show what the job did to each group: posted, already posted (skipped) or refused, with the reason."""
    job = get_job_for_user(request.user, pk, with_file=True)
    if job.kind != MONTH_END_PROVISIONS:
        raise Http404("not a month-end job")
    if job.status != Job.Status.DONE:
        return redirect(job)
    summary = read_summary(job)
    rows = summary["groups"]
    counts = {outcome: sum(1 for r in rows if r["outcome"] == outcome) for outcome in (POSTED, ALREADY, REFUSED)}
    return render(request, "reports/month_end_provisions.html", {
        "job": job, "month": summary["month"], "rows": rows, "counts": counts,
        "posted_total": sum(r.get("posted", 0) for r in rows if r["outcome"] == POSTED)})
