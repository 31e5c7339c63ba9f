"""Schedules on the group's meeting calendar, and a member who pays at every meeting (worked example).

KPUK Anggrek meets every second Tuesday. In 2025 those are 14 January, 11 February, 11 March,
8 April, 13 May and 10 June. Nurhayati borrows Rp 1.000.000 at the January meeting, 5 months at
2 % flat, rounded to 100: each instalment is 200.000 principal + 20.000 interest = Rp 220.000, and
with the first instalment at the first meeting at least 14 days after the disbursement they fall
due on 11 February, 11 March, 8 April, 13 May and 10 June 2025 — the meetings, not the 14th of
each month. She pays what the meeting sheet says she owes at each of them.
"""
import datetime
import uuid
from decimal import Decimal

import pytest

from groups.calendar import meeting_due_dates
from groups.models import Group
from loans import services
from loans.models import Instalment, LoanStatus
from loans.positions import days_past_due_by_loan, loan_position, outstanding_principal_by_loan
from meetings.calendar import expected_dates
from meetings.models import Meeting
from meetings.services import meeting_record
from reports.selectors.indicators import indicators_for
from savings.services import savings_deposit
from sheet.selectors import opening_cash, sheet_lines
from sheet.services import sheet_submit
from tests.factories import MemberFactory, make_rules
from tests.loans.conftest import OPEN_RULES

pytestmark = pytest.mark.django_db
D = datetime.date
MEETINGS = [D(2025, 1, 14), D(2025, 2, 11), D(2025, 3, 11), D(2025, 4, 8), D(2025, 5, 13), D(2025, 6, 10)]
CALENDAR_RULES = {**OPEN_RULES, "loan_due_at": "meeting", "loan_first_due_min_days": 14}


def test_due_dates_are_the_meetings_after_the_disbursement():
    assert expected_dates(week=2, weekday=1, start=D(2025, 1, 1), end=D(2025, 6, 30)) == MEETINGS
    assert meeting_due_dates(start=D(2025, 1, 14), count=5, week=2, weekday=1, min_days=14) == MEETINGS[1:]
    # Disbursed at the office on 30 January: 11 February is only 12 days later, so the first is 11 March.
    assert meeting_due_dates(start=D(2025, 1, 30), count=2, week=2, weekday=1, min_days=14) == MEETINGS[2:4]
    assert meeting_due_dates(start=D(2025, 1, 30), count=1, week=2, weekday=1, min_days=7) == [D(2025, 2, 11)]


@pytest.fixture
def scene(group_a, manager, pendamping1):
    assert (group_a.meeting_week, group_a.meeting_weekday) == (2, 1)  # second Tuesday
    make_rules(group_a, effective_from=D(2021, 1, 1), created_by=manager, **CALENDAR_RULES)
    member = MemberFactory(group=group_a, full_name="Nurhayati", joined_on=D(2024, 1, 2))
    savings_deposit(member=member, kind="sukarela", amount=1_000_000, date=D(2025, 1, 2), actor=pendamping1)
    loan = services.loan_apply(member=member, amount=1_000_000, term=5, purpose="Modal usaha", business="Kue",
                               date=MEETINGS[0], actor=pendamping1)
    services.loan_decide(loan=loan, approved=True, date=MEETINGS[0], agreed_by="Rapat anggota", actor=pendamping1)
    loan = services.loan_disburse(loan=loan, date=MEETINGS[0], actor=pendamping1)
    return {"group": group_a, "member": member, "loan": loan}


def _hold_meeting(group, day, actor):
    """Hold the meeting of ``day``; she pays the instalment the sheet shows as due, nothing else."""
    meeting = meeting_record(group=group, actor=actor, date=day, type=Meeting.Type.ROUTINE)
    lines = sheet_lines(meeting, with_eligibility=False)
    rows = {line.member.pk: {"attendance": "present", "instalment": line.due["instalment"]} for line in lines}
    paid = sum(r["instalment"] for r in rows.values())
    sheet_submit(meeting=meeting, actor=actor, submission_id=uuid.uuid4(), rows=rows,
                 cash_counted=opening_cash(meeting) + paid)
    return paid


def test_schedule_falls_on_the_meetings(scene):
    rows = list(Instalment.objects.filter(loan=scene["loan"]).order_by("number")
                .values_list("due_date", "principal", "interest"))
    assert rows == [(day, 200_000, 20_000) for day in MEETINGS[1:]]


def test_paying_at_each_meeting_is_never_late(scene, pendamping1):
    group, loan = scene["group"], scene["loan"]
    only = Group.objects.filter(pk=group.pk)
    for day in MEETINGS[1:]:
        eve = day - datetime.timedelta(days=1)
        assert days_past_due_by_loan(group.loans.all(), as_of=eve) == {}
        values = indicators_for(only, start=D(2025, 1, 1), end=eve)
        assert (values["par1"], values["par1_own"]) == (Decimal("0.0000"), Decimal("0.0000")), eve
        assert _hold_meeting(group, day, pendamping1) == 220_000, day  # the sheet asks for it that day
        assert loan_position(loan, as_of=day).days_past_due == 0
    loan.refresh_from_db()
    assert (loan.status, loan.closed_on) == (LoanStatus.CLOSED, D(2025, 6, 10))
    values = indicators_for(only, start=D(2025, 1, 1), end=D(2025, 6, 30))
    # Due in the half year: 5 × 220.000 = 1.100.000, all of it paid on its day.
    assert values["on_time_rate"] == values["on_time_rate_own"] == Decimal("1.0000")
    assert values["repayment_rate"] == Decimal("1.0000")


