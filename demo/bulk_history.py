"""Demo history in bulk: the history of :mod:`demo.meeting_history`, at LP2M scale in minutes.

:mod:`demo.meeting_history` submits every meeting through the sheet, about half a second a meeting: right
for the default demo, hours for 120 groups over ten years. This step draws the same behaviour
(attendance, simpanan pokok on joining, wajib with arrears caught up, sukarela in and out,
interest by the group's rules, loans repaid on time, late or not at all, a few rescheduled,
written off or covered) and writes it through the bulk paths that tests prove equal to the
services:

* meetings, attendance and thematic meetings' participants: ``bulk_create``;
* savings: :func:`savings.bulk.bulk_post`, which checks what the services check;
* sukarela interest: computed with :mod:`savings.interest`'s arithmetic on the balances drawn
  here, so it is what ``savings_credit_interest`` would credit (a test recomputes it);
* loans: :func:`demo.loan_history.seed_loan_history` (``loans.bulk``, and the services for the few
  special loans);
* the month-end loss reserve: :func:`loans.services.loan_provisions_post_many`, every month.

Deposits and withdrawals carry their meeting; repayments are dated near their due dates and
carry none (the one difference from a sheet-made history a reader can see). Past years are
closed last, at each group's first meeting from the February after them (:mod:`demo.year_ends`);
the sukarela interest after such an RAT was drawn without the SHU it credited.
"""
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.utils import timezone

from books.models import JournalLine
from books.services import post_grant
from core.dates import add_months, month_end
from core.db import insert_rows
from groups.models import FieldOfficerAssignment
from groups.rules import GroupRules
from groups.selectors import rules_on, rules_versions
from loans.services import loan_provisions_post_many
from meetings.calendar import expected_for_group
from meetings.models import Attendance, Meeting
from savings.bulk import Movement, bulk_post
from savings.interest import interest_for_balances, period_months
from savings.models import SavingsKind, TxnType
from savings.selectors import pokok_due_for

from .loan_history import seed_loan_history
from .meeting_history import draw_attendance
from .statistics import growing, refresh_statistics
from .year_ends import close_year, years_due

THEMES = ("Kebun pekarangan", "Olahan singkong", "Ayam kampung", "Pembukuan usaha", "Dinamika kelompok")
SUKARELA_DEPOSITS = (5_000, 10_000, 20_000, 25_000, 50_000, 100_000)


@dataclass
class _Saver:
    """One member's savings while her history is drawn."""

    member: object
    troubled: bool
    pokok_due: int
    pokok_paid: bool = False
    wajib_paid: int = 0
    sukarela: int = 0
    sukarela_moves: list = field(default_factory=list)  # [(date, signed amount)], in date order

    def active_on(self, day):
        m = self.member
        return m.joined_on <= day and (m.exited_on is None or m.exited_on > day)


class _WajibDue:
    """What a member of the group owes in wajib as of a day, as ``wajib_status_for_members`` counts it.

    Each month from the month she joined is due at the rules in force on its last day (on the as-of
    day for the as-of month); month sums are cumulated once per group so each look-up is constant time.
    """

    def __init__(self, versions, first, last):
        self.versions = versions
        self.first = first.replace(day=1)
        self.cumulative = [0]
        month = self.first
        while month <= last:
            rules = rules_on(versions, month_end(month))
            self.cumulative.append(self.cumulative[-1] + (rules.wajib_amount if rules else 0))
            month = add_months(month, 1)

    def _index(self, day):
        return (day.year - self.first.year) * 12 + day.month - self.first.month

    def due(self, member, on):
        end = min(on, member.exited_on) if member.exited_on else on
        if member.joined_on > end:
            return 0
        k = self._index(end)
        total = self.cumulative[k + 1] - self.cumulative[self._index(member.joined_on)]
        full = rules_on(self.versions, month_end(end))
        today = rules_on(self.versions, end)
        return total - (full.wajib_amount if full else 0) + (today.wajib_amount if today else 0)

    def monthly(self, on):
        rules = rules_on(self.versions, on)
        return rules.wajib_amount if rules else 0


