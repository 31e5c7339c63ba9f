"""Fresh planner statistics inside the seed's one long transaction (PostgreSQL).

``seed_demo`` writes everything in one transaction into tables that were empty when it began.
PostgreSQL learns of those rows only at the commit (autovacuum's ANALYZE cannot see them), so its
planner keeps the defaults of an empty table: an ``instalment_id IN (ten ids)`` lookup is guessed to
match 5 % of all allocations and is answered by hashing a whole table. Each lookup then grows with
the data (65 ms at 900 groups), and the seed with the square of its size. ``ANALYZE`` run inside the
transaction does see its own rows.
"""
from django.db import connection


def refresh_statistics():
    """Analyze the project's tables now, inside the current transaction (PostgreSQL only; else a no-op).

    Named, not a bare ``ANALYZE``: that takes the cluster's shared catalogs too, and holds their lock
    until the seed commits, so every other database's ANALYZE (a test suite's seed) waits an hour.
    """
    if connection.vendor == "postgresql":
        tables = ", ".join(connection.ops.quote_name(t) for t in sorted(connection.introspection.django_table_names(
            only_existing=True, include_views=False)))
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {tables}")


def growing(groups):
    """Yield ``groups`` one by one, the statistics refreshed once 4, 8, 16, ... of them are written."""
    for done, group in enumerate(groups):
        if is_refresh_point(done):
            refresh_statistics()
        yield group


def is_refresh_point(done):
    """Return whether ``done`` groups into a loop the statistics are due again: at 4, 8, 16, 32, ...

    Doubling keeps every estimate within a factor two of the truth for a logarithmic number of
    ANALYZE runs (nine in a loop over 1,200 groups, a second or two each).
    """
    return done >= 4 and done & (done - 1) == 0
