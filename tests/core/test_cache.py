"""Report figures are reused until an audited change, and never across scopes or periods."""
import datetime

import pytest

from core.cache import data_version, reuse_until_changed
from savings.models import SavingsKind
from savings.services import savings_deposit
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


class Counter:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return {"calls": self.calls}


def test_figures_are_reused_until_a_service_changes_the_data(group_a, manager):
    member = MemberFactory(group=group_a, joined_on=datetime.date(2025, 1, 1))
    compute = Counter()
    assert reuse_until_changed("panel", (group_a.pk,), compute) == {"calls": 1}
    assert reuse_until_changed("panel", (group_a.pk,), compute) == {"calls": 1}
    before = data_version()
    savings_deposit(member=member, kind=SavingsKind.SUKARELA, amount=25_000, date=datetime.date(2025, 2, 1),
                    actor=manager)
    assert data_version() != before
    assert reuse_until_changed("panel", (group_a.pk,), compute) == {"calls": 2}
    assert compute.calls == 2


def test_other_scopes_and_reports_are_computed_apart(group_a, group_b):
    compute = Counter()
    reuse_until_changed("panel", (group_a.pk,), compute)
    reuse_until_changed("panel", (group_b.pk,), compute)
    reuse_until_changed("indicators", (group_a.pk,), compute)
    assert compute.calls == 3


def test_one_query_checks_the_version(group_a, django_assert_num_queries):
    reuse_until_changed("panel", (group_a.pk,), Counter())
    with django_assert_num_queries(1):
        reuse_until_changed("panel", (group_a.pk,), Counter())


def test_a_scope_queryset_is_keyed_by_the_groups_it_holds(group_a, group_b):
    from groups.models import Group

    compute = Counter()
    reuse_until_changed("panel", (Group.objects.filter(pk=group_a.pk),), compute)
    reuse_until_changed("panel", (Group.objects.filter(code=group_a.code),), compute)  # same group, other query
    assert compute.calls == 1
    reuse_until_changed("panel", (Group.objects.all(),), compute)
    assert compute.calls == 2


def test_each_language_has_its_own_figures(group_a):
    from django.utils import translation

    compute = Counter()
    for language in ("id", "en", "id"):
        with translation.override(language):
            reuse_until_changed("panel", (group_a.pk,), compute)
    assert compute.calls == 2


class PerGroup:
    """compute(ids) for reuse_per_group: records which groups it was asked for."""

    def __init__(self):
        self.asked = []

    def __call__(self, ids):
        self.asked.append(sorted(ids))
        return {gid: {"group": gid, "call": len(self.asked)} for gid in ids}


def test_a_change_in_one_group_recomputes_that_group_only(group_a, group_b, manager):
    from core.cache import group_versions, reuse_per_group
    from groups.models import Group

    member = MemberFactory(group=group_a, joined_on=datetime.date(2025, 1, 1))
    compute = PerGroup()
    first = reuse_per_group("figures", Group.objects.all(), ("2025",), compute)
    assert reuse_per_group("figures", Group.objects.all(), ("2025",), compute) == first
    assert compute.asked == [sorted([group_a.pk, group_b.pk])]
    before = group_versions([group_a.pk, group_b.pk])
    savings_deposit(member=member, kind=SavingsKind.SUKARELA, amount=25_000, date=datetime.date(2025, 2, 1),
                    actor=manager)
    after = group_versions([group_a.pk, group_b.pk])
    assert after[group_a.pk] != before[group_a.pk] and after[group_b.pk] == before[group_b.pk]
    again = reuse_per_group("figures", Group.objects.all(), ("2025",), compute)
    assert compute.asked[-1] == [group_a.pk]
    assert again[group_b.pk] == first[group_b.pk] and again[group_a.pk]["call"] == 2
    # Another period is other figures; one group's scope reads that group's entry.
    reuse_per_group("figures", Group.objects.all(), ("2024",), compute)
    assert compute.asked[-1] == sorted([group_a.pk, group_b.pk])
    assert reuse_per_group("figures", [group_b.pk], ("2025",), compute) == {group_b.pk: first[group_b.pk]}


def test_a_change_without_a_group_recomputes_every_group(group_a, group_b, manager):
    from audit.services import audit_record
    from core.cache import reuse_per_group

    compute = PerGroup()
    reuse_per_group("figures", [group_a.pk, group_b.pk], (), compute)
    audit_record(actor=manager, action="imports.import", obj=manager)  # an import names no group
    reuse_per_group("figures", [group_a.pk, group_b.pk], (), compute)
    assert compute.asked == [sorted([group_a.pk, group_b.pk])] * 2


def test_bulk_audit_events_are_a_new_version_of_their_groups_only(group_a, group_b, manager):
    from audit.models import AuditEvent
    from audit.services import Event, audit_record_many
    from core.cache import group_versions

    before = group_versions([group_a.pk, group_b.pk])
    audit_record_many([Event("imports.row", "members.member", 1, group_a.pk),
                       Event("imports.row", "members.member", 2, group_a.pk)], actor=manager)
    after = group_versions([group_a.pk, group_b.pk])
    newest = AuditEvent.objects.filter(group=group_a).order_by("-id").values_list("id", flat=True).first()
    assert after[group_a.pk] == (newest, before[group_a.pk][1]) and after[group_a.pk] != before[group_a.pk]
    assert after[group_b.pk] == before[group_b.pk]


