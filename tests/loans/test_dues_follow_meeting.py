"""A meeting held on another day, and the instalments due on its calendar day (worked example).

KPUK Anggrek meets every second Tuesday: 13 January, 10 February, 10 March, 14 April, 12 May and
9 June 2026. Nurhayati borrows Rp 1.000.000 at the January meeting, 5 months at 2 % flat, rounded
to 100: five instalments of 200.000 principal + 20.000 interest = Rp 220.000, due 10 February,
10 March, 14 April, 12 May and 9 June 2026. The February meeting is held two days late, on
Thursday 12 February, and she pays her Rp 220.000 there.

* Rules as by default (``loan_dues_follow_meeting`` off): the instalment stays due on 10 February;
  on 12 February she is 2 days late, and February's on-time repayment is 0 %.
* Rules saying that unpaid instalments follow the meeting: it falls due on 12 February; she is on
  time (0 days late, on-time 100 %). An instalment already paid before the meeting stays where it was.
"""
import datetime
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction

from audit.models import AuditEvent
from groups.models import Group
from loans import services
from loans.models import Instalment, InstalmentMove
from loans.positions import days_past_due_by_loan, loan_position
from meetings.models import Meeting
from meetings.services import meeting_record, meeting_update
from reports.selectors.indicators import indicators_for
from tests.factories import MemberFactory, make_rules
from tests.loans.conftest import OPEN_RULES

pytestmark = pytest.mark.django_db
D = datetime.date
JAN, FEB, MAR = D(2026, 1, 13), D(2026, 2, 10), D(2026, 3, 10)
THURSDAY = D(2026, 2, 12)
DUE = [FEB, MAR, D(2026, 4, 14), D(2026, 5, 12), D(2026, 6, 9)]


def _borrow(group, name, actor):
    member = MemberFactory(group=group, full_name=name, joined_on=D(2025, 1, 2))
    loan = services.loan_apply(member=member, amount=1_000_000, term=5, purpose="Modal usaha", business="Kue",
                               date=JAN, actor=actor)
    services.loan_decide(loan=loan, approved=True, date=JAN, agreed_by="Rapat anggota", actor=actor)
    return services.loan_disburse(loan=loan, date=JAN, actor=actor)


def _scene(group, manager, actor, *, follow):
    assert (group.meeting_week, group.meeting_weekday) == (2, 1)  # second Tuesday
    make_rules(group, effective_from=D(2021, 1, 1), created_by=manager,
               **{**OPEN_RULES, "loan_due_at": "meeting", "loan_first_due_min_days": 14,
                  "loan_dues_follow_meeting": follow})
    loan = _borrow(group, "Nurhayati", actor)
    assert list(loan.instalments.order_by("number").values_list("due_date", "principal", "interest")) == [
        (day, 200_000, 20_000) for day in DUE]
    return loan


def _due_dates(loan):
    return list(Instalment.objects.filter(loan=loan).order_by("number").values_list("due_date", flat=True))


def _february(group):
    return indicators_for(Group.objects.filter(pk=group.pk), start=D(2026, 2, 1), end=D(2026, 2, 28))


def test_rule_off_the_instalment_stays_due_on_the_calendar_day(group_a, manager, pendamping1):
    loan = _scene(group_a, manager, pendamping1, follow=False)
    meeting_record(group=group_a, actor=pendamping1, date=THURSDAY, type=Meeting.Type.ROUTINE)
    assert _due_dates(loan) == DUE
    assert not InstalmentMove.objects.exists()
    assert days_past_due_by_loan(group_a.loans.all(), as_of=D(2026, 2, 11)) == {loan.pk: 1}
    assert loan_position(loan, as_of=THURSDAY).days_past_due == 2  # paying on Thursday she is 2 days late
    services.loan_repay(loan=loan, amount=220_000, date=THURSDAY, actor=pendamping1)
    assert loan_position(loan, as_of=THURSDAY).days_past_due == 0
    values = _february(group_a)
    assert values["on_time_rate"] == Decimal("0.0000")  # Rp 220.000 due on 10 February, paid on the 12th
    assert values["repayment_rate"] == Decimal("1.0000")


