"""Reads for meetings and the meeting sheet, always scoped through the groups a user may see."""
import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from core.dates import add_months
from core.money import format_rupiah
from groups.access import can_record_meetings as can_record  # noqa: F401 (their old names)
from groups.access import can_verify_meeting as can_verify  # noqa: F401
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


def cash_for(values, *, fee=0):
    """Return the net cash of one row's ``values``; the admin fee of a disbursed loan comes back in."""
    cash = sum(CASH_SIGN[f] * values.get(f, 0) for f in AMOUNT_FIELDS)
    return cash + (fee if values.get("disbursed", 0) else 0)


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
    approved_fee: int = 0
    errors: dict = field(default_factory=dict)
    raw: dict = field(default_factory=dict)

    @property
    def cash(self):
        """Return the cash this line brings in (negative: pays out); a deducted admin fee stays in the box."""
        return cash_for(self.values, fee=self.approved_fee)

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
                "placeholder": self.approved_amount if f == "disbursed" else due,
                "fee": self.approved_fee if f == "disbursed" else 0,
            })
        return result


@dataclass(frozen=True)
class MemberDues:
    """What a member owes and may do at a meeting, gathered from the savings and loans selectors."""

    pokok: int
    wajib: int
    instalment: int
    sukarela_balance: int
    eligible_amount: int | None
    approved_loan: object = None
    approved_fee: int = 0
    loan_owed: dict = field(default_factory=dict)


def loan_dues_on(member_ids, *, on):
    """Return {member_id: {loan_id: owed}}: what fell due on her loans up to and including ``on``, with penalties.

    ``loans.selectors.dues_for_members`` calls overdue what fell due before its day and counts
    the penalty as of that day; the instalments falling due on the meeting day itself are the
    difference between its overdue of the next day and of the day.
    """
    from loans.selectors import dues_for_members

    today_dues = dues_for_members(member_ids, on=on)
    next_day = dues_for_members(member_ids, on=on + datetime.timedelta(days=1))
    result = {}
    for member_id, dues in next_day.items():
        before = {d.loan_id: d for d in today_dues[member_id].loans} if member_id in today_dues else {}
        for d in dues.loans:
            known = before.get(d.loan_id)
            owed = d.overdue + (known.penalty if known else 0)
            if owed:
                result.setdefault(member_id, {})[d.loan_id] = owed
    return result


def dues_for_sheet(meeting, members, *, with_eligibility=True):
    """Return {member_id: MemberDues} at ``meeting`` in a bounded number of queries.

    Pokok: what is unpaid of her simpanan pokok; wajib: this month's due plus arrears; instalment:
    what has fallen due on her loans by the meeting day and is unpaid, with penalties; her sukarela
    balance; what she may borrow (left out when ``with_eligibility`` is false: submitting needs
    it not); and her loan approved but not yet disbursed, with its admin fee.
    """
    from loans.models import Loan, LoanStatus
    from loans.selectors import eligibility_for_members
    from loans.services.lifecycle import admin_fee_for
    from savings.selectors import balances_for_members, wajib_status_for_members

    on = meeting.date
    ids = [m.pk for m in members]
    wajib = wajib_status_for_members(members, as_of=on)
    loans = loan_dues_on(ids, on=on)
    balances = balances_for_members(ids, as_of=on)
    eligibility = eligibility_for_members(members, on=on) if with_eligibility else {}
    approved = {}
    for loan in Loan.objects.filter(member_id__in=ids, status=LoanStatus.APPROVED).order_by("decided_on", "pk"):
        approved.setdefault(loan.member_id, loan)
    rules = rules_for(meeting.group, on=on)
    result = {}
    for m in members:
        status = wajib.get(m.pk)
        loan = approved.get(m.pk)
        verdict = eligibility.get(m.pk)
        result[m.pk] = MemberDues(
            pokok=status.pokok_owing if status else 0, wajib=status.arrears if status else 0,
            instalment=sum(loans.get(m.pk, {}).values()), loan_owed=loans.get(m.pk, {}),
            sukarela_balance=balances.get(m.pk, {}).get("sukarela", 0),
            eligible_amount=verdict.max_amount if verdict else None, approved_loan=loan,
            approved_fee=admin_fee_for(rules, loan.amount) if loan and rules else 0,
        )
    return result


def sheet_lines(meeting, *, with_eligibility=True):
    """Return the sheet: one SheetLine per member, pre-filled with the draft or with what is due.

    A constant number of queries whatever the number of members.
    """
    members = sheet_members(meeting)
    dues = dues_for_sheet(meeting, members, with_eligibility=with_eligibility)
    saved = {r.member_id: r for r in SheetRow.objects.filter(meeting=meeting)} if meeting.pk else {}
    lines = []
    for m in members:
        d = dues[m.pk]
        line = SheetLine(member=m, due={"pokok": d.pokok, "wajib": d.wajib, "instalment": d.instalment},
                         values=dict.fromkeys(AMOUNT_FIELDS, 0), sukarela_balance=d.sukarela_balance,
                         eligible_amount=d.eligible_amount,
                         approved_amount=d.approved_loan.amount if d.approved_loan else None,
                         approved_fee=d.approved_fee)
        row = saved.get(m.pk)
        if row is not None:
            line.values = {f: getattr(row, f) for f in AMOUNT_FIELDS}
            line.attendance, line.cover_for_id, line.note = row.attendance, row.cover_for_id, row.note
        lines.append(line)
    return lines


def opening_cash(meeting):
    """Return the group's cash in the books at the end of the day before the meeting (two queries).

    From the month totals of the group's cash account and the lines of the meeting's month before
    its day (``books.totals``): a few hundred rows at ten years, not every line of the federation.
    """
    from books.totals import sums_by_account

    sums = sums_by_account([meeting.group_id], end=meeting.date - datetime.timedelta(days=1), keys=["cash"])
    debit, credit = sums.get((meeting.group_id, "cash"), (0, 0))
    return debit - credit  # cash is an asset: debit normal


def sheet_totals(lines, *, opening=0):
    """Return the column totals, the meeting's net cash and the cash the box should hold at the end."""
    totals = {f: sum(line.values.get(f, 0) for line in lines) for f in AMOUNT_FIELDS}
    totals["due"] = sum(line.due.get(f, 0) for line in lines for f in ("pokok", "wajib", "instalment"))
    totals["fees"] = sum(line.approved_fee for line in lines if line.values.get("disbursed", 0))
    totals["cash_in"] = sum(totals[f] for f in AMOUNT_FIELDS if CASH_SIGN[f] > 0) + totals["fees"]
    totals["cash_out"] = sum(totals[f] for f in AMOUNT_FIELDS if CASH_SIGN[f] < 0)
    totals["net_cash"] = totals["cash_in"] - totals["cash_out"]
    totals["opening_cash"] = opening
    totals["expected_cash"] = opening + totals["net_cash"]
    totals["columns"] = [{"field": f, "label": COLUMN_LABELS[f], "amount": totals[f]} for f in AMOUNT_FIELDS]
    return totals


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


def posted_for_meeting(meeting):
    """Return what the meeting posted: (savings transactions, loan payments), each with its reversal if any.

    Two queries: corrections after submission are reversals of these rows, never edits.
    """
    from loans.models import Repayment
    from savings.models import SavingsTransaction

    savings = list(SavingsTransaction.objects.filter(meeting=meeting).exclude(type="reversal")
                   .select_related("member", "reversed_by").order_by("member__full_name", "pk"))
    payments = list(Repayment.objects.filter(meeting=meeting).select_related("member", "coverer", "reversal")
                    .order_by("member__full_name", "pk"))
    return savings, payments
