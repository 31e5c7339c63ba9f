"""Imports in the background (``jobs``): checking a file (the dry run) and importing it take seconds
to minutes for thousands of rows, so the request answers with the job's page, which then leads to
the import run's page. Managers only, like every import page (a job without a group: managers)."""
import hashlib

from django.utils.translation import gettext as _

from jobs.registry import Result, register
from jobs.services import job_request

from . import services
from .models import ImportKind, ImportRun

CHECK = "imports.check"
CONFIRM = "imports.confirm"


def request_check(*, kind, file_name, content, actor):
    """Ask for the dry run of ``content`` as a file of ``kind``; the same file twice at once is one job."""
    digest = hashlib.sha256(content).hexdigest()
    label = dict(ImportKind.choices).get(kind, kind)
    return job_request(kind=CHECK, scope_key=f"{kind}:{digest}", params={"kind": kind, "file_name": file_name[:255]},
                       title=_("Checking %(file)s (%(kind)s)") % {"file": file_name[:100], "kind": label},
                       upload=content, actor=actor)


def request_confirm(*, run, actor):
    """Ask for the import of the checked ``run``; a second confirmation while it runs is the same job."""
    return job_request(kind=CONFIRM, scope_key=f"run:{run.pk}", params={"run": run.pk},
                       title=_("Importing %(run)s") % {"run": run}, actor=actor)


def run_check(job, progress):
    progress(10, _("Checking every row"))
    run = services.import_check(kind=job.params["kind"], file_name=job.params["file_name"],
                                content=bytes(job.upload), actor=job.requested_by)
    return Result(url=run.get_absolute_url())


def run_confirm(job, progress):
    run = ImportRun.objects.get(pk=job.params["run"])
    if run.status != ImportRun.Status.IMPORTED:  # imported already: a resend shows the first result
        progress(10, _("Importing every row in one transaction"))
        run = services.import_confirm(run=run, actor=job.requested_by)
    return Result(url=run.get_absolute_url())


register(CHECK, run_check)
register(CONFIRM, run_confirm)
