"""After a change the job worker warms that group's figures, so the manager's next view recomputes nothing.

The tests run the immediate tasks backend: the warming runs in the commit's callback, as the worker
would run it a moment later.
"""
import datetime
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.test import override_settings

from core.dates import today
from groups.models import Group
from reports import warm
from reports.forms import default_period
from reports.selectors.indicators import group_figures
from reports.selectors.manager_panel import panel_for_groups
from reports.selectors.portfolio import quality_by_group
from reports.selectors.reused import figures_by_group, quality_for_groups
from reports.selectors.scope import Period
from tests.reports.test_reused import record, submit_sheet

pytestmark = pytest.mark.django_db
SHEET_DAY = today() - datetime.timedelta(days=3)


@pytest.fixture
def two_groups(group_a, group_b, manager):
    from tests.reports.factories import build_loans

    build_loans(group_a, manager)
    build_loans(group_b, manager)
    return group_a, group_b


@override_settings(LKP_WARM_REPORTS=True)
def test_a_sheet_warms_its_group_and_the_next_dashboard_recomputes_nothing(
        monkeypatch, login, users, two_groups, pendamping1, django_capture_on_commit_callbacks):
    a, _b = two_groups
    client = login(users["manager"])
    assert client.get("/").status_code == 200  # both groups computed and kept
    calls = record(monkeypatch, "group_figures")
    with django_capture_on_commit_callbacks(execute=True):
        submit_sheet(a, pendamping1, day=SHEET_DAY)
    # The warming: group A alone, for the dashboard's twelve months and the indicators' period before.
    assert calls == [{a.pk}, {a.pk}]
    response = client.get("/")
    assert response.status_code == 200
    assert len(calls) == 2  # the manager's first view after the sheet computed no group
    assert cache.get(warm.pending_key(a.pk)) is None  # the warming cleared its mark when it ran
    shown = response.context["manager_panel"]
    cache.clear()
    fresh = panel_for_groups(Group.objects.all())
    assert len(calls) == 3  # computed afresh: both groups
    assert shown["values"] == fresh["values"]
    assert shown["now"] == fresh["now"] and shown["quality"]["late"] == fresh["quality"]["late"]
    assert [(c["loans"], c["outstanding"]) for c in shown["quality"]["collectibility"]] \
        == [(c["loans"], c["outstanding"]) for c in fresh["quality"]["collectibility"]]


@override_settings(LKP_WARM_REPORTS=True)
def test_the_warmed_figures_equal_a_fresh_computation(two_groups, pendamping1, django_capture_on_commit_callbacks):
    a, _b = two_groups
    start, end = default_period()
    before = Period(start, end).previous()
    with django_capture_on_commit_callbacks(execute=True):
        submit_sheet(a, pendamping1, day=SHEET_DAY)
    for first, last in ((start, end), (before.start, before.end)):
        kept = figures_by_group(Group.objects.filter(pk=a.pk), start=first, end=last)
        assert kept == group_figures(Group.objects.filter(pk=a.pk), start=first, end=last)
    assert quality_for_groups(Group.objects.filter(pk=a.pk), as_of=end) \
        == {a.pk: quality_by_group([a.pk], as_of=end)[a.pk]}


def test_no_warming_when_it_is_turned_off(monkeypatch, two_groups, pendamping1, django_capture_on_commit_callbacks):
    a, _b = two_groups
    calls = record(monkeypatch, "group_figures")
    with django_capture_on_commit_callbacks(execute=True):
        submit_sheet(a, pendamping1, day=SHEET_DAY)
    assert calls == []


@override_settings(LKP_WARM_REPORTS=True)
def test_one_warming_waits_per_group(monkeypatch, group_a, group_b):
    enqueued = []
    monkeypatch.setattr("reports.tasks.warm_group_figures", SimpleNamespace(enqueue=enqueued.append))
    warm.enqueue_warming(sender=None, group_ids=frozenset({group_a.pk, group_b.pk}))
    warm.enqueue_warming(sender=None, group_ids=frozenset({group_a.pk}))  # A's first one still waits
    assert enqueued == sorted([group_a.pk, group_b.pk])
    cache.delete(warm.pending_key(group_a.pk))  # the worker took A's: the next change enqueues again
    warm.enqueue_warming(sender=None, group_ids=frozenset({group_a.pk}))
    assert enqueued == sorted([group_a.pk, group_b.pk]) + [group_a.pk]


def test_a_rolled_back_change_warms_nothing(monkeypatch, two_groups, pendamping1, django_capture_on_commit_callbacks):
    from django.db import transaction

    from audit.signals import groups_changed
    sent = []
    groups_changed.connect(lambda sender, group_ids, **kw: sent.append(group_ids), weak=False, dispatch_uid="t")
    try:
        a, _b = two_groups
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            submit_sheet(a, pendamping1, day=SHEET_DAY)
            transaction.set_rollback(True)
        assert sent == []
        with django_capture_on_commit_callbacks(execute=True):
            submit_sheet(a, pendamping1, day=SHEET_DAY)
        assert sent and all(ids == {a.pk} for ids in sent)
    finally:
        groups_changed.disconnect(dispatch_uid="t")


def test_warm_reports_readies_every_group_for_the_first_manager_of_the_day(monkeypatch, login, users, two_groups):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("warm_reports", "--batch", "1", stdout=out)
    assert "2 of 2 groups warmed" in out.getvalue() and "Warmed 2 groups" in out.getvalue()
    calls = record(monkeypatch, "group_figures")
    assert login(users["manager"]).get("/").status_code == 200
    assert calls == []  # the first view of the day computed no group
