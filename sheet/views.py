"""The meeting sheet's pages: the sheet itself, its JSON endpoint for the phone's script, the printed sheet,
and "open the sheet" / "prepare all for offline" from the field officer's home page.

The sheet works as a plain form (POST, redirect); with its script, everything she types is kept
on the phone (static/js/sheet.js) and reaches the server through :func:`sheet_sync`, now or
from the phone's queue when the signal returns (docs/architecture.md, "Offline").
"""
import datetime
import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_POST

from core.dates import today
from core.pdf import PAPERS, paper_from, pdf_response
from groups.selectors import get_group_for_user
from meetings import services as meeting_services
from meetings.forms import attach_errors, error_map, member_id
from meetings.models import Attendance, Meeting
from meetings.selectors import can_record, get_meeting_for_user, sheet_members, upcoming_meetings
from members.models import Member

from . import services
from .forms import read_sheet, show_rows
from .selectors import opening_cash, sheet_lines, sheet_totals

# Refusals that mean the meeting is no longer a draft: the phone stops saving it as one.
NOT_A_DRAFT = ("already_submitted", "not_draft")

# What the sheet's scripts say (static/js/meeting_sheet.js, sheet_offline.js), in the user's language;
# %(name)s is filled in by the script.
SHEET_STRINGS = {
    "amount": gettext_lazy("Enter a whole number of Rupiah, e.g. 25.000."),
    "explain": gettext_lazy("The cash counted differs from the expected total; explain why."),
    "asShown": gettext_lazy("Saved on the server; what you type is kept on this phone at once."),
    "savedPhone": gettext_lazy("Saved on this phone at %(time)s"),
    "sentServer": gettext_lazy("Saved on this phone and sent to the server at %(time)s"),
    "offline": gettext_lazy("No signal: saved on this phone at %(time)s; it is sent when the signal returns."),
    "offlineIdle": gettext_lazy("No signal: what you type is kept on this phone and sent when the signal returns."),
    "checkCells": gettext_lazy("Saved on this phone. Correct the cells in red before it can be sent."),
    "queued": gettext_lazy("Kept on this phone since %(time)s and waiting for signal: it is sent by itself "
                           "when the signal returns. You may close the page."),
    "sending": gettext_lazy("Sending to the server…"),
    "retry": gettext_lazy("The server could not take it just now; it is tried again."),
    "refused": gettext_lazy("Refused by the server: see the marked rows, correct them and press Submit again."),
    "refusedTop": gettext_lazy("Refused by the server: see the message above the sheet. Everything stays on this "
                               "phone."),
    "login": gettext_lazy("Your session has ended: log in again to send it. Everything stays on this phone."),
    "otherUser": gettext_lazy("Another user is logged in on this phone: log in as yourself to send this sheet."),
    "loginLink": gettext_lazy("Log in"),
    "posted": gettext_lazy("Posted at %(time)s. Opening the meeting record…"),
    "notDraft": gettext_lazy("This meeting is no longer a draft; nothing from this sheet was posted."),
    "record": gettext_lazy("Open the meeting record"),
    "stale": gettext_lazy("Not sent for more than %(days)s days: find a signal and open this sheet."),
    "ready": gettext_lazy("Ready offline · kept %(time)s"),
    "notReady": gettext_lazy("Not kept on this phone yet"),
    "unknownMember": gettext_lazy("%(name)s (not on this copy of the sheet: open it again with signal)"),
}

# The words of every row of the sheet, translated once per page (sheet.html) instead of once per row.
ROW_LABELS = {
    "owes": gettext_lazy("Owes"), "sukarela": gettext_lazy("Sukarela"), "may_borrow": gettext_lazy("May borrow"),
    "as_due": gettext_lazy("As due"), "attendance": gettext_lazy("Attendance"),
    "covers_for_hint": gettext_lazy("covers for…"), "covers_for": gettext_lazy("Covers for"),
    "note": gettext_lazy("Note"), "cash": gettext_lazy("Cash"),
}


def _totals(meeting, lines):
    return sheet_totals(lines, opening=opening_cash(meeting))


def _no_store(response):
    """Keep the page out of the browser's own caches (and so out of the back button's).

    A draft sheet must never come back from the HTTP cache or the back-forward cache after it
    was posted; the service worker keeps its own copy for offline and drops it once posted.
    """
    patch_cache_control(response, no_store=True, private=True)
    return response


