"""Helpers for tests."""
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
