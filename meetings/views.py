"""Meeting pages. Every view reaches a meeting or group through the scoped selectors."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.dates import add_months, today
from core.forms import add_service_errors
from groups.selectors import get_group_for_user, groups_visible_to

from . import services
from .calendar import next_expected
from .forms import MeetingForm
from .selectors import (
    calendar_for_group,
    can_record,
    get_meeting_for_user,
    last_meeting_dates,
    meetings_for_group,
)


def meeting_index(request):
    """List the groups the user sees with their last and next meeting."""
    groups = groups_visible_to(request.user).order_by("name")
    page = Paginator(groups, 25).get_page(request.GET.get("page"))
    last = last_meeting_dates(page.object_list)
    on = today()
    for g in page.object_list:
        g.last_meeting = last.get(g.pk)
        g.next_meeting = next_expected(g, on=on)
    return render(request, "meetings/meeting_index.html", {"page": page})


def group_meetings(request, group_pk):
    """Show the group's calendar of expected meetings and every meeting it held."""
    group = get_group_for_user(request.user, group_pk)
    on = today()
    calendar = calendar_for_group(group, start=add_months(on.replace(day=1), -11), end=add_months(on, 2))
    page = Paginator(meetings_for_group(group), 25).get_page(request.GET.get("page"))
    return render(request, "meetings/group_meetings.html", {
        "group": group, "calendar": list(reversed(calendar)), "page": page, "today": on,
        "can_record": can_record(request.user, group),
    })


def meeting_new(request, group_pk):
    group = get_group_for_user(request.user, group_pk)
    if not can_record(request.user, group):
        raise PermissionDenied
    initial = {"date": request.GET.get("date") or today(), "place": group.meeting_place,
               "type": request.GET.get("type") or "routine"}
    form = MeetingForm(request.POST or None, group=group, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_record(group=group, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Meeting recorded."))
            return redirect("meetings:sheet" if meeting.has_sheet else "meetings:detail", pk=meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form, "group": group})


def meeting_edit(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    if not can_record(request.user, meeting.group):
        raise PermissionDenied
    form = MeetingForm(request.POST or None, instance=meeting, group=meeting.group)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.meeting_update(meeting=meeting, actor=request.user, participants=data.pop("participants"),
                                    **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Meeting saved."))
            return redirect(meeting)
    return render(request, "meetings/meeting_form.html", {"form": form, "group": meeting.group,
                                                          "meeting": meeting})


@require_POST
def meeting_verify(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    try:
        services.meeting_verify(meeting=meeting, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Meeting verified and locked."))
    return redirect(meeting)
