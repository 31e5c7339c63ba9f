"""Reuse a report's figures until the data behind it changes.

Every change of data goes through a service that writes an audit event (the project's rule:
services, bulk paths and imports alike), so the id of the newest audit event is a version of
everything the reports read. A report cached under that version, the day and its scope is
right until the next change, whenever it comes; one indexed query checks it. The timeout
bounds the life of figures a change made outside the services (the admin, a shell) would
leave stale.
"""
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max

from audit.models import AuditEvent
from core.dates import today


def data_version():
    """Return the id of the newest audit event (None before the first)."""
    return AuditEvent.objects.aggregate(v=Max("id"))["v"]


def reuse_until_changed(name, parts, compute):
    """Return ``compute()``, cached under ``name``, ``parts`` (the scope and period), today and the data version."""
    digest = hashlib.sha256(repr((data_version(), today(), parts)).encode()).hexdigest()
    key = f"reports:{name}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=settings.REPORTS_CACHE_SECONDS)
    return value
