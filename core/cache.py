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
from django.db.models import Max, QuerySet
from django.utils.translation import get_language

from audit.models import AuditEvent
from core.dates import today


def data_version():
    """Return the id of the newest audit event (None before the first)."""
    return AuditEvent.objects.aggregate(v=Max("id"))["v"]


def _key_part(part):
    """A queryset stands for the ids it holds (a scope of groups); anything else for itself."""
    if isinstance(part, QuerySet):
        return tuple(part.order_by("pk").values_list("pk", flat=True))
    return part


def reuse_until_changed(name, parts, compute):
    """Return ``compute()``, cached under ``name``, ``parts``, today, the language and the data version.

    ``parts`` is the scope and period; a queryset among them counts as the ids it holds.
    """
    parts = tuple(_key_part(part) for part in parts)
    digest = hashlib.sha256(repr((data_version(), today(), get_language(), parts)).encode()).hexdigest()
    key = f"reports:{name}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=settings.REPORTS_CACHE_SECONDS)
    return value
