"""Settings for the test suite: fast hashing, no static manifest."""
from .base import *  # noqa: F403
from .base import env

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
