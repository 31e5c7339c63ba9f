"""The seed's planner statistics: refreshed inside its one transaction, at doubling points."""
import pytest
from django.db import connection

import demo.statistics
from demo.statistics import is_refresh_point, refresh_statistics
from tests.factories import GroupFactory


def test_the_statistics_are_refreshed_at_4_8_16_and_so_on_groups():
    assert [n for n in range(1, 1_201) if is_refresh_point(n)] == [4, 8, 16, 32, 64, 128, 256, 512, 1024]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner statistics")
@pytest.mark.django_db
def test_refreshing_inside_the_transaction_counts_its_own_new_rows():
    GroupFactory.create_batch(30)  # written by this test's transaction, not committed
    refresh_statistics()
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'groups_group'")
        assert cursor.fetchone()[0] >= 30


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner statistics")
@pytest.mark.django_db
def test_refreshing_locks_none_of_the_clusters_shared_catalogs():
    """A lock on them, held to the seed's commit, would stop every other database's ANALYZE."""
    refresh_statistics()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                       "WHERE l.pid = pg_backend_pid() AND c.relisshared")
        assert cursor.fetchone()[0] == 0


def test_growing_refreshes_before_the_fifth_and_the_ninth_group(monkeypatch):
    seen = []
    monkeypatch.setattr(demo.statistics, "refresh_statistics", lambda: seen.append("refresh"))
    for group in demo.statistics.growing(range(10)):
        seen.append(group)
    assert seen == [0, 1, 2, 3, "refresh", 4, 5, 6, 7, "refresh", 8, 9]
