"""A real ``manage.py db_worker`` process takes a queued job from PostgreSQL and finishes it (PostgreSQL)."""
import io
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from pypdf import PdfReader

from jobs.models import Job
from reports.jobs import request_member_statements
from reports.selectors.scope import Period
from tests.utils import postgres_only

from .conftest import DATABASE_TASKS, D

ROOT = Path(__file__).resolve().parents[2]


def _database_url():
    db = connection.settings_dict
    auth = quote(db["USER"] or "") + (":" + quote(db["PASSWORD"]) if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_db_worker_process_runs_the_job(settings, savers, group_a, bendahara1):
    settings.TASKS = DATABASE_TASKS
    job = request_member_statements(group=group_a, period=Period(D(2024, 1, 1), D(2024, 6, 30)), paper="A4",
                                    actor=bendahara1)
    assert job.status == Job.Status.PENDING
    env = {**os.environ, "DATABASE_URL": _database_url(), "DJANGO_SETTINGS_MODULE": "lkp.settings.test",
           "LKP_TASKS_BACKEND": "django_tasks_db.DatabaseBackend"}
    worker = subprocess.run([sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert worker.returncode == 0, worker.stderr
    job.refresh_from_db()
    assert (job.status, job.percent, job.error) == (Job.Status.DONE, 100, ""), worker.stderr
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(bytes(job.result))).pages]
    assert len(pages) == 3 and "Nurhayati" in pages[0] and "Yusnimar" in pages[2]
    log = worker.stdout + worker.stderr
    assert "run_job" in log and "SUCCESSFUL" in log
