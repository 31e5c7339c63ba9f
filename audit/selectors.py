"""Reads of the audit trail, scoped like everything else: a manager sees every group's events."""
import datetime

from django.db.models import Q
from django.utils import timezone

from groups.selectors import groups_visible_to

from .models import AuditEvent


def events_visible_to(user):
    """Return the events of the groups ``user`` sees; those of no group (imports, users) only for managers."""
    scoped = Q(group__in=groups_visible_to(user))
    if user.sees_all_groups:
        scoped |= Q(group__isnull=True)
    return AuditEvent.objects.filter(scoped)


def _day_start(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def audit_trail(user, *, group=None, actor=None, action="", start=None, end=None):
    """Return ``user``'s events, newest first, filtered; ``action`` matches from its start ("loans." = loans)."""
    events = events_visible_to(user).select_related("actor", "group")
    if group is not None:
        events = events.filter(group=group)
    if actor is not None:
        events = events.filter(actor=actor)
    if action:
        events = events.filter(action__startswith=action)
    if start:
        events = events.filter(created_at__gte=_day_start(start))
    if end:
        events = events.filter(created_at__lt=_day_start(end + datetime.timedelta(days=1)))
    return events.order_by("-created_at", "-id")
