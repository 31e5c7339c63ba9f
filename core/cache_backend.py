"""The database cache, writing many entries in one statement (``core.cache.reuse_per_group``).

Django's ``DatabaseCache.set_many`` sets key by key, each with a count of the table (for culling),
a read and a write: a cold dashboard wrote its 30 groups' entries in some 400 queries. Here one
count and one multi-row upsert (PostgreSQL and SQLite both have ``ON CONFLICT``) write them all.
"""
import base64
import pickle
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router
from django.utils.timezone import now as tz_now


class BulkDatabaseCache(DatabaseCache):
    """``DatabaseCache`` whose ``set_many`` is one count and one upsert, and ``add`` one statement."""

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        """Add ``key`` unless it is there and not expired; return whether it was added (one statement).

        ``core.cache`` claims a value about to be computed with it, a few times a view after a
        change: Django's own ``add`` is a count, a read and a write each time. Claims are deleted
        when done, so this leaves culling to ``set_many``.
        """
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        table = quote(self._table)
        pickled = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
        now = connection.ops.adapt_datetimefield_value(tz_now().replace(microsecond=0))
        with connection.cursor() as cursor:
            cursor.execute(  # one statement: atomic by itself; an expired entry is taken over
                f"INSERT INTO {table} ({quote('cache_key')}, {quote('value')}, {quote('expires')}) "  # noqa: S608
                f"VALUES (%s, %s, %s) ON CONFLICT ({quote('cache_key')}) DO UPDATE SET "
                f"{quote('value')} = excluded.{quote('value')}, {quote('expires')} = excluded.{quote('expires')} "
                f"WHERE {table}.{quote('expires')} < %s",
                [key, pickled, self._expires(connection, timeout), now])
            return cursor.rowcount == 1

    def _expires(self, connection, timeout):
        timeout = self.get_backend_timeout(timeout)
        if timeout is None:
            expires = datetime.max
        else:
            expires = datetime.fromtimestamp(timeout, tz=UTC if settings.USE_TZ else None)
        return connection.ops.adapt_datetimefield_value(expires.replace(microsecond=0))

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        if not data:
            return []
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        table = quote(self._table)
        expires = self._expires(connection, timeout)
        rows = {self.make_and_validate_key(key, version=version):
                base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
                for key, value in data.items()}
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 (the table is settings)
            count = cursor.fetchone()[0]
            if count > self._max_entries:
                self._cull(db, cursor, tz_now().replace(microsecond=0), count)
            values = ", ".join(["(%s, %s, %s)"] * len(rows))
            params = [part for key, value in rows.items() for part in (key, value, expires)]
            cursor.execute(  # one statement: atomic by itself
                f"INSERT INTO {table} ({quote('cache_key')}, {quote('value')}, {quote('expires')}) "  # noqa: S608
                f"VALUES {values} ON CONFLICT ({quote('cache_key')}) DO UPDATE SET "
                f"{quote('value')} = excluded.{quote('value')}, {quote('expires')} = excluded.{quote('expires')}",
                params)
        return []
