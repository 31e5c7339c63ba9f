"""Asking for a job, running it, and what it keeps: one job per scope while it waits or runs, its
progress, its PDF, its error, a retry; a job whose worker died is replaced."""
import datetime
import io

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from audit.models import AuditEvent
from jobs.models import Job
from jobs.services import job_progress, job_retry, job_run, jobs_prune
from reports.jobs import request_member_statements, request_rat_package
from reports.selectors.scope import Period

from .conftest import D, work

pytestmark = pytest.mark.django_db
HALF = Period(D(2024, 1, 1), D(2024, 6, 30))


def _pdf_text(job):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(bytes(job.result))).pages)


def test_the_same_job_asked_twice_while_waiting_is_one_job(queued, savers, group_a, manager, bendahara1):
    first = request_member_statements(group=group_a, period=HALF, paper="A4", actor=bendahara1)
    again = request_member_statements(group=group_a, period=HALF, paper="A4", actor=manager)
    assert again.pk == first.pk and first.status == Job.Status.PENDING
    assert Job.objects.count() == 1 and DBTaskResult.objects.count() == 1
    assert first.task_id == str(DBTaskResult.objects.get().id)
    assert AuditEvent.objects.filter(action="jobs.request", object_id=str(first.pk)).count() == 1
    other_paper = request_member_statements(group=group_a, period=HALF, paper="F4", actor=bendahara1)
    assert other_paper.pk != first.pk  # another scope key: another job

    work()
    first.refresh_from_db()
    assert (first.status, first.percent, first.step, first.error) == (Job.Status.DONE, 100, "", "")
    assert first.requested_by == bendahara1 and first.started_at <= first.finished_at
    assert first.result_type == "application/pdf"
    assert first.result_name == f"laporan-anggota-semua-{group_a.code}-2024-06-30.pdf"
    reader = PdfReader(io.BytesIO(bytes(first.result)))
    assert len(reader.pages) == 3 and first.result_size == len(first.result)
    # One member's statement after another, by name, each with her own savings.
    pages = [page.extract_text() for page in reader.pages]
    assert "Nurhayati" in pages[0] and "Rosmaniar" in pages[1] and "Yusnimar" in pages[2]
    assert "30.000" in pages[0] and "10.000" in pages[1] and "20.000" in pages[2]
    # Finished, it no longer holds the scope: asking again makes a new job.
    assert request_member_statements(group=group_a, period=HALF, paper="A4", actor=manager).pk != first.pk


def test_a_task_delivered_twice_runs_the_job_once(queued, savers, group_a, manager):
    job = request_member_statements(group=group_a, period=HALF, paper="A4", actor=manager)
    assert job_run(job_id=job.pk) == Job.Status.DONE
    finished = Job.objects.get(pk=job.pk).finished_at
    assert job_run(job_id=job.pk) is None
    assert Job.objects.get(pk=job.pk).finished_at == finished


def test_the_database_refuses_a_second_active_job_for_a_scope(group_a, manager):
    Job.objects.create(kind="reports.member_statements", scope_key="k", title="t", requested_by=manager)
    # SQLite names the columns, PostgreSQL the constraint.
    with pytest.raises(IntegrityError, match="jobs_job_one_active_per_scope|jobs_job.kind, jobs_job.scope_key"), \
            transaction.atomic():
        Job.objects.create(kind="reports.member_statements", scope_key="k", title="t", requested_by=manager,
                           status=Job.Status.RUNNING)
    done = Job.objects.create(kind="reports.member_statements", scope_key="k2", title="t", requested_by=manager,
                              status=Job.Status.DONE, finished_at=timezone.now())
    Job.objects.create(kind=done.kind, scope_key="k2", title="t", requested_by=manager)  # a finished one is no bar


