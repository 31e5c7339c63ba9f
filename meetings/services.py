"""Write meetings, their attendance and the meeting sheet. Every write of the app goes through here."""
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audit.services import audit_record
from books.periods import check_open, closed_through
from core.dates import month_end, month_start, today
from core.inputs import check_date
from core.inputs import field_error as _field_error
from groups.models import Group

from .calendar import nth_weekday
from .models import Attendance, Meeting
from .selectors import sheet_members
from .signals import meeting_moved

MEETING_FIELDS = ("date", "type", "theme", "place", "officer_attended", "topics", "notes")


def _check_meeting_fields(*, group, data, participants, exclude_pk=None):
    check_date(data["date"])
    # A closed year's attendance and events are in its RAT package: nothing more is dated in it.
    check_open(data["date"], closed_through(group.pk), field="date")
    if data["type"] == Meeting.Type.THEMATIC and not data.get("theme", "").strip():
        raise _field_error("theme", _("Give the theme of the thematic discussion."), "theme_required")
    clash = Meeting.objects.filter(group=group, date=data["date"], type=data["type"]).exclude(pk=exclude_pk)
    if clash.exists():
        raise _field_error("date", _("This group already has a meeting of this type on that day."), "duplicate_meeting")
    if data["type"] == Meeting.Type.ROUTINE and participants:
        raise _field_error("participants", _("A routine meeting records attendance on its sheet, "
                                                 "not a list of participants."), "routine_participants")
    strangers = [p for p in participants if p.group_id != group.pk]
    if strangers:
        raise _field_error("participants", _("Participants must be members of this group."),
                           "participant_outside_group")


@transaction.atomic
def meeting_record(*, group, actor, date, type, theme="", place="", officer_attended=True, topics="",
                   notes="", participants=()):
    """Record a meeting of ``group``; a capacity-building event also records its participants."""
    data = {"date": date, "type": type, "theme": theme, "place": place or group.meeting_place,
            "officer_attended": officer_attended, "topics": topics, "notes": notes}
    participants = list(participants)
    _check_meeting_fields(group=group, data=data, participants=participants)
    meeting = Meeting.objects.create(group=group, created_by=actor, **data)
    meeting.participants.set(participants)
    audit_record(actor=actor, action="meetings.record", obj=meeting, group=group,
                 data={"date": date.isoformat(), "type": type, "participants": len(participants)})
    if type == Meeting.Type.ROUTINE:
        calendar_day = nth_weekday(date.year, date.month, group.meeting_week, group.meeting_weekday)
        held_then = Meeting.objects.filter(group=group, type=Meeting.Type.ROUTINE, date=calendar_day)
        if calendar_day != date and not held_then.exists():  # the month's meeting, held on another day
            meeting_moved.send(sender=Meeting, group=group, meeting=meeting, from_date=calendar_day, to_date=date,
                               actor=actor)
    return meeting


