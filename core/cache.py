"""Reuse a report's figures until the data behind them changes, group by group.

Every change of data goes through a service that writes an audit event (the project's rule:
services, bulk paths and imports alike), and the event names the group it changed. So the id of
the newest audit event *of a group* is a version of everything the reports read about that group,
and the newest event *without* a group (an import, a region, a user) a version of what every group
may depend on. ``reuse_per_group`` keeps each group's raw figures under those two versions, the
day, the language and the period: a sheet submitted in one group makes the next view recompute
that group only, and any scope (a region, an officer's groups, all of LP2M) adds up the groups' raw
figures. One query reads the versions of a whole scope: ``audit.GroupVersion`` holds each group's
newest event id, written by ``audit.services`` with the event (a primary-key lookup per group).

The cache is Django's ``default`` cache, shared by every worker: the database cache table, or
Redis when ``REDIS_URL`` is set (``lkp/settings/base.py``). The timeout bounds the life of figures
a change made outside the services (the admin, a shell) would leave stale.

Why the newest id is enough: within a group, services hold the group's row (one lock order), so
its audit events commit in the order of their ids; the versions are read *before* the figures are
computed, so figures are never older than the version they are kept under.
"""
import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max, OuterRef, QuerySet, Subquery
from django.utils.translation import get_language

from audit.models import AuditEvent, GroupVersion
from core.dates import today
from groups.models import Group

FEW_CLAIMS = 10  # at most this many values missing are claimed one by one; more are one batch
CLAIM_SECONDS = 60  # a claim lost with its process (a killed worker) holds no one back longer
WAIT_SECONDS = 5.0  # how long a view waits for another's value before computing it itself
POLL_SECONDS = 0.05


def data_version():
    """Return the id of the newest audit event (None before the first)."""
    return AuditEvent.objects.aggregate(v=Max("id"))["v"]


def _key_part(part):
    """A queryset stands for the ids it holds (a scope of groups); anything else for itself."""
    if isinstance(part, QuerySet):
        return tuple(part.order_by("pk").values_list("pk", flat=True))
    return part


def _digest(*parts):
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:40]


def reuse_until_changed(name, parts, compute):
    """Return ``compute()``, cached under ``name``, ``parts``, today, the language and the data version.

    ``parts`` is the scope and period; a queryset among them counts as the ids it holds. Any
    change anywhere recomputes it: prefer ``reuse_per_group`` for figures that add up by group.
    """
    parts = tuple(_key_part(part) for part in parts)
    key = f"reports:{name}:{_digest(data_version(), today(), get_language(), parts)}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=settings.REPORTS_CACHE_SECONDS)
    return value


def _groups_queryset(groups):
    if isinstance(groups, QuerySet):
        return groups.order_by()
    return Group.objects.filter(pk__in=list(groups)).order_by()


def group_versions(groups):
    """Return {group_id: (newest audit id of the group, newest audit id without a group)}; one query.

    ``groups`` is a queryset of groups (a scope) or group ids.
    """
    newest = GroupVersion.objects.filter(group=OuterRef("pk")).values("event_id")
    shared = AuditEvent.objects.filter(group__isnull=True).order_by("-id").values("id")[:1]
    rows = _groups_queryset(groups).annotate(v=Subquery(newest), s=Subquery(shared)).values_list("pk", "v", "s")
    return {pk: (version, shared_version) for pk, version, shared_version in rows}


def reuse_per_group(name, groups, parts, compute):
    """Return {group_id: value} for ``groups``, each group's value reused until that group changes.

    ``compute(ids)`` returns {group_id: value} for the list of group ids not in the cache, in one
    go (a batch of grouped queries, not one group after another). ``parts`` is the period and
    anything else the value depends on besides the group. Values must be picklable.
    """
    versions = group_versions(groups)
    context = (today(), get_language(), tuple(_key_part(part) for part in parts))
    keys = {gid: f"groups:{name}:{gid}:{_digest(version, context)}" for gid, version in versions.items()}
    found = cache.get_many(list(keys.values())) if keys else {}
    result = {gid: found[key] for gid, key in keys.items() if key in found}
    missing = [gid for gid in keys if gid not in result]
    if missing:
        result.update(_compute_once({gid: keys[gid] for gid in missing}, compute))
    return result


def _compute_once(keys, compute):
    """Return {id: value} for ``keys`` ({id: cache key}, none of them cached), computing each value once
    however many processes ask for it at the same moment.

    After a sheet, every manager looking and the job worker warming (``reports.warm``) miss the same
    group at once; each computing it would multiply the work on a busy machine. The first to ask
    claims the key (``cache.add``, atomic in both backends) and computes; the others wait for its
    value, and compute it themselves only if it is not there within ``WAIT_SECONDS`` (a claim lost
    with its process expires after ``CLAIM_SECONDS``). Many keys at once (a cold cache) are one
    batch of grouped queries, computed without claims.
    """
    if len(keys) > FEW_CLAIMS:
        mine, theirs = list(keys), []
    else:
        mine, theirs = [], []
        for ident, key in keys.items():
            (mine if cache.add(_claim_key(key), 1, timeout=CLAIM_SECONDS) else theirs).append(ident)
    result = _computed(keys, mine, compute) if mine else {}
    if theirs:
        waited = _wait_for({ident: keys[ident] for ident in theirs})
        result.update(waited)
        late = [ident for ident in theirs if ident not in waited]
        if late:
            result.update(_computed(keys, late, compute))
    return result


def _claim_key(key):
    return f"{key}:computing"


def _computed(keys, idents, compute):
    try:
        computed = compute(idents)
        cache.set_many({keys[ident]: computed[ident] for ident in idents}, timeout=settings.REPORTS_CACHE_SECONDS)
    finally:
        cache.delete_many([_claim_key(keys[ident]) for ident in idents])
    return {ident: computed[ident] for ident in idents}


def _wait_for(keys):
    """Return what another process computes of ``keys`` within ``WAIT_SECONDS`` (one cache read a poll)."""
    found = {}
    deadline = time.monotonic() + WAIT_SECONDS
    while len(found) < len(keys) and time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        waiting = {key: ident for ident, key in keys.items() if ident not in found}
        found.update((waiting[key], value) for key, value in cache.get_many(list(waiting)).items())
    return found


def reuse_for_scope(name, groups, parts, compute):
    """Return ``compute()``, cached until any group of ``groups`` changes (one query, one read when warm).

    For what is put together from the groups' cached figures (``reuse_per_group``): a repeated view
    reads the whole result at once; after a change in one group, ``compute`` recomputes that group's
    figures and reuses every other group's.
    """
    versions = sorted(group_versions(groups).items())
    parts = tuple(_key_part(part) for part in parts)
    key = f"scope:{name}:{_digest(versions, today(), get_language(), parts)}"
    value = cache.get(key)
    if value is None:
        value = _compute_once({key: key}, lambda keys: {key: compute()})[key]
    return value
