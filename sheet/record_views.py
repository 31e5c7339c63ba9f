"""The meeting record: what a meeting or event recorded and posted, its corrections, and its printed record.

Above savings and loans (docs/architecture.md, "Layers"): a routine meeting's record shows its
sheet's lines and the savings and loan rows it posted, and reverses a savings row through savings.
"""
import hashlib
import re
import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pdf import pdf_response
from meetings import services as meeting_services
from meetings.forms import attach_errors, error_map
from meetings.models import Attendance, Meeting
from meetings.selectors import attendance_summary, can_record, can_verify, event_lines, get_meeting_for_user
from savings.services import savings_reverse

from .selectors import opening_cash, posted_for_meeting, sheet_lines, sheet_totals
from .views import landscape


def _totals(meeting, lines):
    return sheet_totals(lines, opening=opening_cash(meeting))


def _detail_context(request, meeting, *, lines=None, page_errors=None):
    has_sheet = meeting.has_sheet
    return {
        "meeting": meeting, "group": meeting.group, "lines": lines if has_sheet else [],
        "totals": _totals(meeting, lines) if has_sheet else None,
        "event_lines": lines if not has_sheet else [], "page_errors": page_errors or {},
        "attendance_choices": Attendance.Status.choices,
        "attendance": attendance_summary(meeting), "participants": meeting.participants.order_by("full_name"),
        "can_record": meeting.is_draft and can_record(request.user, meeting.group),
        "can_verify": can_verify(request.user, meeting),
        "can_correct": not meeting.is_draft and can_record(request.user, meeting.group),
        "posted": posted_for_meeting(meeting) if has_sheet and not meeting.is_draft else ([], []),
        "submission_id": request.POST.get("submission_id") or uuid.uuid4(),
        "form_key": uuid.uuid4().hex,  # each correction form derives its own key from it (savings_correct)
    }


def _record_lines(meeting):
    """The sheet's lines for its record: what she may borrow is the sheet's to show, not the record's."""
    return sheet_lines(meeting, with_eligibility=False)


def meeting_detail(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    lines = _record_lines(meeting) if meeting.has_sheet else event_lines(meeting)
    return render(request, "sheet/meeting_detail.html", _detail_context(request, meeting, lines=lines))


@require_POST
def event_complete(request, pk):
    """Record who came to a training or thematic discussion and complete it (a double click: once)."""
    meeting = get_meeting_for_user(request.user, pk)
    if meeting.has_sheet:
        raise Http404("a routine meeting is completed on its sheet")
    if not can_record(request.user, meeting.group):
        raise PermissionDenied
    lines = event_lines(meeting)
    attendance = {}
    for line in lines:
        line.status = request.POST.get(f"{line.member.pk}-attendance", "")
        if line.status:
            attendance[line.member.pk] = line.status
    try:
        meeting_services.event_complete(meeting=meeting, actor=request.user,
                                submission_id=request.POST.get("submission_id"), attendance=attendance)
    except ValidationError as exc:
        done_by = Meeting.objects.get(pk=meeting.pk).submission_id
        if getattr(exc, "code", None) == "attendance_exists" and str(done_by) == request.POST.get("submission_id"):
            return redirect(meeting)  # the other tap of a double tap completed it: its result
        page_errors = attach_errors(lines, error_map(exc))
        return render(request, "sheet/meeting_detail.html",
                      _detail_context(request, meeting, lines=lines, page_errors=page_errors), status=400)
    messages.success(request, _("Event completed: attendance recorded."))
    return redirect(meeting)


@require_POST
def savings_correct(request, pk, txn_pk):
    """Reverse one savings row the meeting posted, with the reason given (a correction, never an edit)."""
    meeting = get_meeting_for_user(request.user, pk)
    if not can_record(request.user, meeting.group):
        raise PermissionDenied
    txn = get_object_or_404(meeting.savings_transactions.exclude(type="reversal"), pk=txn_pk)
    page_key = request.POST.get("idempotency_key", "")
    # One key for the page, one submission per row: the row's key is derived from both.
    key = hashlib.sha256(f"{page_key}:{txn.pk}".encode()).hexdigest()[:32] if re.fullmatch(
        r"[0-9a-f]{32}", page_key) else None
    try:
        savings_reverse(txn=txn, actor=request.user, reason=request.POST.get("reason", "")[:255],
                        idempotency_key=key)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Reversed; the reason is kept with both rows."))
    return redirect(meeting)


def record_pdf(request, pk):
    """The meeting record after the meeting: attendance, what each paid, totals and signature lines."""
    meeting = get_meeting_for_user(request.user, pk)
    lines = _record_lines(meeting) if meeting.has_sheet else []
    return pdf_response(request, "sheet/pdf/record_pdf.html", {
        "meeting": meeting, "group": meeting.group, "lines": lines, "totals": _totals(meeting, lines),
        "attendance": attendance_summary(meeting), "participants": meeting.participants.order_by("full_name"),
        "landscape": landscape(request),
        "signature_labels": [_("Field officer"), _("Treasurer (bendahara)")],
    }, filename=f"notulen-pertemuan-{meeting.group.code}-{meeting.date:%Y-%m-%d}.pdf")