def _meeting_movements(rng, saver, meeting, *, wajib, first_visit):
    """Return what she pays in and takes out at ``meeting`` (she attends or sends someone)."""
    m, day = saver.member, meeting.date
    moves = []
    if saver.pokok_due and not saver.pokok_paid:
        moves.append(Movement(m, SavingsKind.POKOK, TxnType.DEPOSIT, saver.pokok_due, day, meeting))
        saver.pokok_paid = True
    owed = wajib.due(m, day) - saver.wajib_paid
    if owed > 0:
        pay = owed if first_visit or rng.random() < 0.9 else min(owed, wajib.monthly(day))
        moves.append(Movement(m, SavingsKind.WAJIB, TxnType.DEPOSIT, pay, day, meeting))
        saver.wajib_paid += pay
    if rng.random() < 0.15:
        amount = rng.choice(SUKARELA_DEPOSITS)
        moves.append(Movement(m, SavingsKind.SUKARELA, TxnType.DEPOSIT, amount, day, meeting))
        saver.sukarela += amount
        saver.sukarela_moves.append((day, amount))
    elif saver.sukarela >= 20_000 and rng.random() < 0.06:
        amount = saver.sukarela // 2 // 1000 * 1000
        moves.append(Movement(m, SavingsKind.SUKARELA, TxnType.WITHDRAWAL, amount, day, meeting))
        saver.sukarela -= amount
        saver.sukarela_moves.append((day, -amount))
    return moves


def _interest(savers, versions, period_end):
    """Return the interest movements of the period ending ``period_end`` under the rules in force then."""
    rules = rules_on(versions, period_end)
    if rules is None or rules.sukarela_interest_rate <= 0:
        return []
    if rules.sukarela_interest_schedule == GroupRules.InterestSchedule.YEARLY and period_end.month != 12:
        return []
    months = period_months(period_end, rules.sukarela_interest_schedule)
    moves = []
    for saver in savers:
        m = saver.member
        if m.joined_on > period_end or (m.exited_on is not None and m.exited_on <= period_end):
            continue
        opening = sum(v for d, v in saver.sukarela_moves if d < months[0])
        within = {}
        for d, v in saver.sukarela_moves:
            if months[0] <= d <= period_end:
                within[d] = within.get(d, 0) + v
        if not opening and not within:
            continue
        amount = interest_for_balances(opening, within, months, rate=rules.sukarela_interest_rate,
                                       basis=rules.sukarela_interest_basis)
        if amount > 0:
            moves.append(Movement(m, SavingsKind.SUKARELA, TxnType.INTEREST, amount, period_end))
            saver.sukarela += amount
            saver.sukarela_moves.append((period_end, amount))
    return moves


def _meetings(rng, group, officer, ctx):
    """Create the group's routine meetings (a few months skipped) and return them, oldest first."""
    expected = expected_for_group(group, start=ctx.start, end=ctx.until)
    # Never the first nor the latest meeting skipped (the officer has recorded the latest one).
    dates = [d for i, d in enumerate(expected) if i in (0, len(expected) - 1) or rng.random() >= 0.03]
    verified_until = add_months(ctx.until, -1)
    now = timezone.now()
    return Meeting.objects.bulk_create([
        Meeting(group=group, date=day, type=Meeting.Type.ROUTINE, topics="Simpanan, angsuran, pinjaman baru",
                place=group.meeting_place, created_by=officer, submitted_by=officer, submitted_at=now,
                status=Meeting.Status.VERIFIED if day < verified_until else Meeting.Status.SUBMITTED,
                verified_by=ctx.manager if day < verified_until else None,
                verified_at=now if day < verified_until else None)
        for day in dates
    ])


def _group_history(ctx, group, officer, versions):
    rng = ctx.rng
    members = ctx.members_by_group.get(group.pk, [])
    savers = [_Saver(m, troubled=rng.random() < 0.03, pokok_due=pokok_due_for(m, versions)) for m in members]
    meetings = _meetings(rng, group, officer, ctx)
    first_join = min([m.joined_on for m in members] + [ctx.start])
    wajib = _WajibDue(versions, first_join, ctx.until)
    attendance, movements, thematic = [], [], []
    seen = set()
    month_ends = [month_end(add_months(ctx.start, k)) for k in range(0, 12 * 200)]
    month_ends = [d for d in month_ends if d <= ctx.until]
    next_end = 0
    for i, meeting in enumerate(meetings):
        while next_end < len(month_ends) and month_ends[next_end] < meeting.date:
            movements += _interest(savers, versions, month_ends[next_end])
            next_end += 1
        present = []
        for saver in savers:
            if not saver.active_on(meeting.date):
                continue
            status = draw_attendance(rng, saver.troubled)
            attendance.append((meeting.pk, saver.member.pk, str(status)))
            if status in ("present", "represented"):
                present.append(saver.member)
                movements += _meeting_movements(rng, saver, meeting, wajib=wajib,
                                                first_visit=saver.member.pk not in seen)
                seen.add(saver.member.pk)
        if i % 3 == 1:
            thematic.append((Meeting(group=group, date=meeting.date, type=Meeting.Type.THEMATIC,
                                     theme=rng.choice(THEMES), created_by=officer, status=Meeting.Status.SUBMITTED,
                                     submitted_by=officer, submitted_at=meeting.submitted_at),
                             [m for m in present if rng.random() < 0.7]))
    for day in month_ends[next_end:]:
        movements += _interest(savers, versions, day)
    created = Meeting.objects.bulk_create([t for t, _people in thematic])
    came = [(t.pk, m.pk) for t, (_t, people) in zip(created, thematic, strict=True) for m in people]
    insert_rows(Meeting.participants.through, ["meeting_id", "member_id"], came)
    # What meetings.services.event_complete writes for a completed event: those who came, present.
    present = str(Attendance.Status.PRESENT)
    insert_rows(Attendance, ["meeting_id", "member_id", "status"],
                attendance + [(meeting_id, member_id, present) for meeting_id, member_id in came])
    movements.sort(key=lambda mv: mv.date)
    bulk_post(movements, actor=officer)