@transaction.atomic
def meeting_update(*, meeting, actor, participants=(), **data):
    """Change a draft meeting's record (date, place, type, topics, participants)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    require_draft(meeting)
    was_routine, old_date = meeting.type == Meeting.Type.ROUTINE, meeting.date
    participants = list(participants)
    merged = {f: data.get(f, getattr(meeting, f)) for f in MEETING_FIELDS}
    _check_meeting_fields(group=meeting.group, data=merged, participants=participants, exclude_pk=meeting.pk)
    if merged["type"] != Meeting.Type.ROUTINE and meeting.sheet_rows.exists():
        raise _field_error("type", _("This meeting has a sheet; only a routine meeting can have one."),
                           "sheet_needs_routine")
    for f, value in merged.items():
        setattr(meeting, f, value)
    meeting.save()
    meeting.participants.set(participants)
    audit_record(actor=actor, action="meetings.update", obj=meeting, group=meeting.group,
                 data={"date": meeting.date.isoformat(), "type": meeting.type})
    if was_routine and meeting.type == Meeting.Type.ROUTINE and meeting.date != old_date:
        meeting_moved.send(sender=Meeting, group=meeting.group, meeting=meeting, from_date=old_date,
                           to_date=meeting.date, actor=actor)
    return meeting


def require_draft(meeting):
    if meeting.status != Meeting.Status.DRAFT:
        raise ValidationError(_("This meeting has been submitted; correct it with a reversal, not an edit."),
                              code="not_draft")


def done_by_this_page(meeting, submission_id):
    """Return True when ``submission_id`` already submitted the (locked) meeting: a repeat, the first result.

    Refuse a meeting already submitted under another id (another page or phone): it posts once.
    """
    if meeting.submission_id == submission_id:
        return True
    if meeting.status != Meeting.Status.DRAFT:
        raise already_submitted(meeting)
    return False


def save_submitted(meeting, fields):
    """Save the submitted meeting with its submission id; the named unique constraint refuses an id used twice."""
    try:
        with transaction.atomic():
            meeting.save(update_fields=[*fields, "status", "submitted_by", "submitted_at", "submission_id"])
    except IntegrityError as exc:
        if "submission_id" not in str(exc):  # another constraint: a bug upstream, not a used id; say so
            raise ValidationError(_("The meeting could not be saved; nothing was posted. Check the sheet "
                                    "and send it again."), code="not_saved") from exc
        # meetings_meeting_submission_id_unique: the id posted another meeting
        raise ValidationError(_("This submission id was already used for another meeting; reload the page "
                                "and send it again."), code="submission_elsewhere") from exc


def submission_uuid(submission_id):
    """Return ``submission_id`` as a UUID; refuse anything else (the phone makes one per "Kirim")."""
    try:
        return submission_id if isinstance(submission_id, uuid.UUID) else uuid.UUID(str(submission_id))
    except (TypeError, ValueError, AttributeError):
        raise ValidationError(_("This sheet carries no valid submission id; reload it and send it again."),
                              code="bad_submission_id") from None


def already_submitted(meeting):
    by = str(meeting.submitted_by) if meeting.submitted_by else "—"
    when = timezone.localtime(meeting.submitted_at) if meeting.submitted_at else None
    return ValidationError(
        _("This meeting was already submitted by %(person)s on %(when)s from another page or phone; nothing from "
          "this one was posted. Compare it with the meeting record.") % {
            "person": by, "when": date_format(when, "DATETIME_FORMAT") if when else "—"},
        code="already_submitted")


ATTENDED = (Attendance.Status.PRESENT, Attendance.Status.REPRESENTED)


@transaction.atomic
def event_complete(*, meeting, actor, submission_id, attendance):
    """Record who came to a capacity-building event (training, thematic discussion) and complete it.

    ``attendance`` maps member id to an attendance status; members left out were not expected.
    Every member named gets an Attendance row; the event's participants become those who came
    (present or represented), so the indicators count the members who took part. The event is then
    submitted, to be verified like a sheet. Exactly once as ``sheet_submit``: a repeat of the page's
    ``submission_id`` returns the completed event and writes nothing; another id is refused.
    """
    submission_id = submission_uuid(submission_id)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.has_sheet:
        raise ValidationError(_("A routine meeting is completed by submitting its sheet."), code="has_sheet")
    if done_by_this_page(meeting, submission_id):
        return meeting
    members = {m.pk: m for m in sheet_members(meeting)}
    errors = {}
    for member_id, status in attendance.items():
        if member_id not in members:
            errors[f"{member_id}.attendance"] = [_("She is not a member of the group on the day of the event.")]
        elif status not in Attendance.Status.values:
            errors[f"{member_id}.attendance"] = [_("Choose present, excused, absent or represented.")]
    if not errors and not any(status in ATTENDED for status in attendance.values()):
        errors["__all__"] = [_("Mark at least one member present: an event nobody came to was not held.")]
    if meeting.date > today():
        errors["__all__"] = [_("An event can be completed on or after its date, not before.")]
    if errors:
        raise ValidationError(errors, code="incomplete")
    try:  # on SQLite the row lock above is a no-op: a double tap reaches here twice
        with transaction.atomic():
            Attendance.objects.bulk_create([Attendance(meeting=meeting, member_id=member_id, status=status)
                                            for member_id, status in attendance.items()])
    except IntegrityError as exc:
        raise ValidationError(_("Attendance for this meeting was already recorded."),
                              code="attendance_exists") from exc
    meeting.participants.set([members[pk] for pk, status in attendance.items() if status in ATTENDED])
    meeting.status = Meeting.Status.SUBMITTED
    meeting.submitted_by = actor
    meeting.submitted_at = timezone.now()
    meeting.submission_id = submission_id
    save_submitted(meeting, [])
    audit_record(actor=actor, action="meetings.event_complete", obj=meeting, group=meeting.group,
                 data={"attendance": {str(pk): status for pk, status in attendance.items()}})
    return meeting


@transaction.atomic
def meeting_open_sheet(*, group, actor, date):
    """Return the routine meeting of ``group`` in ``date``'s month, recording it as a draft on ``date`` if none.

    What "open the sheet" does from the field officer's list of upcoming meetings: one tap,
    and a second tap (or a second phone) finds the meeting the first one made. The group row
    is locked so two requests at once make one meeting.
    """
    Group.objects.select_for_update().get(pk=group.pk)
    held = (Meeting.objects.filter(group=group, type=Meeting.Type.ROUTINE, date__gte=month_start(date),
                                   date__lte=month_end(date)).order_by("date").first())
    if held is not None:
        return held
    return meeting_record(group=group, actor=actor, date=date, type=Meeting.Type.ROUTINE)


@transaction.atomic
def meetings_prepare(*, actor, upcoming):
    """Open the sheet of every meeting in ``upcoming`` (``selectors.upcoming_meetings``); return the meetings.

    "Prepare all for offline": each planned meeting becomes a draft so its sheet can be kept on
    the phone; meetings already recorded are returned as they are.
    """
    return [item.meeting if item.meeting is not None
            else meeting_open_sheet(group=item.group, actor=actor, date=item.expected)
            for item in upcoming]


@transaction.atomic
def meeting_verify(*, meeting, actor):
    """Verify a submitted meeting or event (the treasurer or a manager, not the submitter); it is then locked."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted meeting can be verified."), code="not_submitted")
    if meeting.submitted_by_id == actor.pk:
        raise ValidationError(_("The person who submitted the sheet cannot verify it."), code="own_submission")
    if not (actor.is_manager or (actor.is_treasurer and actor.treasurer_of_id == meeting.group_id)):
        raise ValidationError(_("Only the group's treasurer or a manager verifies a meeting."),
                              code="not_verifier")
    meeting.status = Meeting.Status.VERIFIED
    meeting.verified_by = actor
    meeting.verified_at = timezone.now()
    meeting.save(update_fields=["status", "verified_by", "verified_at"])
    audit_record(actor=actor, action="meetings.verify", obj=meeting, group=meeting.group)
    return meeting