def test_rule_on_the_unpaid_instalment_follows_the_meeting(group_a, manager, pendamping1):
    loan = _scene(group_a, manager, pendamping1, follow=True)
    meeting = meeting_record(group=group_a, actor=pendamping1, date=THURSDAY, type=Meeting.Type.ROUTINE)
    assert _due_dates(loan) == [THURSDAY, *DUE[1:]]  # only February's moves; March keeps 10 March
    move = InstalmentMove.objects.get()
    assert (move.loan, move.meeting, move.from_date, move.to_date, move.instalment.number) == (
        loan, meeting, FEB, THURSDAY, 1)
    event = AuditEvent.objects.get(action="loans.instalments_follow_meeting")
    assert event.data["from"] == "2026-02-10" and event.data["to"] == "2026-02-12"
    assert days_past_due_by_loan(group_a.loans.all(), as_of=D(2026, 2, 11)) == {}
    assert loan_position(loan, as_of=THURSDAY).days_past_due == 0  # on time on Thursday
    services.loan_repay(loan=loan, amount=220_000, date=THURSDAY, actor=pendamping1)
    values = _february(group_a)
    assert values["on_time_rate"] == Decimal("1.0000")  # Rp 220.000 due on 12 February, paid that day
    assert values["repayment_rate"] == Decimal("1.0000")
    assert loan_position(loan, as_of=D(2026, 3, 11)).days_past_due == 1  # March: due on 10 March as before


def test_paid_instalments_never_move_partly_paid_ones_do(group_a, manager, pendamping1):
    loan = _scene(group_a, manager, pendamping1, follow=True)
    early = _borrow(group_a, "Rosnida", pendamping1)
    part = _borrow(group_a, "Yusniar", pendamping1)
    services.loan_repay(loan=early, amount=220_000, date=D(2026, 2, 9), actor=pendamping1)  # at the office
    services.loan_repay(loan=part, amount=100_000, date=D(2026, 2, 9), actor=pendamping1)
    meeting_record(group=group_a, actor=pendamping1, date=THURSDAY, type=Meeting.Type.ROUTINE)
    assert _due_dates(early) == DUE  # paid before the meeting: stays due on 10 February
    assert _due_dates(loan)[0] == _due_dates(part)[0] == THURSDAY
    # Yusniar still owes 120.000 of February's 220.000: due on Thursday, not late before it.
    assert loan_position(part, as_of=D(2026, 2, 11)).days_past_due == 0
    assert loan_position(part, as_of=D(2026, 2, 13)).days_past_due == 1


def test_a_draft_meeting_moved_and_moved_back(group_a, manager, pendamping1):
    loan = _scene(group_a, manager, pendamping1, follow=True)
    meeting = meeting_record(group=group_a, actor=pendamping1, date=FEB, type=Meeting.Type.ROUTINE)
    assert _due_dates(loan) == DUE  # held on its calendar day: nothing moves
    meeting_update(meeting=meeting, actor=pendamping1, date=THURSDAY)
    assert _due_dates(loan)[0] == THURSDAY
    meeting_update(meeting=meeting, actor=pendamping1, date=FEB)
    assert _due_dates(loan) == DUE
    assert list(InstalmentMove.objects.order_by("id").values_list("from_date", "to_date")) == [
        (FEB, THURSDAY), (THURSDAY, FEB)]


def test_a_meeting_past_the_next_calendar_meeting_moves_nothing(group_a, manager, pendamping1):
    loan = _scene(group_a, manager, pendamping1, follow=True)
    meeting = meeting_record(group=group_a, actor=pendamping1, date=FEB, type=Meeting.Type.ROUTINE)
    meeting_update(meeting=meeting, actor=pendamping1, date=D(2026, 3, 12))  # after March's own meeting
    assert _due_dates(loan) == DUE
    assert not InstalmentMove.objects.exists()


def test_the_database_changes_a_due_date_only_with_its_move(group_a, manager, pendamping1):
    loan = _scene(group_a, manager, pendamping1, follow=True)
    first = loan.instalments.get(number=1)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE loans_instalment SET due_date = %s WHERE id = %s", [THURSDAY, first.pk])
    meeting_record(group=group_a, actor=pendamping1, date=THURSDAY, type=Meeting.Type.ROUTINE)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE loans_instalment SET principal = 1 WHERE id = %s", [first.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE loans_instalment SET due_date = %s WHERE id = %s", [D(2026, 2, 13), first.pk])
    assert _due_dates(loan) == [THURSDAY, *DUE[1:]]
