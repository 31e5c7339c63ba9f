"""Settings for the test suite: fast hashing, no static manifest."""
import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES, env

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory. Django shares one in-memory connection between the test and every request
    # thread of the live server; a page and its service worker asking at once corrupted its
    # transaction state (IndexError in atomic) and left a test's rows committed for the rest of the
    # run. With a file each thread has its own connection, as on PostgreSQL. The process id keeps
    # two runs apart; /dev/shm keeps it in memory where the machine has it.
    _shm = Path("/dev/shm")  # noqa: S108 (the test database only: nothing secret, a name per process)
    _tmp = _shm if _shm.is_dir() else Path(tempfile.gettempdir())
    DATABASES["default"]["TEST"] = {"NAME": str(_tmp / f"lkp-test-{os.getpid()}.sqlite3")}

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The demo seeding runs in tests with DEBUG off (it refuses elsewhere without --allow-production).
LKP_DEMO_DATA_ALLOWED = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Jobs run at once, inside the request that asks for them (deterministic); tests/jobs/test_worker.py
# runs a real db_worker against the database backend.
# (That test's worker process is started with LKP_TASKS_BACKEND=django_tasks_db.DatabaseBackend.)
TASKS = {"default": {"BACKEND": env("LKP_TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend"),
                     "QUEUES": ["default"]}}
# Each test process keeps its own cache in memory (query counts then leave the cache out);
# tests/core/test_cache.py runs the database cache and Redis's settings on purpose.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The immediate backend would warm the reports inside every service call; tests/reports/test_warm.py
# turns it on where it is the subject.
LKP_WARM_REPORTS = False