def _stimulus_capital(ctx):
    """Give each group LP2M's stimulus capital (dana stimulan), enough that its cash never runs out.

    Loans are drawn without looking at the cash box; the grant, dated the first day of the history,
    is the lowest running cash balance rounded up to a million, so no day of the cash book is negative.
    """
    lowest = {}
    for group_id, _day, net in (JournalLine.objects.filter(account__key="cash", entry__group__in=ctx.groups)
                               .values("entry__group_id", "entry__date").annotate(net=Sum("debit") - Sum("credit"))
                               .order_by("entry__group_id", "entry__date")
                               .values_list("entry__group_id", "entry__date", "net")):
        running, low = lowest.get(group_id, (0, 0))
        lowest[group_id] = (running + net, min(low, running + net))
    for group in ctx.groups:
        low = lowest.get(group.pk, (0, 0))[1]
        if low < 0:
            post_grant(group=group, date=ctx.start, amount=-(low // 1_000_000) * 1_000_000,
                       memo="Dana stimulan LP2M", actor=ctx.manager)


def _provisions(ctx):
    """Post every group's month-end loss reserve, month by month, as a manager does (issue #13).

    Through :func:`loans.services.loan_provisions_post_many` (what ``loan_provision_post`` posts
    month by month, in a few queries a group) once the loans are in, and before the RATs close the
    years (a closed year takes no provision). So the demo's balance sheet carries the allowance and
    its OSS the provision expense, as on the sheet-made demo.
    """
    for group in growing(ctx.groups):
        months, month = [], month_end(ctx.start)
        while month <= ctx.until:
            months.append(month)
            month = month_end(add_months(month, 1))
        loan_provisions_post_many(group=group, months=months, actor=ctx.manager)


def _year_ends(ctx):
    """Close every past year at the group's first meeting from the February after it (its RAT).

    After the whole history is written (the books' income comes from the loans seeded last), so
    the sukarela interest of the months after an RAT was drawn without the member's share.
    """
    rats = {}  # {group id: {year: the year's first routine meeting from February}}
    for group_id, pk, day in (Meeting.objects.filter(group__in=ctx.groups, type=Meeting.Type.ROUTINE,
                                                     date__month__gte=2, date__lte=ctx.until)
                              .order_by("group_id", "date").values_list("group_id", "pk", "date")):
        rats.setdefault(group_id, {}).setdefault(day.year, (pk, day))
    chosen = [pk for by_year in rats.values() for pk, _day in by_year.values()]
    counts = {pk: (present, expected) for pk, present, expected in (
        Attendance.objects.filter(meeting_id__in=chosen).values("meeting_id")
        .annotate(present=Count("pk", filter=Q(status__in=["present", "represented"])), expected=Count("pk"))
        .order_by().values_list("meeting_id", "present", "expected"))}
    for group in ctx.groups:
        due = None  # the first open year: read once, then each RAT leaves its own year open
        for pk, day in (rats.get(group.pk, {})[year] for year in sorted(rats.get(group.pk, {}))):
            present, expected = counts.get(pk, (0, 0))
            closing_years = years_due(group, day) if due is None else list(range(due, day.year))
            for closing in closing_years:
                close_year(group, year=closing, day=day, actor=ctx.manager, present=present, members=expected)
            due = day.year if closing_years or due is not None else None


def seed_history(ctx):
    """Write every group's meetings and savings in bulk, then the loans (a ``seed_demo --bulk`` step)."""
    officers = {a.group_id: a.officer for a in FieldOfficerAssignment.objects.select_related("officer")}
    versions = rules_versions([g.pk for g in ctx.groups])
    for group in growing(ctx.groups):
        _group_history(ctx, group, officers.get(group.pk, ctx.manager), versions.get(group.pk, []))
    refresh_statistics()
    seed_loan_history(ctx)
    refresh_statistics()
    _stimulus_capital(ctx)
    _provisions(ctx)
    refresh_statistics()
    _year_ends(ctx)

