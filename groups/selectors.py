"""Who may see which group: the one place that decides data scope.

Every list and detail view reads groups (and everything that belongs to a group) through
:func:`groups_visible_to`, so an out-of-scope object is simply not found (404).
"""
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from core.dates import today

from .legal_forms import LegalFormChange
from .models import FieldOfficerAssignment, Group
from .rules import GroupRules


def groups_visible_to(user):
    """Return the groups ``user`` may see: all for managers, hers for a field officer or treasurer."""
    if not user.is_authenticated:
        return Group.objects.none()
    if user.sees_all_groups:
        return Group.objects.all()
    if user.is_field_officer:
        on = today()
        return Group.objects.filter(
            Q(assignments__officer=user, assignments__start__lte=on)
            & (Q(assignments__end__isnull=True) | Q(assignments__end__gte=on))
        ).distinct()
    if user.is_treasurer and user.treasurer_of_id:
        return Group.objects.filter(pk=user.treasurer_of_id)
    return Group.objects.none()


def get_group_for_user(user, pk):
    """Return the group ``pk`` if ``user`` may see it, else raise Http404 (also for a malformed pk)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("bad group id")
    return get_object_or_404(groups_visible_to(user), pk=pk)


def rules_for(group, on=None):
    """Return the rules version in force for ``group`` on ``on`` (today by default), or None."""
    on = on or today()
    return GroupRules.objects.filter(group=group, effective_from__lte=on).order_by("-effective_from").first()


def rules_versions(group_ids):
    """Return {group_id: [rules versions, newest first]} in one query."""
    versions = {}
    for rules in GroupRules.objects.filter(group_id__in=group_ids).order_by("-effective_from"):
        versions.setdefault(rules.group_id, []).append(rules)
    return versions


def rules_on(versions, day):
    """Return the version in force on ``day`` from ``versions`` (newest first, as ``rules_versions`` gives), or None."""
    return next((r for r in versions if r.effective_from <= day), None)


def require_rules_for(group, on=None):
    rules = rules_for(group, on)
    if rules is None:
        raise Http404("no rules")
    return rules


def current_officer_names(groups):
    """Return {group_id: [field officer, ...]} for the current assignments of ``groups``, in one query."""
    result = {}
    assignments = FieldOfficerAssignment.objects.current().filter(group__in=groups).select_related("officer")
    for a in assignments:
        result.setdefault(a.group_id, []).append(a.officer)
    return result


def legal_form_expr(on, prefix=""):
    """Return an expression for the group's legal form on ``on``: before its first change after ``on``, the
    form that change replaced; with none after, its form now (``Group.legal_form``). ``prefix`` leads from
    the outer query's rows to the group (``""`` on groups, ``"group__"`` on a loan)."""
    later = (LegalFormChange.objects.filter(group=OuterRef(f"{prefix}pk"), effective_from__gt=on)
             .order_by("effective_from").values("previous_form")[:1])
    return Coalesce(Subquery(later), F(f"{prefix}legal_form"))


def legal_forms_on(groups, on):
    """Return {group_id: legal form on ``on``} for ``groups`` (a queryset or ids), in one query."""
    return dict(Group.objects.filter(pk__in=groups).order_by()
                .annotate(form_on=legal_form_expr(on)).values_list("pk", "form_on"))


def legal_form_on(group, on):
    """Return the legal form of ``group`` on ``on`` (one query, read fresh from the database)."""
    return legal_forms_on([group.pk], on).get(group.pk, group.legal_form)


def legal_form_by_day(group):
    """Return ``form_on(day)``: the group's legal form on any day, as :func:`legal_form_expr` reads it,
    from its changes read once (one query however many days are asked)."""
    changes = list(LegalFormChange.objects.filter(group=group).order_by("effective_from")
                   .values_list("effective_from", "previous_form"))

    def form_on(day):
        return next((before for start, before in changes if start > day), group.legal_form)

    return form_on


def legal_form_history(group):
    """Return the group's changes of legal form, newest first."""
    return LegalFormChange.objects.filter(group=group).select_related("created_by").order_by("-effective_from")