@gzip_page
def sheet(request, pk):
    """The meeting sheet: GET shows it (draft or posted); POST saves the draft or submits it."""
    meeting = get_meeting_for_user(request.user, pk)
    if not meeting.has_sheet:
        raise Http404("no sheet")
    editable = meeting.is_draft and can_record(request.user, meeting.group)
    page_errors = {}
    cash = {"counted": meeting.cash_counted, "note": meeting.cash_difference_note}
    submission_id = request.POST.get("submission_id") or uuid.uuid4()
    if request.method != "POST":
        lines = sheet_lines(meeting)
    else:
        if meeting.submission_id and str(meeting.submission_id) == request.POST.get("submission_id"):
            return redirect(meeting)  # the same page sent twice (a double click without the script): posted
        if not editable:
            raise PermissionDenied
        # The cells are read against the members alone: what each one owes is read by the service
        # under its locks, and by this view only when the page is shown again with its errors.
        members = sheet_members(meeting)
        rows, raw, cash_counted, errors = read_sheet(request.POST, [m.pk for m in members],
                                                     codes={m.code: m.pk for m in members})
        note = request.POST.get("cash_difference_note", "")
        cash = {"counted": request.POST.get("cash_counted", ""), "note": note}
        if not errors:
            submit = request.POST.get("action") == "submit"
            try:
                if submit:
                    services.sheet_submit(meeting=meeting, actor=request.user, submission_id=submission_id,
                                          rows=rows, cash_counted=cash_counted, cash_difference_note=note)
                else:
                    services.sheet_save_draft(meeting=meeting, actor=request.user, rows=rows,
                                              cash_counted=cash_counted, cash_difference_note=note)
            except ValidationError as exc:
                errors = error_map(exc)
            else:
                if submit:
                    messages.success(request, _("Meeting submitted: everything is posted."))
                    return redirect(meeting)
                messages.success(request, _("Draft saved."))
                return redirect("meetings:sheet", pk=meeting.pk)
        lines = sheet_lines(meeting)
        show_rows(lines, rows, raw)
        page_errors = attach_errors(lines, errors)
    codes = {line.member.pk: line.member.code for line in lines}
    for line in lines:
        line.cover_for_code = codes.get(line.cover_for_id, line.cover_for_id or "")
    response = render(request, "sheet/sheet.html", {
        "meeting": meeting, "group": meeting.group, "lines": lines, "totals": _totals(meeting, lines),
        "editable": editable, "page_errors": page_errors, "cash": cash, "submission_id": submission_id,
        "rendered_at": timezone.now().isoformat(),
        "attendance_choices": [(value, str(label)) for value, label in Attendance.Status.choices],
        "row_labels": {key: str(text) for key, text in ROW_LABELS.items()},
        "js_strings": {key: str(text) for key, text in SHEET_STRINGS.items()},
        # One list of the members for every row's "covers for" (a <datalist>): a list per row grew with n².
        "cover_choices": [(line.member.code, line.member.full_name) for line in lines],
    }, status=400 if page_errors or any(line.errors for line in lines) else 200)
    return _no_store(response)


def _names(errors, members, group):
    """Return {member id: name} for every member an error names (also one no longer on the sheet)."""
    ids = {member_id(key.partition(".")[0]) for key in errors} - {None}
    names = {m.pk: m.display_name for m in members if m.pk in ids}
    missing = ids - names.keys()
    if missing:
        names.update({m.pk: m.display_name for m in Member.objects.filter(group=group, pk__in=missing)})
    return {str(pk): name for pk, name in names.items()}


@require_POST
def sheet_sync(request, pk):
    """Take the sheet from the phone's script: save it as the draft or submit it; answer in JSON.

    The script sends the draft a few seconds after she types (``action=draft``) and the sheet
    she sends with "Kirim" (``action=submit`` with the ``submission_id`` the phone made), at
    once or from the phone's queue when the signal returns. Answers: ``saved``; ``posted`` with
    the meeting record's address (a repeated submission id gets the first result again);
    ``refused`` with each message under its cell's key (``<member id>.<field>``) and nothing
    changed (409 when the meeting is no longer a draft); ``forbidden`` for a reader.
    """
    meeting = get_meeting_for_user(request.user, pk)
    if not meeting.has_sheet:
        raise Http404("no sheet")
    if not can_record(request.user, meeting.group):
        return JsonResponse({"status": "forbidden", "errors": {"__all__": [
            _("You may read this sheet but not write it.")]}}, status=403)
    members = sheet_members(meeting)
    rows, _raw, cash_counted, errors = read_sheet(request.POST, [m.pk for m in members],
                                                  codes={m.code: m.pk for m in members})
    note = request.POST.get("cash_difference_note", "")
    submit = request.POST.get("action") == "submit"
    code = "bad_cells"
    if not errors:
        try:
            if submit:
                meeting = services.sheet_submit(meeting=meeting, actor=request.user,
                                                submission_id=request.POST.get("submission_id"), rows=rows,
                                                cash_counted=cash_counted, cash_difference_note=note)
            else:
                services.sheet_save_draft(meeting=meeting, actor=request.user, rows=rows,
                                          cash_counted=cash_counted, cash_difference_note=note)
        except ValidationError as exc:
            errors, code = error_map(exc), getattr(exc, "code", None) or "bad_rows"
    if errors:
        return JsonResponse({"status": "refused", "code": code, "errors": errors,
                             "names": _names(errors, members, meeting.group), "url": meeting.get_absolute_url()},
                            status=409 if code in NOT_A_DRAFT else 400)
    if submit:
        return JsonResponse({"status": "posted", "url": meeting.get_absolute_url(),
                             "submitted_at": meeting.submitted_at.isoformat(),
                             "submission_id": str(meeting.submission_id)})
    return JsonResponse({"status": "saved", "saved_at": timezone.now().isoformat()})


