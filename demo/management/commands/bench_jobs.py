"""Time the background jobs as a person meets them: how fast the request answers (it only queues the
job), and how long until a real ``db_worker`` process has the PDF ready; with the machine's load.

Targets (issue #16): the request answers within 1 s; the PDF of 25 statements is ready within 8 s.
Run on a database with demo data (``seed_demo``), e.g. ``manage.py bench_jobs --runs 3``.
"""
import datetime
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import override_settings

from accounts.models import User
from core.dates import add_months, today
from groups.models import Group
from jobs.models import Job
from yearend.selectors import book_years

ROOT = Path(settings.BASE_DIR)
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def load():
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


class Command(BaseCommand):
    help = "Time the request and the job (a real db_worker) for a group's statements and the RAT package PDF."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=3)
        parser.add_argument("--timeout", type=float, default=300)

    def handle(self, *args, runs, timeout, **opts):
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            raise CommandError("Needs a database another process can open (a SQLite file or PostgreSQL).")
        manager = User.objects.filter(role=User.Role.MANAGER, is_active=True).order_by("pk").first()
        group = Group.objects.annotate(n=Count("members")).filter(n__gt=0).order_by("-n", "pk").first()
        if manager is None or group is None:
            raise CommandError("Needs a manager and a group with members: run seed_demo first.")
        end = today()
        start = add_months(end, -12) + datetime.timedelta(days=1)
        jobs = [(f"statements of {group.members.count()} members, 12 months",
                 f"/reports/groups/{group.pk}/member-statements/pdf/?start={start}&end={end}")]
        years = book_years(group)
        if years:
            jobs.append((f"RAT package {years[0][0]} PDF", f"/reports/groups/{group.pk}/rat/{years[0][0]}/pdf/"))
        self.stdout.write(f"{group} ({group.code}); database {connection.vendor}; {load()}")
        worker = subprocess.Popen([sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--no-reload",
                                   "--interval", "0.1", "-v", "0"], cwd=ROOT, env=os.environ.copy())
        try:
            with override_settings(ALLOWED_HOSTS=["*"], TASKS=DATABASE_TASKS):
                client = Client()
                client.force_login(manager)
                self._one(client, jobs[0][1], timeout)  # the worker's first job also loads its code: not counted
                for label, url in jobs:
                    answers, ready, job = [], [], None
                    for _run in range(runs):
                        answer, done, job = self._one(client, url, timeout)
                        answers.append(answer)
                        ready.append(done)
                    self.stdout.write(
                        f"{label:40} request median {statistics.median(answers) * 1000:5.0f} ms "
                        f"(max {max(answers) * 1000:.0f}); ready median {statistics.median(ready):5.1f} s "
                        f"(max {max(ready):.1f}); {job.result_size // 1024} KB")
        finally:
            worker.terminate()
            worker.wait(timeout=60)
        self.stdout.write(f"after: {load()}")

    def _one(self, client, url, timeout):
        """Ask for the job as the button does; return (request seconds, seconds until ready, the job)."""
        started = time.perf_counter()
        response = client.post(url)
        answered = time.perf_counter() - started
        if response.status_code != 302 or not response.url.startswith("/jobs/"):
            raise CommandError(f"{url} answered {response.status_code}")
        pk = response.url.strip("/").split("/")[-1]
        while Job.objects.filter(pk=pk, status__in=("pending", "running")).exists():
            if time.perf_counter() - started > timeout:
                raise CommandError(f"job {pk} not done after {timeout} s: is a worker running?")
            time.sleep(0.1)
        done = time.perf_counter() - started
        job = Job.objects.defer("result").get(pk=pk)
        if job.status != Job.Status.DONE:
            raise CommandError(f"job {pk} ended {job.status}: {job.error}")
        return answered, done, job