def test_one_query_reads_the_versions_of_a_scope(group_a, group_b, django_assert_num_queries):
    from core.cache import group_versions, reuse_per_group
    from groups.models import Group
    from tests.factories import GroupFactory

    reuse_per_group("figures", Group.objects.all(), (), PerGroup())
    with django_assert_num_queries(1):
        reuse_per_group("figures", Group.objects.all(), (), PerGroup())
    for _i in range(5):
        GroupFactory()
    with django_assert_num_queries(1):
        assert len(group_versions(Group.objects.all())) == 7


def test_the_database_cache_is_shared_by_every_worker(group_a, settings):
    """The default cache (no REDIS_URL) is the database table core's migration creates."""
    from django.core.cache import caches
    from django.core.management import call_command
    from django.db import connection

    from core.cache import reuse_per_group
    from lkp.settings import base

    assert base.CACHES["default"]["BACKEND"] == "core.cache_backend.BulkDatabaseCache"
    settings.CACHES = base.CACHES
    call_command("createcachetable", verbosity=0)  # the test settings keep the cache in memory
    caches["default"].clear()
    compute = PerGroup()
    reuse_per_group("figures", [group_a.pk], (), compute)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {base.CACHES['default']['LOCATION']}")  # noqa: S608
        assert cursor.fetchone()[0] == 1
    caches["default"].close()
    reuse_per_group("figures", [group_a.pk], (), compute)  # read back from the table
    assert len(compute.asked) == 1


def test_the_database_cache_writes_many_groups_in_two_queries(settings, django_assert_num_queries):
    """set_many is one count of the table and one upsert, and overwrites what was there."""
    from django.core.cache import caches
    from django.core.management import call_command

    from lkp.settings import base

    settings.CACHES = base.CACHES
    call_command("createcachetable", verbosity=0)
    cache = caches["default"]
    cache.clear()
    cache.set("groups:figures:3", {"savings": 1})
    entries = {f"groups:figures:{gid}": {"savings": gid * 1_250_000} for gid in range(1, 31)}
    with django_assert_num_queries(2):
        assert cache.set_many(entries, timeout=60) == []
    assert cache.get_many(list(entries)) == entries
    assert cache.get("groups:figures:3") == {"savings": 3_750_000}


def test_the_database_cache_claims_a_key_in_one_query_and_takes_over_an_expired_one(
        settings, django_assert_num_queries):
    """add (core.cache's claim) is one statement: added once, refused while it lives, added again once expired."""
    from django.core.cache import caches
    from django.core.management import call_command

    from lkp.settings import base

    settings.CACHES = base.CACHES
    call_command("createcachetable", verbosity=0)
    cache = caches["default"]
    cache.clear()
    with django_assert_num_queries(1):
        assert cache.add("groups:figures:1:computing", "first", timeout=60) is True
    with django_assert_num_queries(1):
        assert cache.add("groups:figures:1:computing", "second", timeout=60) is False
    assert cache.get("groups:figures:1:computing") == "first"
    cache.set("groups:figures:2:computing", "lost with its worker", timeout=-5)  # expired already
    assert cache.add("groups:figures:2:computing", "mine", timeout=60) is True
    assert cache.get("groups:figures:2:computing") == "mine"
    cache.delete("groups:figures:1:computing")
    assert cache.add("groups:figures:1:computing", "again", timeout=None) is True
    assert cache.get("groups:figures:1:computing") == "again"


def test_redis_url_selects_redis(tmp_path):
    """With REDIS_URL set the settings choose Django's Redis cache; a live server is used when installed."""
    import os
    import shutil
    import subprocess
    import sys
    import time

    from django.conf import settings as django_settings

    code = ("import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'lkp.settings.base';"
            "from lkp.settings import base; print(base.CACHES['default']['BACKEND'])")
    out = subprocess.run([sys.executable, "-c", code], env={**os.environ, "REDIS_URL": "redis://127.0.0.1:6379/0"},
                         capture_output=True, text=True, check=True, cwd=django_settings.BASE_DIR).stdout
    assert out.strip() == "django.core.cache.backends.redis.RedisCache"
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed")
    socket = tmp_path / "redis.sock"
    proc = subprocess.Popen([server, "--port", "0", "--unixsocket", str(socket), "--save", "", "--appendonly", "no"],
                            stdout=subprocess.DEVNULL)
    try:
        for _i in range(50):
            if socket.exists():
                break
            time.sleep(0.1)
        from django.core.cache.backends.redis import RedisCache

        cache = RedisCache(f"unix://{socket}", {})
        cache.set_many({"a": {"figures": 1}, "b": 2})
        assert cache.get_many(["a", "b", "c"]) == {"a": {"figures": 1}, "b": 2}
    finally:
        proc.terminate()
        proc.wait(timeout=5)