def landscape(request):
    """Return the CSS page size of the chosen paper turned sideways: the sheet has many columns."""
    width, height = PAPERS[paper_from(request)].split()
    return f"{height} {width}"


def _sheet_pdf(request, meeting):
    lines = sheet_lines(meeting)
    return pdf_response(request, "sheet/pdf/sheet_pdf.html", {
        "meeting": meeting, "group": meeting.group, "lines": lines, "totals": _totals(meeting, lines),
        "blank_rows": range(3), "landscape": landscape(request),
        "signature_labels": [_("Field officer"), _("Treasurer (bendahara)")],
    }, filename=f"lembar-pertemuan-{meeting.group.code}-{meeting.date:%Y-%m-%d}.pdf")


def sheet_pdf(request, pk):
    """The sheet to print before the meeting: what each member owes, with blank columns to write in."""
    meeting = get_meeting_for_user(request.user, pk)
    if not meeting.has_sheet:
        raise Http404("no sheet")
    return _sheet_pdf(request, meeting)


def _planned_date(text):
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        raise Http404("bad date")
    if abs((day - today()).days) > 400:
        raise Http404("date out of range")
    return day


def planned_sheet_pdf(request, group_pk, date):
    """The printed sheet of a meeting not recorded yet: what each member will owe on ``date``.

    Nothing is written: the meeting is built in memory. When the month's meeting is already
    recorded, its own sheet (with what was entered) is printed instead.
    """
    group = get_group_for_user(request.user, group_pk)
    day = _planned_date(date)
    held = (Meeting.objects.filter(group=group, type=Meeting.Type.ROUTINE, date__year=day.year,
                                   date__month=day.month).order_by("date").first())
    if held is not None:
        return redirect(f"{reverse('meetings:sheet_pdf', args=[held.pk])}?paper={paper_from(request)}")
    return _sheet_pdf(request, Meeting(group=group, date=day, type=Meeting.Type.ROUTINE,
                                       place=group.meeting_place))


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


@require_POST
def open_sheet(request, group_pk):
    """Open the sheet of the group's meeting on the date posted, recording the draft meeting if there is none."""
    group = get_group_for_user(request.user, group_pk)
    if not can_record(request.user, group):
        raise PermissionDenied
    try:
        day = datetime.date.fromisoformat(request.POST.get("date", ""))
    except ValueError:
        messages.error(request, _("Choose the date of the meeting."))
        return redirect("dashboard")
    try:
        meeting = meeting_services.meeting_open_sheet(group=group, actor=request.user, date=day)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("dashboard")
    return redirect("meetings:sheet", pk=meeting.pk)


@require_POST
def prepare_all(request):
    """Record the draft of every upcoming meeting of hers, so each sheet can be kept on the phone.

    With the home page's script (asking for JSON) the answer lists the sheets, which the script
    then loads once each so the service worker keeps them; without it, back to the home page.
    """
    if not request.user.is_field_officer:
        raise PermissionDenied
    upcoming = upcoming_meetings(request.user, on=today())
    try:
        meetings = meeting_services.meetings_prepare(actor=request.user, upcoming=upcoming)
    except ValidationError as exc:
        if _wants_json(request):
            return JsonResponse({"status": "refused", "errors": {"__all__": exc.messages}}, status=400)
        for message in exc.messages:
            messages.error(request, message)
        return redirect("dashboard")
    if _wants_json(request):
        return JsonResponse({"status": "prepared", "sheets": [
            {"meeting": m.pk, "url": reverse("meetings:sheet", args=[m.pk]), "group": item.group.pk,
             "date": item.expected.isoformat()} for item, m in zip(upcoming, meetings, strict=True)]})
    messages.success(request, _("The sheets of your upcoming meetings are ready to open."))
    return redirect("dashboard")
