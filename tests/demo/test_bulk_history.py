"""The bulk demo history (``seed_demo --bulk``): the same kinds of history, consistent with the services."""
import datetime
import io

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Sum

from accounts.models import User
from books.models import JournalLine
from books.selectors import account_balances, trial_balance
from groups.models import Group
from groups.rules import GroupRules
from groups.selectors import rules_for
from loans.models import Loan, LoanStatus, Repayment, ScheduleVersion, WriteOff
from loans.positions import loan_position
from meetings.models import Attendance, Meeting
from members.models import Member
from savings.models import SavingsKind, SavingsTransaction, TxnType
from savings.selectors import SIGNED, wajib_status_for_members
from savings.services import savings_credit_interest, savings_reverse
from yearend.models import YearEnd
from yearend.services import year_end_reverse

pytestmark = pytest.mark.django_db

UNTIL = datetime.date(2026, 6, 30)


@pytest.fixture
def seeded():
    call_command("seed_demo", bulk=True, groups=3, members_per_group=10, years=3, seed=11, until=UNTIL,
                 stdout=io.StringIO())
    return list(Group.objects.order_by("code"))


def test_every_active_member_is_on_every_routine_meeting(seeded):
    routine = Meeting.objects.filter(type=Meeting.Type.ROUTINE)
    assert routine.count() >= 3 * 22  # nearly every month of two years, for each group
    assert not routine.filter(status=Meeting.Status.DRAFT).exists()
    for meeting in routine.order_by("?")[:10]:
        expected = set(Member.objects.filter(group=meeting.group).active_on(meeting.date).values_list("pk", flat=True))
        assert set(Attendance.objects.filter(meeting=meeting).values_list("member_id", flat=True)) == expected
    events = Meeting.objects.filter(type=Meeting.Type.THEMATIC)
    assert events.filter(participants__isnull=False).exists()
    # As meetings.services.event_complete leaves them: submitted, those who came marked present.
    assert set(Attendance.objects.filter(meeting__in=events).values_list("meeting_id", "member_id", "status")) == {
        (pk, member, "present") for pk, member in events.values_list("pk", "participants") if member}


def test_deposits_and_withdrawals_come_from_meetings_of_her_group(seeded):
    moved = SavingsTransaction.objects.filter(type__in=[TxnType.DEPOSIT, TxnType.WITHDRAWAL])
    assert moved.count() > 300
    assert not moved.filter(meeting=None).exists()
    assert not moved.exclude(meeting__group=F("group")).exists()
    present = Attendance.objects.filter(status__in=["present", "represented"])
    # Nobody deposits at a meeting she was absent from.
    for txn in moved.order_by("?")[:30]:
        assert present.filter(meeting=txn.meeting, member=txn.member).exists()


def test_books_balance_and_match_savings_and_loans(seeded):
    for group in seeded:
        _rows, totals = trial_balance(group, start=datetime.date(2000, 1, 1), end=UNTIL)
        assert totals["balanced"]
        books = account_balances(group, as_of=UNTIL)
        savings = dict(SavingsTransaction.objects.filter(group=group).values("kind").annotate(b=Sum(SIGNED))
                       .order_by().values_list("kind", "b"))
        for kind in SavingsKind.values:
            assert books.get(f"savings_{kind}", 0) == savings.get(kind, 0)
        outstanding = sum(loan_position(loan, as_of=UNTIL).outstanding_principal
                          for loan in Loan.objects.filter(group=group, status=LoanStatus.ACTIVE))
        assert books.get("loans_receivable", 0) == outstanding
        running, lowest = 0, 0
        for _day, net in (JournalLine.objects.filter(entry__group=group, account__key="cash").values("entry__date")
                          .annotate(net=Sum("debit") - Sum("credit")).order_by("entry__date")
                          .values_list("entry__date", "net")):
            running += net
            lowest = min(lowest, running)
        assert lowest == 0  # LP2M's stimulus capital keeps the cash box from ever running dry


