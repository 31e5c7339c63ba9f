"""Which groups a report covers: one group, a region (any level), a field officer's groups, or all.

A scope is always cut down to the groups the user may see (``groups_visible_to``), so a field
officer asking for a region sees only her groups in it and another group's report is a 404.
"""
import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import User
from core.dates import add_months, today
from groups.models import FieldOfficerAssignment, Group, Region
from groups.selectors import groups_visible_to


@dataclass(frozen=True)
class Scope:
    kind: str
    label: str
    groups: object  # a Group queryset
    group: object = None


def _base(user):
    return Group.objects.all() if user is None else groups_visible_to(user)


def region_filter(region):
    """Return a Q for the groups in ``region`` or in any region below it (three levels)."""
    return Q(region=region) | Q(region__parent=region) | Q(region__parent__parent=region)


def scope_for(user, *, group=None, region=None, officer=None, on=None):
    """Return the Scope asked for, limited to what ``user`` may see (``user=None``: everything).

    ``group`` is a Group (its report is a 404 when out of scope); ``region`` a Region; ``officer``
    a field officer whose groups on ``on`` are taken.
    """
    base = _base(user)
    if group is not None:
        if not base.filter(pk=group.pk).exists():
            raise Http404("group out of scope")
        return Scope("group", str(group), Group.objects.filter(pk=group.pk), group=group)
    if region is not None:
        return Scope("region", str(region), base.filter(region_filter(region)).distinct())
    if officer is not None:
        mine = FieldOfficerAssignment.objects.current(on).filter(officer=officer).values("group")
        return Scope("officer", _("Groups of %(officer)s") % {"officer": officer}, base.filter(pk__in=mine))
    label = _("All groups") if user is None or user.sees_all_groups else _("My groups")
    return Scope("all", label, base)


def regions_visible_to(user):
    """Return the regions ``user`` may choose: all for a manager, else those holding one of her groups."""
    if user.sees_all_groups:
        return Region.objects.all()
    groups = groups_visible_to(user)
    return Region.objects.filter(Q(pk__in=groups.values("region")) | Q(pk__in=groups.values("region__parent"))
                                 | Q(pk__in=groups.values("region__parent__parent")))


def officers_visible_to(user):
    """Return the field officers ``user`` may choose: all for a manager, herself for a field officer."""
    officers = User.objects.filter(role=User.Role.FIELD_OFFICER)
    if user.sees_all_groups:
        return officers
    return officers.filter(pk=user.pk) if user.is_field_officer else officers.none()


def _chosen(params, name, queryset):
    """Return the object ``params[name]`` names in ``queryset``, None when not given; else raise Http404.

    A malformed id is a 404 like an id out of scope: both are links nobody in scope can follow.
    """
    raw = (params.get(name) or "").strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 18):  # 18 digits fit a bigint
        raise Http404(f"malformed {name}")
    found = queryset.filter(pk=int(raw)).first()
    if found is None:
        raise Http404(f"{name} out of scope")
    return found


def scope_from_params(user, params, *, on):
    """Return the Scope that ``params`` (a request's GET) ask for: ``group``, ``region`` or ``officer``.

    Each must be one ``user`` may choose (``groups_visible_to``, ``regions_visible_to``,
    ``officers_visible_to``); anything else, malformed ids included, raises Http404.
    """
    return scope_for(
        user,
        group=_chosen(params, "group", groups_visible_to(user)),
        region=_chosen(params, "region", regions_visible_to(user)),
        officer=_chosen(params, "officer", officers_visible_to(user)),
        on=on,
    )


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    @property
    def days(self):
        return (self.end - self.start).days + 1

    def previous(self):
        """Return the period of the same length that ends the day before this one starts."""
        end = self.start - datetime.timedelta(days=1)
        return Period(end - datetime.timedelta(days=self.days - 1), end)


def period_ending(end, start=None):
    """Return the period up to ``end``: from ``start``, else the twelve months ending on ``end``."""
    if start is None:
        start = add_months(end, -12) + datetime.timedelta(days=1)
    return Period(start, end)


def default_period():
    """Return (start, end) of the twelve months ending today: the pages' period when none is asked.

    One rule for the indicators, the dashboard and the worker that warms their figures: a warming of
    any other period would be kept for nobody.
    """
    period = period_ending(today())
    return period.start, period.end
