"""Writes of the meeting sheet: its draft, and its submission posting attendance and every payment at once.

Above savings and loans (docs/architecture.md, "Layers"): :func:`sheet_submit` posts the money
columns through them (sheet.posting). The meeting itself, its attendance and its verification are
written by meetings.services.
"""
import uuid
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.dates import today
from core.inputs import field_error as _field_error
from meetings.models import Attendance, Meeting, SheetRow
from meetings.selectors import sheet_members
from meetings.services import done_by_this_page, require_draft, save_submitted, submission_uuid

from .posting import post_money
from .selectors import MemberDues, cash_for, dues_for_sheet, opening_cash

if TYPE_CHECKING:
    from accounts.models import User
    from members.models import Member

# What the sheet entered for each member: {member id: {amount field: int Rupiah, "attendance", "cover_for", "note"}}.
Rows = Mapping[int, Mapping[str, Any]]


def _require_sheet(meeting: Meeting) -> None:
    if not meeting.has_sheet:
        raise ValidationError(_("Only a routine monthly meeting has a sheet."), code="no_sheet")


def _check_rows(meeting: Meeting, rows: Rows, members: Sequence["Member"]) -> None:
    """Check each entered row; raise one ValidationError naming every bad cell as ``<member>.<field>``."""
    by_id = {m.pk: m for m in members}
    errors: dict[str, list[str]] = {}
    for member_id, row in rows.items():
        if member_id not in by_id:
            errors[f"{member_id}.member"] = [_("This member is not on the sheet of this meeting.")]
            continue
        for f in SheetRow.AMOUNT_FIELDS:
            if row.get(f, 0) < 0:
                errors[f"{member_id}.{f}"] = [_("Enter an amount of zero or more.")]
        cover_for = row.get("cover_for")
        if row.get("cover_amount", 0) and not cover_for:
            errors[f"{member_id}.cover_for"] = [_("Choose the member she covers for.")]
        elif cover_for and (cover_for == member_id or cover_for not in by_id):
            errors[f"{member_id}.cover_for"] = [_("A member covers another member of the group.")]
        elif cover_for and not row.get("cover_amount", 0):
            errors[f"{member_id}.cover_amount"] = [_("Enter the amount she covers.")]
        if row.get("attendance") and row["attendance"] not in Attendance.Status.values:
            errors[f"{member_id}.attendance"] = [_("Choose present, excused, absent or represented.")]
    if errors:
        raise ValidationError(errors, code="bad_rows")


def _store_rows(meeting: Meeting, rows: Rows) -> None:
    """Replace the meeting's draft rows by ``rows`` (two queries whatever their number)."""
    SheetRow.objects.filter(meeting=meeting).delete()
    SheetRow.objects.bulk_create([
        SheetRow(meeting=meeting, member_id=member_id, attendance=row.get("attendance", ""),
                 cover_for_id=row.get("cover_for") or None, note=row.get("note", "")[:255],
                 **{f: row.get(f, 0) for f in SheetRow.AMOUNT_FIELDS})
        for member_id, row in rows.items()
    ])


@transaction.atomic
def sheet_save_draft(*, meeting: Meeting, actor: "User", rows: Rows, cash_counted: int | None = None,
                     cash_difference_note: str = "") -> Meeting:
    """Save what has been entered on the sheet so far; no money moves.

    ``rows`` maps member id to a dict with the amount fields, ``attendance``, ``cover_for``
    (a member id) and ``note``; amounts are int Rupiah.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require_sheet(meeting)
    require_draft(meeting)
    if cash_counted is not None and cash_counted < 0:
        raise _field_error("cash_counted", _("Enter an amount of zero or more."), "negative_cash")
    _check_rows(meeting, rows, sheet_members(meeting))
    _store_rows(meeting, rows)
    meeting.cash_counted = cash_counted
    meeting.cash_difference_note = cash_difference_note.strip()[:255]
    meeting.save(update_fields=["cash_counted", "cash_difference_note"])
    audit_record(actor=actor, action="meetings.sheet_draft", obj=meeting, group=meeting.group,
                 data={"rows": len(rows)})
    return meeting


def _check_complete(meeting: Meeting, rows: Rows, members: Sequence["Member"], dues: dict[int, MemberDues],
                    cash_counted: int | None, cash_difference_note: str) -> None:
    errors: dict[str, list[str]] = {}
    for m in members:
        if not rows.get(m.pk, {}).get("attendance"):
            errors[f"{m.pk}.attendance"] = [_("Mark her attendance.")]
    expected = opening_cash(meeting) + sum(cash_for(row, fee=dues[pk].approved_fee) for pk, row in rows.items())
    if cash_counted is None:
        errors["cash_counted"] = [_("Count the cash and enter it before submitting.")]
    elif cash_counted < 0:  # meetings_meeting_cash_nonnegative would refuse it at the save, less clearly
        errors["cash_counted"] = [_("Enter an amount of zero or more.")]
    elif cash_counted != expected and not cash_difference_note.strip():
        errors["cash_difference_note"] = [_("The cash counted differs from the expected total; explain why.")]
    if meeting.date > today():
        errors["__all__"] = [_("A meeting can be submitted on or after its date, not before.")]
    if errors:
        raise ValidationError(errors, code="incomplete")


@transaction.atomic
def sheet_submit(*, meeting: Meeting, actor: "User", submission_id: uuid.UUID | str | None, rows: Rows,
                 cash_counted: int | None, cash_difference_note: str = "") -> Meeting:
    """Post the whole sheet in one transaction: attendance and every payment, or nothing.

    Exactly once by ``submission_id``, the UUID the phone made when she pressed "Kirim": the
    meeting row is locked first, so two requests at once queue; a repeat of the id (double
    click, the queue resent after the signal came back, a second tab) finds the meeting posted
    with it, posts nothing and returns it, the first result. A meeting already submitted under
    another id (a second phone) is refused, and the named unique constraint on
    ``Meeting.submission_id`` keeps one meeting per id.
    """
    submission_id = submission_uuid(submission_id)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require_sheet(meeting)
    if done_by_this_page(meeting, submission_id):
        return meeting
    members = sheet_members(meeting)
    _check_rows(meeting, rows, members)
    dues = dues_for_sheet(meeting, members, with_eligibility=False)
    _check_complete(meeting, rows, members, dues, cash_counted, cash_difference_note)
    _store_rows(meeting, rows)
    try:
        with transaction.atomic():
            Attendance.objects.bulk_create([
                Attendance(meeting=meeting, member_id=member_id, status=row["attendance"])
                for member_id, row in rows.items()
            ])
    except IntegrityError as exc:
        raise ValidationError(_("Attendance for this meeting was already recorded."),
                              code="attendance_exists") from exc
    post_money(meeting=meeting, rows=rows, actor=actor, dues=dues)
    meeting.cash_counted = cash_counted
    meeting.cash_difference_note = cash_difference_note.strip()[:255]
    meeting.status = Meeting.Status.SUBMITTED
    meeting.submitted_by = actor
    meeting.submitted_at = timezone.now()
    meeting.submission_id = submission_id
    save_submitted(meeting, ["cash_counted", "cash_difference_note"])
    audit_record(actor=actor, action="meetings.submit", obj=meeting, group=meeting.group,
                 data={"rows": len(rows), "cash_counted": cash_counted, "submission_id": str(submission_id)})
    return meeting