def test_loans_are_repaid_late_and_on_time(seeded):
    statuses = dict(Loan.objects.values("status").annotate(n=Count("id")).order_by().values_list("status", "n"))
    assert statuses[LoanStatus.CLOSED] > statuses.get(LoanStatus.ACTIVE, 0)
    assert Loan.objects.filter(penalties__isnull=False).exists()
    # Loans that stopped being paid are covered, rescheduled or written off months later, not all at the end.
    specials = (list(Repayment.objects.filter(kind=Repayment.Kind.COVER).values_list("value_date", flat=True))
                + list(ScheduleVersion.objects.filter(version__gt=1).values_list("start", flat=True))
                + list(WriteOff.objects.values_list("date", flat=True)))
    assert specials and min(specials) < UNTIL


def test_wajib_is_paid_but_some_fall_behind(seeded):
    members = list(Member.objects.all())
    status = wajib_status_for_members(members, as_of=UNTIL)
    assert all(s.paid <= s.due for s in status.values())  # never beyond what is due
    assert sum(s.paid for s in status.values()) > 0.8 * sum(s.due for s in status.values())
    assert all(s.pokok_owing == 0 for m, s in ((m, status[m.pk]) for m in members)
               if m.exited_on is None and SavingsTransaction.objects.filter(member=m).exists())


@pytest.mark.parametrize("schedule", [GroupRules.InterestSchedule.MONTHLY, GroupRules.InterestSchedule.YEARLY])
def test_interest_is_what_the_service_credits(seeded, schedule):
    """Reverse the bulk credit of the group's latest period and let the service credit it again: same amounts.

    The bulk demo closes its years after drawing the interest, so the SHU it credited at each RAT is
    not in the balances the interest was drawn on: the year ends are reversed first (newest first),
    which also reopens the year of a yearly credit.
    """
    groups = [g for g in seeded if rules_for(g, UNTIL).sukarela_interest_schedule == schedule]
    if not groups:
        pytest.skip(f"no {schedule} group in this seed")
    group = groups[0]
    manager = User.objects.get(username="manager")
    year_ends = YearEnd.objects.filter(group=group, reversed_at__isnull=True).order_by("-year")
    assert year_ends.exists()
    for year_end in year_ends:
        year_end_reverse(year_end=year_end, actor=manager, reason="Uji: hitung ulang tanpa SHU")
    credits = SavingsTransaction.objects.filter(group=group, type=TxnType.INTEREST)
    period_end = credits.order_by("-value_date").values_list("value_date", flat=True).first()
    assert period_end is not None
    bulk = {t.member_id: t.amount for t in credits.filter(value_date=period_end)}
    for txn in credits.filter(value_date=period_end).select_related("member"):
        savings_reverse(txn=txn, actor=manager, reason="Uji: hitung ulang")
    again = savings_credit_interest(group=group, period_end=period_end, actor=manager)
    assert {t.member_id: t.amount for t in again} == bulk


def test_every_month_end_has_its_loss_reserve_in_the_books(seeded):
    """The bulk demo posts each month's provision, so the balance sheet carries the allowance (issue #13)."""
    from loans.models import LoanProvision
    from loans.quality_selectors import loan_quality
    from loans.services.provisions import allowance_balance

    for group in seeded:
        months = list(LoanProvision.objects.filter(group=group, reversed_at__isnull=True)
                      .order_by("month").values_list("month", flat=True))
        assert months[0] == datetime.date(2023, 6, 30) and months[-1] == UNTIL
        assert len(months) == 37  # every month end from the first day of the history (30 June 2023)
        required = sum(row.provision for row in loan_quality(Loan.objects.filter(group=group), as_of=UNTIL))
        assert allowance_balance(group, on=UNTIL) == required
        # Posted months at once (loan_provisions_post_many): each month's lines are loan_quality's of that month.
        for provision in LoanProvision.objects.filter(group=group).order_by("month"):
            expected = [(r.loan.pk, r.klass.key, r.days_past_due, r.outstanding, r.provision)
                        for r in loan_quality(Loan.objects.filter(group=group), as_of=provision.month)]
            assert list(provision.lines.order_by("loan_id").values_list(
                "loan_id", "klass", "days_past_due", "outstanding", "reserve")) == expected
            assert provision.required == sum(r[-1] for r in expected)
    assert sum(allowance_balance(g, on=UNTIL) for g in seeded) > 0
    assert JournalLine.objects.filter(account__key="provision_expense", debit__gt=0).exists()
