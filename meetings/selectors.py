"""Reads for meetings and the meeting sheet, always scoped through the groups a user may see."""
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from core.dates import add_months
from core.money import format_rupiah
from groups.selectors import groups_visible_to, rules_for
from members.models import Member

from .calendar import expected_for_group
from .models import Attendance, Meeting, SheetRow

# Cash each column brings in (+1) or pays out (-1) at the meeting.
CASH_SIGN = {"pokok": 1, "wajib": 1, "sukarela_in": 1, "sukarela_out": -1, "instalment": 1,
             "cover_amount": 1, "disbursed": -1}
AMOUNT_FIELDS = SheetRow.AMOUNT_FIELDS
COLUMN_LABELS = {"pokok": _("Pokok"), "wajib": _("Wajib"), "sukarela_in": _("Sukarela in"),
                 "sukarela_out": _("Sukarela out"), "instalment": _("Instalment"),
                 "cover_amount": _("Covers (tanggung renteng)"), "disbursed": _("Loan disbursed")}
DUE_FIELDS = ("pokok", "wajib", "instalment")


def meetings_visible_to(user):
    return Meeting.objects.filter(group__in=groups_visible_to(user))


def get_meeting_for_user(user, pk):
    """Return meeting ``pk`` if its group is visible to ``user``, else raise Http404."""
    return get_object_or_404(meetings_visible_to(user).select_related("group", "created_by", "submitted_by",
                                                                      "verified_by"), pk=pk)


def can_record(user, group):
    """The group's field officer and managers record meetings; treasurers only read and verify."""
    return user.is_manager or (user.is_field_officer and groups_visible_to(user).filter(pk=group.pk).exists())


def can_verify(user, meeting):
    """The group's treasurer or a manager verifies a submitted sheet, never the person who submitted it."""
    if meeting.status != Meeting.Status.SUBMITTED or meeting.submitted_by_id == user.pk:
        return False
    return user.is_manager or (user.is_treasurer and user.treasurer_of_id == meeting.group_id)


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


@dataclass
class SheetLine:
    """What the sheet shows for one member: what she owes now and what was entered so far."""

    member: Member
    due: dict
    values: dict
    attendance: str = ""
    cover_for_id: int | None = None
    note: str = ""
    sukarela_balance: int | None = None
    eligible_amount: int | None = None
    approved_amount: int | None = None
    errors: dict = field(default_factory=dict)
    raw: dict = field(default_factory=dict)

    @property
    def cash(self):
        return sum(CASH_SIGN[f] * self.values.get(f, 0) for f in AMOUNT_FIELDS)

    @property
    def attendance_label(self):
        return Attendance.Status(self.attendance).label if self.attendance else ""

    @property
    def due_total(self):
        return sum(self.due.get(f, 0) for f in DUE_FIELDS)

    @property
    def cells(self):
        """Return the amount cells in column order, ready for the page: text, due, error, changed."""
        result = []
        for f in AMOUNT_FIELDS:
            value = self.values.get(f, 0)
            text = self.raw[f] if f in self.raw else (format_rupiah(value, prefix=False) if value else "")
            due = self.due.get(f) if f in DUE_FIELDS else None
            result.append({
                "field": f, "label": COLUMN_LABELS[f], "text": text, "due": due, "sign": CASH_SIGN[f],
                "error": self.errors.get(f), "changed": due is not None and text != "" and value != due,
                "disabled": f == "disbursed" and not self.approved_amount and not value,
            })
        return result


def _previous_expected(meeting):
    """Return the expected meeting date of the month before ``meeting``'s month."""
    before = add_months(meeting.date.replace(day=1), -1)
    dates = expected_for_group(meeting.group, start=before, end=meeting.date.replace(day=1))
    return dates[0] if dates else before


def dues_for_sheet(meeting, members):
    """Return {member_id: {"pokok", "wajib", "instalment"}} owed at ``meeting`` under the rules.

    Pokok is due from a member who joined since the previous expected meeting; wajib once a
    month from every member.
    """
    rules = rules_for(meeting.group, on=meeting.date)
    pokok = rules.pokok_amount if rules else 0
    wajib = rules.wajib_amount if rules else 0
    previous = _previous_expected(meeting)
    return {m.pk: {"pokok": pokok if m.joined_on > previous else 0, "wajib": wajib, "instalment": 0}
            for m in members}


def sheet_lines(meeting):
    """Return the sheet: one SheetLine per member, pre-filled with the draft or with what is due.

    A constant number of queries whatever the number of members.
    """
    members = sheet_members(meeting)
    dues = dues_for_sheet(meeting, members)
    saved = {r.member_id: r for r in SheetRow.objects.filter(meeting=meeting)}
    lines = []
    for m in members:
        row = saved.get(m.pk)
        if row is None:
            values = dict.fromkeys(AMOUNT_FIELDS, 0)
            lines.append(SheetLine(member=m, due=dues[m.pk], values=values))
        else:
            values = {f: getattr(row, f) for f in AMOUNT_FIELDS}
            lines.append(SheetLine(member=m, due=dues[m.pk], values=values, attendance=row.attendance,
                                   cover_for_id=row.cover_for_id, note=row.note))
    return lines


def sheet_totals(lines):
    """Return the column totals and the cash the meeting should have in hand."""
    totals = {f: sum(line.values.get(f, 0) for line in lines) for f in AMOUNT_FIELDS}
    totals["due"] = sum(line.due.get(f, 0) for line in lines for f in ("pokok", "wajib", "instalment"))
    totals["cash_in"] = sum(totals[f] for f in AMOUNT_FIELDS if CASH_SIGN[f] > 0)
    totals["cash_out"] = sum(totals[f] for f in AMOUNT_FIELDS if CASH_SIGN[f] < 0)
    totals["expected_cash"] = totals["cash_in"] - totals["cash_out"]
    totals["columns"] = [{"field": f, "label": COLUMN_LABELS[f], "amount": totals[f]} for f in AMOUNT_FIELDS]
    return totals


def attendance_summary(meeting):
    """Return [(status label, count)] for every attendance status of the meeting (one query)."""
    rows = Attendance.objects.filter(meeting=meeting).values("status").annotate(n=Count("id"))
    counts = {r["status"]: r["n"] for r in rows}
    return [(label, counts.get(value, 0)) for value, label in Attendance.Status.choices]


def member_attendance(member, *, limit=12):
    """Return the member's last ``limit`` attendance records, newest first."""
    return (Attendance.objects.filter(member=member).select_related("meeting")
            .order_by("-meeting__date")[:limit])