def test_a_meeting_moved_moves_nothing_already_due(scene, pendamping1):
    """The March meeting is held a week late (18 March): the instalment stays due on 11 March."""
    group, loan = scene["group"], scene["loan"]
    _hold_meeting(group, MEETINGS[1], pendamping1)
    group.meeting_week = 3  # and the group moves to the third Tuesday for good
    group.save(update_fields=["meeting_week"])
    assert _hold_meeting(group, D(2025, 3, 18), pendamping1) == 220_000
    assert list(Instalment.objects.filter(loan=loan).values_list("due_date", flat=True).order_by("number")) \
        == MEETINGS[1:]
    assert loan_position(loan, as_of=D(2025, 3, 17)).days_past_due == 6


def test_a_monthly_group_keeps_the_day_of_the_month(group_a, manager, pendamping1):
    make_rules(group_a, effective_from=D(2021, 1, 1), created_by=manager, **{**OPEN_RULES, "loan_due_at": "monthly"})
    member = MemberFactory(group=group_a, full_name="Rosnida", joined_on=D(2024, 1, 2))
    loan = services.loan_apply(member=member, amount=1_000_000, term=5, purpose="Modal", business="Kue",
                               date=MEETINGS[0], actor=pendamping1)
    services.loan_decide(loan=loan, approved=True, date=MEETINGS[0], agreed_by="Rapat", actor=pendamping1)
    loan = services.loan_disburse(loan=loan, date=MEETINGS[0], actor=pendamping1)
    assert list(Instalment.objects.filter(loan=loan).values_list("due_date", flat=True).order_by("number")) == [
        D(2025, 2, 14), D(2025, 3, 14), D(2025, 4, 14), D(2025, 5, 14), D(2025, 6, 14)]


# ----- her own arrears after a cover -------------------------------------------------------------
# She misses the February meeting; the group fund covers her 220.000 on 11 February. At the March
# meeting she pays the group back in full and her March instalment, then every later one on time.

def _cover_then_payback(scene, actor, *, payback=220_000):
    loan = scene["loan"]
    cover = services.loan_cover(loan=loan, amount=220_000, date=MEETINGS[1], actor=actor)
    if payback:
        services.cover_payback(cover=cover, amount=payback, date=MEETINGS[2], actor=actor)
    for day in MEETINGS[2:]:
        services.loan_repay(loan=loan, amount=220_000, date=day, actor=actor)
    return cover


def _own(loan, day):
    own = days_past_due_by_loan(loan.group.loans.all(), as_of=day, own=True).get(loan.pk, 0)
    return own, outstanding_principal_by_loan(loan.group.loans.all(), as_of=day, own=True)[loan.pk]


def test_a_cover_repaid_in_full_returns_her_own_par_and_dpd(scene, pendamping1):
    loan, only = scene["loan"], Group.objects.filter(pk=scene["group"].pk)
    _cover_then_payback(scene, pendamping1)
    # The eve of the March meeting: on her own she is 27 days late (since 11 February) and owes 1.000.000.
    assert _own(loan, D(2025, 3, 10)) == (27, 1_000_000)
    values = indicators_for(only, start=D(2025, 1, 1), end=D(2025, 3, 10))
    assert (values["par1"], values["par1_own"], values["par30_own"]) == (
        Decimal("0.0000"), Decimal("1.0000"), Decimal("0.0000"))
    # 11 March: the payback settles the covered February instalment, her own payment the March one.
    assert _own(loan, D(2025, 3, 11)) == (0, 600_000)  # 1.000.000 − 200.000 paid back − 200.000 paid
    for day in (D(2025, 3, 31), D(2025, 4, 7), D(2025, 5, 12), D(2025, 6, 9)):
        assert _own(loan, day)[0] == 0, day
        values = indicators_for(only, start=D(2025, 1, 1), end=day)
        assert values["par1_own"] == values["par1"] == Decimal("0.0000"), day
    values = indicators_for(only, start=D(2025, 1, 1), end=D(2025, 6, 30))
    # Due 1.100.000. On time on her own: the four instalments she paid at their meetings, 880.000;
    # the February one was paid back a month late. Her own receipts count the payback: 1.100.000.
    assert values["on_time_rate_own"] == Decimal("0.8000")
    assert values["on_time_rate"] == Decimal("1.0000")
    assert values["repayment_rate_own"] == values["repayment_rate"] == Decimal("1.0000")


def test_a_partial_payback_settles_the_oldest_part_first(scene, pendamping1):
    """Paid back 100.000 of the 220.000: in the standard order the cover paid 20.000 interest, then
    200.000 principal, so the payback settles the interest and 80.000 principal; she is still late."""
    loan = scene["loan"]
    _cover_then_payback(scene, pendamping1, payback=100_000)
    assert _own(loan, D(2025, 3, 31)) == (48, 720_000)  # 1.000.000 − 80.000 paid back − 200.000 paid
    position = loan_position(loan, as_of=D(2025, 3, 31))
    assert position.days_past_due == 0  # after the cover, nothing is late


def test_without_a_payback_her_own_lateness_keeps_growing(scene, pendamping1):
    loan = scene["loan"]
    _cover_then_payback(scene, pendamping1, payback=0)
    assert _own(loan, D(2025, 6, 30)) == (139, 200_000)  # since 11 February; the covered principal
