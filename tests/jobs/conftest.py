"""Group A with three members who saved in the first half of 2024; the database backend and an
in-process worker for the tests that watch a job wait, run and finish."""
import datetime
from unittest import mock

import pytest
from django_tasks_db.management.commands.db_worker import Worker

from savings.services import savings_deposit
from tests.factories import MemberFactory

D = datetime.date
HALF = "start=2024-01-01&end=2024-06-30"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def savers(group_a, manager):
    members = [MemberFactory(group=group_a, full_name=name, joined_on=D(2023, 1, 1))
               for name in ("Rosmaniar", "Yusnimar", "Nurhayati")]
    for i, member in enumerate(members):
        savings_deposit(member=member, kind="pokok", amount=50_000, date=D(2024, 1, 10), actor=manager)
        savings_deposit(member=member, kind="sukarela", amount=10_000 * (i + 1), date=D(2024, 3, 5), actor=manager)
    return members


@pytest.fixture
def queued(settings):
    """Jobs wait in the database queue (django-tasks-db) until ``work()`` runs a worker in this process."""
    settings.TASKS = DATABASE_TASKS


def work():
    """Run the database worker here until the queue is empty.

    Inside the test's transaction: the worker's ``close_old_connections`` (between tasks) would close
    the test's connection, so it is left out here; tests/jobs/test_worker.py runs the real process.
    """
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        _worker().run()


def _worker():
    return Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
           max_tasks=None, worker_id="test-worker", excluded_queue_names=[])


@pytest.fixture
def two_years_rat(group_a, manager):
    """Group A's 2024 book year (``tests.yearend.scenarios.build_small``) closed at its RAT."""
    from tests.yearend.scenarios import RAT, YEAR, build_small
    from yearend.services import year_end_post

    build_small(group_a, manager)
    year_end_post(group=group_a, year=YEAR, decided_on=RAT, agreed_by="RAT 2024", actor=manager)
    return group_a
