"""Group pages. Every view reaches a group through ``get_group_for_user``."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.dates import today
from core.export import export_response, wants_export
from core.forms import add_service_errors
from core.panels import GROUP, panel_data
from loans.rates import rates_for_rules
from loans.schedule import METHODS

from . import services
from .access import can_edit_group, can_edit_rules
from .forms import AssignmentForm, GroupFilterForm, GroupForm, LegalFormChangeForm, OfficerForm, RulesVersionForm
from .models import FieldOfficerAssignment
from .regimes import regime_for
from .rules import GroupRules
from .selectors import (
    current_officer_names,
    get_group_for_user,
    groups_visible_to,
    legal_form_history,
    legal_form_on,
)


def _filtered_groups(user, params):
    form = GroupFilterForm(params or None)
    groups = groups_visible_to(user).select_related("region", "region__parent")
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            groups = groups.filter(Q(name__icontains=data["q"]) | Q(code__icontains=data["q"])
                                   | Q(village__icontains=data["q"]))
        if data["region"]:
            r = data["region"]
            groups = groups.filter(Q(region=r) | Q(region__parent=r) | Q(region__parent__parent=r))
        if data["officer"]:
            groups = groups.filter(pk__in=FieldOfficerAssignment.objects.current().filter(
                officer=data["officer"]).values("group"))
        if data["status"]:
            groups = groups.filter(status=data["status"])
    return form, groups


def group_list(request):
    form, groups = _filtered_groups(request.user, request.GET)
    groups = groups.annotate(active_members=Count("members", filter=Q(members__exited_on__isnull=True)))
    fmt = wants_export(request)
    if fmt:
        return _export_groups(groups.order_by("name"), fmt)
    page = Paginator(groups.order_by("name"), 25).get_page(request.GET.get("page"))
    officers = current_officer_names(page.object_list)
    for g in page.object_list:
        g.officer_list = officers.get(g.pk, [])
    return render(request, "groups/group_list.html", {
        "form": form, "page": page, "can_create": can_edit_group(request.user),
    })


def _export_groups(groups, fmt):
    officers = current_officer_names(groups)
    rows = [(g.code, g.name, g.region.name, g.village, g.get_status_display(), g.lkp_founded_on,
             ", ".join(str(o) for o in officers.get(g.pk, [])), g.active_members) for g in groups]
    headers = [_("Code"), _("Group"), _("Region"), _("Nagari / kelurahan"), _("Status"), _("LKP founded on"),
               _("Field officer"), _("Active members")]
    return export_response(headers=headers, rows=rows, filename=_("groups"), fmt=fmt)


def group_detail(request, pk):
    group = get_group_for_user(request.user, pk)
    members = group.members.order_by("exited_on", "full_name")
    on = today()
    return render(request, "groups/group_detail.html", {
        "group": group,
        "members": members,
        "active_count": sum(1 for m in members if m.exited_on is None),
        "officers": group.officers.select_related("member").order_by("end", "role"),
        "assignments": group.assignments.select_related("officer").order_by("-start"),
        "rules_versions": GroupRules.objects.filter(group=group).select_related("created_by")
        .order_by("-effective_from"),
        "rules_now": GroupRules.objects.filter(group=group, effective_from__lte=on).order_by("-effective_from")
        .first(),
        "legal_form_changes": legal_form_history(group),
        "can_edit": can_edit_group(request.user),
        "can_edit_rules": can_edit_rules(request.user, group),
        "today": on,
        # The savings and loans panels (apps above groups): core.panels.
        "panels": panel_data(GROUP, group, user=request.user),
    })


def group_create(request):
    if not can_edit_group(request.user):
        raise PermissionDenied
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(actor=request.user, **_group_values(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Group %(name)s created. Now set its rules.") % {"name": group.name})
            return redirect("groups:rules_new", pk=group.pk)
    return render(request, "groups/group_form.html", {"form": form})


def _group_values(form):
    return {field: form.cleaned_data[field] for field in services.GROUP_FIELDS if field in form.cleaned_data}


def group_edit(request, pk):
    group = get_group_for_user(request.user, pk)
    if not can_edit_group(request.user):
        raise PermissionDenied
    form = GroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_update(actor=request.user, group=group, **_group_values(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Group saved."))
            return redirect(group)
    return render(request, "groups/group_form.html", {"form": form, "group": group})


def rules_new(request, pk):
    """Record a new version of the group's rules from a chosen date."""
    group = get_group_for_user(request.user, pk)
    if not can_edit_rules(request.user, group):
        raise PermissionDenied
    latest = GroupRules.objects.filter(group=group).order_by("-effective_from").first()
    initial = latest.copy_fields() if latest else {}
    initial["effective_from"] = today()
    form = RulesVersionForm(request.POST or None, initial=initial)
    valid = request.method == "POST" and form.is_valid()
    rates = _rates(group, form.cleaned_data if valid else initial)
    if valid:
        data = dict(form.cleaned_data)
        try:
            services.rules_add_version(
                group=group, actor=request.user, effective_from=data.pop("effective_from"),
                decision_note=data.pop("decision_note"), **data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("New rules recorded."))
            if rates is not None and rates.warnings:
                messages.warning(request, _("These rules are above the regime's interest cap (%(regime)s).") % {
                    "regime": rates.regime.name})
            return redirect(group)
    return render(request, "groups/rules_form.html", {"form": form, "group": group, "latest": latest, "rates": rates})


def _rates(group, values):
    """Return the effective rates and the regime's caps of the rules ``values`` (a form's), or None if incomplete."""
    rate, method = values.get("loan_interest_rate"), values.get("loan_interest_method")
    if rate is None or method not in METHODS:
        return None
    terms = GroupRules(loan_terms=values.get("loan_terms") or "").allowed_terms
    day = values.get("effective_from") or today()
    return rates_for_rules(regime_for(legal_form_on(group, day), day), rate=rate, method=method, terms=terms,
                           sukarela_rate=values.get("sukarela_interest_rate"))


def assign_officer(request, pk):
    group = get_group_for_user(request.user, pk)
    if not request.user.is_manager:
        raise PermissionDenied
    form = AssignmentForm(request.POST or None, initial={"start": today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_start(group=group, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Field officer assigned."))
            return redirect(group)
    return render(request, "groups/assign_form.html", {"form": form, "group": group})


def legal_form_new(request, pk):
    """Record the LKP's new legal form from a date (a manager); earlier days keep the form then."""
    group = get_group_for_user(request.user, pk)
    if not can_edit_group(request.user):
        raise PermissionDenied
    form = LegalFormChangeForm(request.POST or None, initial={"effective_from": today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.legal_form_change(group=group, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Change of legal form recorded."))
            return redirect(group)
    return render(request, "groups/legal_form_form.html", {"form": form, "group": group})


def officer_new(request, pk):
    """Record a new chair, secretary, treasurer or CO of the group from a date."""
    group = get_group_for_user(request.user, pk)
    if not (request.user.is_manager or request.user.is_field_officer):
        raise PermissionDenied
    form = OfficerForm(request.POST or None, group=group, initial={"start": today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.officer_appoint(group=group, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Officer recorded."))
            return redirect(group)
    return render(request, "groups/officer_form.html", {"form": form, "group": group})
