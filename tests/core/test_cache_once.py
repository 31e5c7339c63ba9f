"""A value missing from the cache is computed once, however many processes ask for it at the same moment.

The other process (a gunicorn worker, the job worker) is played by a thread sharing the in-memory
cache; what matters is the claim it holds in the cache, not where it runs.
"""
import threading

import pytest
from django.core.cache import cache

from core import cache as reuse

pytestmark = pytest.mark.django_db


class Compute:
    """compute(ids): records the ids it was asked for."""

    def __init__(self, fail=False):
        self.asked, self.fail = [], fail

    def __call__(self, ids):
        self.asked.append(sorted(ids))
        if self.fail:
            raise RuntimeError("the database went away")
        return {ident: f"mine {ident}" for ident in ids}


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def another_process_computes(key, value, after):
    """Claim ``key`` now, as another process would, and cache ``value`` ``after`` seconds later."""
    assert cache.add(f"{key}:computing", 1)
    timer = threading.Timer(after, lambda: (cache.set(key, value), cache.delete(f"{key}:computing")))
    timer.start()
    return timer


def test_a_value_another_process_is_computing_is_waited_for_not_computed_again():
    compute = Compute()
    timer = another_process_computes("groups:figures:1", "theirs 1", after=0.2)
    result = reuse._compute_once({1: "groups:figures:1", 2: "groups:figures:2"}, compute)
    timer.join()
    assert result == {1: "theirs 1", 2: "mine 2"}
    assert compute.asked == [[2]]  # group 1 was the other process's to compute
    assert cache.get("groups:figures:2") == "mine 2" and cache.get("groups:figures:2:computing") is None


def test_a_claim_whose_value_never_comes_is_computed_after_the_wait(monkeypatch):
    monkeypatch.setattr(reuse, "WAIT_SECONDS", 0.2)
    assert cache.add("groups:figures:1:computing", 1)  # a worker killed in the middle of it
    compute = Compute()
    assert reuse._compute_once({1: "groups:figures:1"}, compute) == {1: "mine 1"}
    assert compute.asked == [[1]]


def test_a_failed_computation_gives_up_its_claim():
    with pytest.raises(RuntimeError):
        reuse._compute_once({1: "groups:figures:1"}, Compute(fail=True))
    assert cache.get("groups:figures:1:computing") is None
    compute = Compute()
    assert reuse._compute_once({1: "groups:figures:1"}, compute) == {1: "mine 1"}
    assert compute.asked == [[1]]


def test_many_missing_values_are_one_batch_without_claims():
    keys = {ident: f"groups:figures:{ident}" for ident in range(reuse.FEW_CLAIMS + 1)}
    cache.add("groups:figures:0:computing", 1)  # a cold cache: even a claimed one joins the batch
    compute = Compute()
    assert reuse._compute_once(keys, compute) == {ident: f"mine {ident}" for ident in keys}
    assert compute.asked == [sorted(keys)]


def test_two_views_at_once_compute_the_scope_once(group_a, monkeypatch):
    """Two requests ask for the same scope at the same moment; the second waits for the first's value."""
    from groups.models import Group

    started, release = threading.Event(), threading.Event()
    calls = []

    def slow():
        calls.append(1)
        started.set()
        release.wait(5)
        return {"panel": len(calls)}

    groups = Group.objects.filter(pk=group_a.pk)
    versions = reuse.group_versions(groups)  # read here: the thread's own connection would see no group
    monkeypatch.setattr(reuse, "group_versions", lambda groups: versions)
    first = {}
    thread = threading.Thread(target=lambda: first.update(value=reuse.reuse_for_scope("panel", [group_a.pk], (), slow)))
    thread.start()
    assert started.wait(5)
    threading.Timer(0.2, release.set).start()
    second = reuse.reuse_for_scope("panel", [group_a.pk], (), slow)
    thread.join(5)
    assert calls == [1] and second == first["value"] == {"panel": 1}