def test_progress_is_bounded_and_only_for_a_running_job(queued, savers, group_a, manager):
    job = request_member_statements(group=group_a, period=HALF, paper="A4", actor=manager)
    job_progress(job_id=job.pk, percent=50, step="x")
    assert Job.objects.get(pk=job.pk).percent == 0  # still waiting: nothing recorded
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
    job_progress(job_id=job.pk, percent=250, step="Laporan 2 dari 3")
    job.refresh_from_db()
    assert (job.percent, job.step) == (100, "Laporan 2 dari 3")
    job_progress(job_id=job.pk, percent=-3)
    assert Job.objects.get(pk=job.pk).percent == 0


def test_a_job_whose_worker_stopped_is_replaced(queued, savers, group_a, manager, settings):
    job = request_member_statements(group=group_a, period=HALF, paper="A4", actor=manager)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING,
                                         updated_at=timezone.now() - datetime.timedelta(seconds=901))
    fresh = request_member_statements(group=group_a, period=HALF, paper="A4", actor=manager)
    job.refresh_from_db()
    assert fresh.pk != job.pk and fresh.status == Job.Status.PENDING
    assert job.status == Job.Status.FAILED and "dihentikan" in job.error
    work()  # the old task finds its job failed and leaves it; the new one runs
    assert Job.objects.get(pk=fresh.pk).status == Job.Status.DONE
    assert Job.objects.get(pk=job.pk).status == Job.Status.FAILED


def test_a_failure_is_told_in_words_and_can_be_retried(two_years_rat, manager):
    group = two_years_rat
    job = request_rat_package(group=group, year=1990, paper="A4", actor=manager)
    assert job.status == Job.Status.FAILED  # the immediate backend ran it at once
    assert job.error == "1990 bukan tahun buku kelompok ini yang sudah berakhir."
    assert job.result is None and job.finished_at is not None
    again = job_retry(job=job, actor=manager)
    assert again.pk != job.pk and again.status == Job.Status.FAILED and again.params == job.params
    done = request_rat_package(group=group, year=2024, paper="F4", actor=manager)
    assert done.status == Job.Status.DONE and "Paket RAT 2024" in " ".join(_pdf_text(done).split())
    from django.core.exceptions import ValidationError
    with pytest.raises(ValidationError):
        job_retry(job=done, actor=manager)


def test_an_unexpected_error_is_a_plain_message(savers, group_a, manager, monkeypatch):
    import reports.jobs

    def broken(*args, **kwargs):
        raise ZeroDivisionError("internal detail")

    monkeypatch.setattr(reports.jobs, "member_statements", broken)
    job = request_member_statements(group=group_a, period=HALF, paper="A4", actor=manager)
    assert job.status == Job.Status.FAILED
    assert "internal detail" not in job.error and "Terjadi kesalahan" in job.error


def test_a_file_too_large_is_refused(savers, group_a, manager, settings):
    settings.JOBS_MAX_RESULT_BYTES = 1000
    job = request_member_statements(group=group_a, period=HALF, paper="A4", actor=manager)
    assert job.status == Job.Status.FAILED and job.result is None and "lebih besar dari" in job.error


def test_a_backend_that_cannot_queue_fails_the_job_in_words(savers, group_a, manager, settings):
    settings.TASKS = {"default": {"BACKEND": "no.such.Backend"}}
    job = request_member_statements(group=group_a, period=HALF, paper="A4", actor=manager)
    assert job.status == Job.Status.FAILED and "antrean" in job.error


def test_old_finished_jobs_are_pruned(savers, group_a, manager, queued):
    old = request_member_statements(group=group_a, period=HALF, paper="A4", actor=manager)
    work()
    Job.objects.filter(pk=old.pk).update(finished_at=timezone.now() - datetime.timedelta(days=8))
    waiting = request_member_statements(group=group_a, period=HALF, paper="F4", actor=manager)
    assert jobs_prune(older_than_days=7) == 1
    assert list(Job.objects.values_list("pk", flat=True)) == [waiting.pk]
