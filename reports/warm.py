"""Warm a changed group's figures in the background, so the manager's next view reads them ready.

``core.cache`` keeps each group's figures under that group's version; after a sheet is submitted the
first manager to look recomputes that group (a few hundred milliseconds, more under load). Here the
job worker does it instead, as soon as the change is committed (``audit.signals.groups_changed``):
the figures the dashboard, the indicators page (its default twelve months and the twelve before)
and the repayments page read first, for that group alone, under the default language. A view that
comes before the worker is done recomputes as it did; nothing is ever served older than its version.

One warming per group waits at a time: a change while one waits is covered by it (it reads the
versions when it starts); a change while one runs enqueues the next. ``LKP_WARM_REPORTS`` turns it
off (the tests, where an immediate backend would run it inside every service call).
"""
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from core.dates import today
from groups.models import Group

from .selectors.reused import figures_by_group, quality_for_groups, trends_for_groups
from .selectors.scope import Period, default_period

PENDING_SECONDS = 600  # a warming lost with its worker stops blocking the next one after this long


def pending_key(group_id):
    return f"reports:warm-pending:{group_id}"


def warm_group(group_id):
    """Compute and keep the figures of ``group_id`` that the manager's pages read first."""
    return warm_groups([group_id])


def warm_groups(group_ids):
    """Compute and keep the figures of ``group_ids`` that the manager's pages read first, together (the
    selectors' grouped queries); return how many groups. What is already kept is reused."""
    groups = Group.objects.filter(pk__in=list(group_ids))
    end = today()
    period = Period(*default_period())
    before = period.previous()
    with translation.override(settings.LANGUAGE_CODE):
        trends_for_groups(groups, end=end, months=24)
        quality_for_groups(groups, as_of=end)
        # The dashboard's twelve months are the indicators' default period (reports.selectors.scope.default_period).
        for start, stop in ((period.start, period.end), (before.start, before.end)):
            figures_by_group(groups, start=start, end=stop)
    return len(group_ids)


def enqueue_warming(sender, group_ids, **kwargs):
    """Receive ``groups_changed``: enqueue one warming for each group that has none waiting."""
    if not settings.LKP_WARM_REPORTS:
        return
    from .tasks import warm_group_figures  # the task module imports django_tasks' backends on first use

    for group_id in sorted(group_ids):
        if cache.add(pending_key(group_id), 1, timeout=PENDING_SECONDS):
            warm_group_figures.enqueue(group_id)
