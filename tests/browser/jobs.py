"""A background worker for a browser journey: the jobs the pages ask for wait in the database queue
until ``worker.start()``, then a django-tasks-db worker in a thread of this process runs them (the
other tests run jobs at once with the immediate backend)."""
import threading

from django.db import connections
from django.test import override_settings
from django_tasks_db.management.commands.db_worker import Worker

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


class BackgroundWorker:
    def __init__(self):
        self.settings = override_settings(TASKS=DATABASE_TASKS)
        self.worker = Worker(queue_names=["default"], interval=0.2, batch=False, backend_name="default",
                             startup_delay=False, max_tasks=None, worker_id="browser-worker",
                             excluded_queue_names=[])
        self.thread = None
        # An in-memory SQLite test database is one connection, shared with the live server as Django does.
        self.shared = {c.alias: c for c in connections.all() if c.vendor == "sqlite" and c.is_in_memory_db()}

    def __enter__(self):
        self.settings.enable()
        return self

    def start(self):
        for conn in self.shared.values():
            conn.inc_thread_sharing()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        for alias, conn in self.shared.items():
            connections[alias] = conn
        try:
            self.worker.run()
        finally:
            if not self.shared:
                connections.close_all()

    def __exit__(self, *exc):
        self.worker.running = False
        if self.thread is not None:
            self.thread.join(timeout=60)
            for conn in self.shared.values():
                conn.dec_thread_sharing()
        self.settings.disable()
