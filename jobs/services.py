"""Writes for jobs: ask for one (the same job asked twice while it waits or runs is one job), run it
in a worker, record its progress, its file or its error, and ask again after a failure.

``job_request`` is called outside a transaction (views are not atomic): the job is committed, then
handed to the TASKS backend, so a worker on any backend finds it.
"""
import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.services import audit_record

from . import registry
from .models import ACTIVE, Job

logger = logging.getLogger(__name__)


def _stale_after():
    return datetime.timedelta(seconds=getattr(settings, "JOBS_STALE_SECONDS", 900))


def _max_bytes():
    return getattr(settings, "JOBS_MAX_RESULT_BYTES", 50 * 1024 * 1024)


def job_request(*, kind, scope_key, params, title, actor, group=None, region=None, upload=None, language=None):
    """Return the job of ``kind`` for ``scope_key``: the one waiting or running, else a new one, queued.

    A job that has shown no progress for ``JOBS_STALE_SECONDS`` (its worker was stopped) is marked
    failed and replaced.
    """
    registry.kind(kind)
    job, created = _job_create(kind=kind, scope_key=scope_key[:200], params=params, title=title[:200], actor=actor,
                               group=group, region=region, upload=upload,
                               language=language or translation.get_language() or settings.LANGUAGE_CODE)
    if created:
        _enqueue(job)
        job.refresh_from_db()
    return job


@transaction.atomic
def _job_create(*, kind, scope_key, params, title, actor, group, region, upload, language):
    active = Job.objects.select_for_update().filter(kind=kind, scope_key=scope_key, status__in=ACTIVE).first()
    if active is not None:
        if active.updated_at >= timezone.now() - _stale_after():
            return active, False
        with translation.override(active.language):
            _finish(active.pk, status=Job.Status.FAILED,
                    error=_("The job stopped without finishing (its worker was stopped). Ask for it again."))
    try:
        with transaction.atomic():
            job = Job.objects.create(kind=kind, scope_key=scope_key, params=params, title=title, group=group,
                                     region=region, requested_by=actor, upload=upload, language=language)
    except IntegrityError:  # asked at the same moment by someone else: theirs is the job
        return Job.objects.get(kind=kind, scope_key=scope_key, status__in=ACTIVE), False
    audit_record(actor=actor, action="jobs.request", obj=job, group=group,
                 data={"kind": kind, "scope": scope_key})
    return job, True


def _enqueue(job):
    from .tasks import run_job  # not at the top: jobs.tasks imports job_run from here (a real cycle)

    try:
        result = run_job.enqueue(job.pk)
    except Exception:  # the backend is unreachable: say so on the job's page instead of a 500
        logger.exception("job %s could not be queued", job.pk)
        with translation.override(job.language):
            _finish(job.pk, status=Job.Status.FAILED,
                    error=_("The job could not be queued. Try again in a moment; if it fails again, tell the "
                            "administrator."))
        return
    Job.objects.filter(pk=job.pk, task_id="").update(task_id=str(result.id)[:64])


def job_run(*, job_id):
    """Do job ``job_id`` (in a worker): run its kind, then keep its file or its error. Returns its status.

    A job that is no longer waiting (run already, or replaced) is left alone, so a task delivered
    twice runs the job once.
    """
    job = _job_start(job_id)
    if job is None:
        return None
    with translation.override(job.language):
        try:
            result = registry.kind(job.kind).run(job, lambda percent, step="": job_progress(
                job_id=job.pk, percent=percent, step=step))
            if result.data is not None and len(result.data) > _max_bytes():
                raise ValidationError(_("The file is larger than %(mb)s MB: ask for a shorter period or fewer "
                                        "groups.") % {"mb": _max_bytes() // (1024 * 1024)})
        except ValidationError as exc:
            _finish(job.pk, status=Job.Status.FAILED, error="\n".join(exc.messages))
        except Exception:
            logger.exception("job %s (%s) failed", job.pk, job.kind)
            _finish(job.pk, status=Job.Status.FAILED,
                    error=_("Something went wrong while doing this job. Try again; if it fails again, tell the "
                            "administrator."))
        else:
            _finish(job.pk, status=Job.Status.DONE, result=result)
    return Job.objects.values_list("status", flat=True).get(pk=job.pk)


@transaction.atomic
def _job_start(job_id):
    job = Job.objects.select_for_update().filter(pk=job_id).first()
    if job is None or job.status != Job.Status.PENDING:
        return None
    now = timezone.now()
    job.status, job.started_at, job.updated_at, job.percent = Job.Status.RUNNING, now, now, 0
    job.save(update_fields=["status", "started_at", "updated_at", "percent"])
    return job


def job_progress(*, job_id, percent, step=""):
    """Record how far a running job is: ``percent`` (0-100) and the step it is at, in words."""
    Job.objects.filter(pk=job_id, status=Job.Status.RUNNING).update(
        percent=min(max(int(percent), 0), 100), step=str(step)[:200], updated_at=timezone.now())


def _finish(job_id, *, status, result=None, error=""):
    now = timezone.now()
    values = {"status": status, "finished_at": now, "updated_at": now, "error": error}
    if status == Job.Status.DONE:
        values.update(percent=100, step="", result=result.data, result_name=result.name[:200],
                      result_type=result.content_type[:100], result_size=len(result.data or b""),
                      result_url=result.url[:200])
    Job.objects.filter(pk=job_id, status__in=ACTIVE).update(**values)


def job_retry(*, job, actor, language=None):
    """Ask again for a failed job: the same kind, scope and parameters, as a new job."""
    if job.status != Job.Status.FAILED:
        raise ValidationError(_("Only a failed job can be asked for again."), code="not_failed")
    return job_request(kind=job.kind, scope_key=job.scope_key, params=job.params, title=job.title, actor=actor,
                       group=job.group, region=job.region, upload=job.upload, language=language)


@transaction.atomic
def jobs_prune(*, older_than_days, actor=None):
    """Delete finished jobs (and their files) older than ``older_than_days``; return how many."""
    cutoff = timezone.now() - datetime.timedelta(days=older_than_days)
    deleted, _by_model = Job.objects.exclude(status__in=ACTIVE).filter(finished_at__lt=cutoff).delete()
    return deleted
