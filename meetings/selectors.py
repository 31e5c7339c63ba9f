"""Reads for meetings, their calendar and attendance, always scoped through the groups a user may see.

The sheet's reads (what each member owes, the cash, what a meeting posted) are in sheet.selectors.
"""
import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404

from core.dates import add_months
from groups.access import can_record_meetings as can_record  # noqa: F401 (their old names)
from groups.access import can_verify_meeting as can_verify  # noqa: F401
from groups.selectors import groups_visible_to
from members.models import Member

from .calendar import expected_for_group
from .models import Attendance, Meeting


def meetings_visible_to(user):
    return Meeting.objects.filter(group__in=groups_visible_to(user))


def get_meeting_for_user(user, pk):
    """Return meeting ``pk`` if its group is visible to ``user``, else raise Http404."""
    return get_object_or_404(meetings_visible_to(user).select_related("group", "created_by", "submitted_by",
                                                                      "verified_by"), pk=pk)


# can_record, can_verify: decided in groups.access, imported above under these names.


@dataclass
class CalendarMonth:
    """One expected meeting: its date and the routine meeting held that month, if any."""

    expected: object
    meeting: object = None

    @property
    def state(self):
        if self.meeting is not None:
            return self.meeting.status
        return "missing"


def calendar_for_group(group, *, start, end):
    """Return a CalendarMonth per expected meeting date from ``start`` to ``end`` (one query)."""
    held = {}
    for m in Meeting.objects.filter(group=group, type=Meeting.Type.ROUTINE,
                                    date__gte=start.replace(day=1), date__lt=add_months(end.replace(day=1), 1)):
        held.setdefault((m.date.year, m.date.month), m)
    return [CalendarMonth(expected=d, meeting=held.get((d.year, d.month)))
            for d in expected_for_group(group, start=start, end=end)]


@dataclass
class UpcomingMeeting:
    """A meeting the field officer has ahead of her: the calendar's date and the draft, if recorded yet."""

    group: object
    expected: datetime.date
    meeting: Meeting | None = None
    overdue: bool = False  # its day has passed and it is not submitted

    @property
    def date(self):
        return self.meeting.date if self.meeting is not None else self.expected


UPCOMING_BACK_DAYS = 35  # a meeting of last month not yet submitted is still hers to finish
UPCOMING_AHEAD_DAYS = 35  # the next meeting of every group she accompanies


def upcoming_meetings(user, *, on):
    """Return her groups' routine meetings from the calendar around ``on`` that are not submitted yet.

    The expected dates of each group (``meetings.calendar``) from ``UPCOMING_BACK_DAYS`` before
    ``on`` to ``UPCOMING_AHEAD_DAYS`` after, each with the routine meeting recorded in its month
    (a draft), soonest first; a month whose meeting is submitted is left out. Two queries
    whatever the number of groups. Only for a field officer: the list is her plan for the weeks ahead.
    """
    if not user.is_field_officer:
        return []
    groups = list(groups_visible_to(user).order_by("name"))
    start, end = on - datetime.timedelta(days=UPCOMING_BACK_DAYS), on + datetime.timedelta(days=UPCOMING_AHEAD_DAYS)
    held = {}
    for m in Meeting.objects.filter(group__in=groups, type=Meeting.Type.ROUTINE, date__gte=start.replace(day=1),
                                    date__lt=add_months(end.replace(day=1), 1)).order_by("date"):
        held.setdefault((m.group_id, m.date.year, m.date.month), m)
    result = []
    for group in groups:
        for day in expected_for_group(group, start=start, end=end):
            meeting = held.get((group.pk, day.year, day.month))
            if meeting is not None and not meeting.is_draft:
                continue
            item = UpcomingMeeting(group=group, expected=day, meeting=meeting)
            item.overdue = item.date < on
            result.append(item)
    return sorted(result, key=lambda item: (item.date, item.group.name))


def meetings_for_group(group):
    """Return the group's meetings, newest first, with the number of members marked present."""
    return (Meeting.objects.filter(group=group)
            .annotate(present=Count("attendance", filter=Q(attendance__status__in=[
                Attendance.Status.PRESENT, Attendance.Status.REPRESENTED])))
            .order_by("-date", "type"))


def last_meeting_dates(groups):
    """Return {group_id: date of its last routine meeting} in one query."""
    rows = (Meeting.objects.filter(group__in=groups, type=Meeting.Type.ROUTINE)
            .values("group").annotate(last=Max("date")))
    return {r["group"]: r["last"] for r in rows}


def sheet_members(meeting):
    """Return the members expected on the sheet: members of the group on the meeting date."""
    return list(Member.objects.filter(group=meeting.group_id).active_on(meeting.date).order_by("full_name"))


def attendance_summary(meeting):
    """Return [(status label, count)] for every attendance status of the meeting (one query)."""
    rows = Attendance.objects.filter(meeting=meeting).values("status").annotate(n=Count("id"))
    counts = {r["status"]: r["n"] for r in rows}
    return [(label, counts.get(value, 0)) for value, label in Attendance.Status.choices]


@dataclass
class EventLine:
    """One member on a capacity-building event's attendance list."""

    member: Member
    status: str = ""
    errors: dict = field(default_factory=dict)

    @property
    def status_label(self):
        return Attendance.Status(self.status).label if self.status in Attendance.Status.values else ""


def event_lines(meeting):
    """Return an EventLine per member of the group on the event's day (two queries).

    A completed event shows the attendance recorded; a draft starts its chosen participants as present.
    """
    members = sheet_members(meeting)
    if meeting.is_draft:
        chosen = set(meeting.participants.values_list("pk", flat=True))
        return [EventLine(m, Attendance.Status.PRESENT if m.pk in chosen else "") for m in members]
    recorded = dict(Attendance.objects.filter(meeting=meeting).values_list("member_id", "status"))
    return [EventLine(m, recorded[m.pk]) for m in members if m.pk in recorded]


def member_attendance(member, *, limit=12):
    """Return the member's last ``limit`` attendance records, newest first."""
    return (Attendance.objects.filter(member=member).select_related("meeting")
            .order_by("-meeting__date")[:limit])
