"""Member pages, scoped through ``get_member_for_user``."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.dates import today
from core.export import export_response, wants_export
from core.forms import add_service_errors
from core.panels import MEMBER, panel_data
from groups.access import can_edit_members
from groups.selectors import groups_visible_to

from . import services
from .forms import MemberFilterForm, MemberForm, TransferForm
from .selectors import get_member_for_user, members_visible_to


def member_list(request):
    groups = groups_visible_to(request.user).order_by("name")
    form = MemberFilterForm(request.GET or None, groups=groups)
    members = members_visible_to(request.user).select_related("group")
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            members = members.filter(Q(full_name__icontains=data["q"]) | Q(nickname__icontains=data["q"])
                                     | Q(code__icontains=data["q"]) | Q(phone__icontains=data["q"]))
        if data["group"]:
            members = members.filter(group=data["group"])
        if data["status"] == "active":
            members = members.filter(exited_on__isnull=True)
        elif data["status"] == "exited":
            members = members.filter(exited_on__isnull=False)
    fmt = wants_export(request)
    if fmt:
        return _export_members(members.order_by("group__name", "full_name", "pk"), fmt)
    page = Paginator(members.order_by("full_name", "pk"), 50).get_page(request.GET.get("page"))
    return render(request, "members/member_list.html", {
        "form": form, "page": page, "can_create": can_edit_members(request.user),
    })


def _export_members(members, fmt):
    rows = [(m.code, m.full_name, m.nickname, m.group.code, m.group.name, m.phone if m.contact_consent else "",
             m.village, m.get_business_type_display(), m.joined_on, m.exited_on, m.travel_minutes) for m in members]
    headers = [_("Member code"), _("Full name"), _("Nickname"), _("Group code"), _("Group"), _("Phone"),
               _("Nagari / kelurahan"), _("Business"), _("Joined on"), _("Exited on"), _("Travel minutes")]
    return export_response(headers=headers, rows=rows, filename=_("members"), fmt=fmt)


def member_detail(request, pk):
    member = get_member_for_user(request.user, pk)
    return render(request, "members/member_detail.html", {
        "member": member,
        "memberships": member.memberships.select_related("group"),
        "can_edit": can_edit_members(request.user),
        "can_transfer": request.user.is_manager or request.user.is_field_officer,
        "today": today(),
        # The savings, loans and meetings panels (apps above members): core.panels.
        "panels": panel_data(MEMBER, member, user=request.user),
    })


def member_create(request):
    if not can_edit_members(request.user):
        raise PermissionDenied
    groups = groups_visible_to(request.user).order_by("name")
    initial = {"joined_on": today()}
    if request.GET.get("group"):
        initial["group"] = request.GET["group"]
    form = MemberForm(request.POST or None, groups=groups, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.member_register(actor=request.user, member=form.save(commit=False))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Member %(name)s registered.") % {"name": member.full_name})
            return redirect(member)
    return render(request, "members/member_form.html", {"form": form})


def member_edit(request, pk):
    member = get_member_for_user(request.user, pk)
    if not can_edit_members(request.user):
        raise PermissionDenied
    form = MemberForm(request.POST or None, instance=member, groups=groups_visible_to(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            member = services.member_update(actor=request.user, member=member, **{
                field: form.cleaned_data[field] for field in services.MEMBER_FIELDS if field in form.cleaned_data})
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Member saved."))
            return redirect(member)
    return render(request, "members/member_form.html", {"form": form, "member": member})


def member_transfer(request, pk):
    member = get_member_for_user(request.user, pk)
    if not (request.user.is_manager or request.user.is_field_officer):
        raise PermissionDenied
    groups = groups_visible_to(request.user).exclude(pk=member.group_id).order_by("name")
    form = TransferForm(request.POST or None, groups=groups, initial={"on": today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.member_transfer(actor=request.user, member=member, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Member moved to %(group)s.") % {"group": form.cleaned_data["to_group"]})
            return redirect(member)
    return render(request, "members/transfer_form.html", {"form": form, "member": member})


