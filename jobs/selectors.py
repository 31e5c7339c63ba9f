"""Which jobs a person may see: those of a group she sees; district and whole-data jobs, managers only."""
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from groups.selectors import groups_visible_to

from .models import Job


def jobs_visible_to(user):
    if not user.is_authenticated:
        return Job.objects.none()
    if user.sees_all_groups:
        return Job.objects.all()
    return Job.objects.filter(group__in=groups_visible_to(user))


def get_job_for_user(user, pk, *, with_file=False):
    """Return job ``pk`` if ``user`` may see it, else raise Http404; its file (up to 50 MB) only ``with_file``."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("bad job id")
    jobs = jobs_visible_to(user).select_related("requested_by")
    return get_object_or_404(jobs if with_file else jobs.defer("result", "upload"), pk=pk)


def recent_jobs(user, *, limit=10):
    """Return the jobs ``user`` asked for lately, newest first, without their files."""
    return (jobs_visible_to(user).filter(Q(requested_by=user)).defer("result", "upload")
            .order_by("-created_at", "-id")[:limit])
