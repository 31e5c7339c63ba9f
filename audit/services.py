"""Write audit events. Every service that changes money or rules calls :func:`audit_record`, or
:func:`audit_record_many` for many rows at once; no other module inserts audit events (``core.cache``
counts on one event for every change)."""
import json
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from core.db import insert_rows

from .models import AuditEvent, GroupVersion
from .signals import groups_changed


def _bump(group_ids, event_id):
    """Make ``event_id`` the version of ``group_ids`` (``core.cache.group_versions``): one upsert."""
    if group_ids:
        GroupVersion.objects.bulk_create([GroupVersion(group_id=gid, event_id=event_id) for gid in sorted(group_ids)],
                                         update_conflicts=True, unique_fields=["group"], update_fields=["event_id"])
        _announce_after_commit(group_ids)


class _Changed:
    """``groups_changed`` for the groups of one transaction, sent once after it commits."""

    def __init__(self, group_ids):
        self.group_ids = set(group_ids)

    def __call__(self):
        groups_changed.send(sender=GroupVersion, group_ids=frozenset(self.group_ids))


def _announce_after_commit(group_ids):
    """Send ``groups_changed`` for ``group_ids`` after the commit, and only then: a receiver that reads
    the data must see the change. Robust: a receiver's failure is logged and never turns a committed
    change into an error page.

    One signal a transaction, not one an event: a sheet writes an event for each loan repaid, and
    each signal costs its receivers a cache query. The groups join the callback registered under the
    same savepoints, so a savepoint rolled back drops its groups with its callback and nothing else.
    """
    savepoints = set(connection.savepoint_ids)
    for registered_under, callback, _robust in connection.run_on_commit:
        if isinstance(callback, _Changed) and registered_under == savepoints:
            callback.group_ids |= group_ids
            return
    transaction.on_commit(_Changed(group_ids), robust=True)


def audit_record(*, actor, action, obj, group=None, data=None):
    """Record that ``actor`` did ``action`` to ``obj``; call inside the service's transaction."""
    event = AuditEvent.objects.create(
        actor=actor,
        action=action,
        group=group,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        data=data or {},
    )
    if group is not None:
        _bump({group.pk}, event.pk)
    return event


@dataclass(slots=True)
class Event:
    """One event for :func:`audit_record_many`: ``action`` done to the object ``object_type`` #``object_id``."""

    action: str
    object_type: str
    object_id: object
    group_id: int | None = None
    data: dict | None = None


def event_for(action, obj, *, group_id=None, data=None):
    """Return the :class:`Event` of ``action`` done to the saved model instance ``obj``."""
    return Event(action, obj._meta.label_lower, obj.pk, group_id, data)


def audit_record_many(events, *, actor):
    """Record ``events`` (:class:`Event`) done by ``actor`` in a few multi-row inserts; return how many.

    What :func:`audit_record` called on each would write, for the bulk paths (seeding, imports, a
    year end's shares). Call inside the service's transaction.
    """
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    rows = [(now, actor.pk, e.action, e.group_id, e.object_type, str(e.object_id), json.dumps(e.data or {}))
            for e in events]
    insert_rows(AuditEvent, ["created_at", "actor_id", "action", "group_id", "object_type", "object_id", "data"],
                rows)
    group_ids = {e.group_id for e in events if e.group_id is not None}
    if group_ids:  # any id newer than each group's last is a new version: the batch's newest
        _bump(group_ids, AuditEvent.objects.aggregate(v=Max("id"))["v"])
    return len(rows)
