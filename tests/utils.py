"""Helpers for tests."""
import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(func):
    """Run ``func`` and return (its result, the number of queries it ran)."""
    with CaptureQueriesContext(connection) as ctx:
        result = func()
    return result, len(ctx.captured_queries)


def is_postgres():
    return connection.vendor == "postgresql"


postgres_only = pytest.mark.skipif("not __import__('tests.utils').utils.is_postgres()",
                                   reason="needs PostgreSQL (row locks and real concurrency)")


def run_at_once(func, n=2):
    """Run ``func`` in ``n`` threads released together; return what each returned or raised (PostgreSQL tests)."""
    barrier = threading.Barrier(n)
    results = []

    def worker():
        try:
            barrier.wait()
            results.append(func())
        except Exception as exc:  # noqa: BLE001 — the test inspects what each thread ended with
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results
