"""Hand-built history for the report tests: members, meetings, attendance and book entries.

The numbers are chosen so every indicator has an exact expected value worked out by hand
(see the test modules for the arithmetic).
"""
import datetime

from books.services import credit, debit, journal_post
from meetings.models import Attendance, Meeting
from tests.factories import MemberFactory

D = datetime.date


def post(group, day, kind, actor, *lines):
    return journal_post(group=group, date=day, kind=kind, lines=list(lines), actor=actor)


def build_books(group, actor):
    """Post a year of books: before 2024 a grant, pokok and a loan; in 2024 savings, a repayment, costs."""
    post(group, D(2023, 12, 1), "grant", actor, debit("cash", 1_000_000), credit("grants", 1_000_000))
    post(group, D(2023, 12, 15), "savings_deposit", actor, debit("cash", 200_000), credit("savings_pokok", 200_000))
    post(group, D(2023, 12, 20), "loan_disbursement", actor, debit("loans_receivable", 600_000),
         credit("cash", 600_000))
    post(group, D(2024, 2, 13), "savings_deposit", actor, debit("cash", 120_000), credit("savings_wajib", 120_000))
    post(group, D(2024, 3, 12), "savings_deposit", actor, debit("cash", 80_000),
         credit("savings_sukarela", 80_000))
    post(group, D(2024, 4, 9), "loan_repayment", actor, debit("cash", 330_000),
         credit("loans_receivable", 300_000), credit("interest_income", 30_000))
    post(group, D(2024, 4, 9), "other_income", actor, debit("cash", 6_000), credit("fee_income", 6_000))
    post(group, D(2024, 5, 14), "expense", actor, debit("meeting_expense", 12_000), credit("cash", 12_000))
    post(group, D(2024, 12, 31), "savings_interest", actor, debit("savings_interest_expense", 3_000),
         credit("savings_sukarela", 3_000))


def build_members_and_meetings(group, actor):
    """Four members active at the start of 2024 (one leaves), one joins; six months of meetings, a training."""
    old = [MemberFactory(group=group, full_name=name, joined_on=D(2020, 1, 1), travel_minutes=minutes)
           for name, minutes in (("Rosmaniar", 5), ("Yusnimar", 10), ("Nurhayati", 30))]
    MemberFactory(group=group, full_name="Elvi", joined_on=D(2020, 1, 1), exited_on=D(2024, 6, 30))
    new = MemberFactory(group=group, full_name="Desmawati", joined_on=D(2024, 3, 1), travel_minutes=None)
    MemberFactory(group=group, full_name="Later", joined_on=D(2025, 2, 1))
    meetings = [Meeting.objects.create(group=group, date=D(2024, month, 10), created_by=actor, submitted_by=actor,
                                       status=Meeting.Status.SUBMITTED, officer_attended=month <= 4)
                for month in range(1, 7)]
    # A draft sheet is not a meeting held yet, and a second routine meeting in June is not a second month.
    Meeting.objects.create(group=group, date=D(2024, 7, 9), created_by=actor)
    Meeting.objects.create(group=group, date=D(2024, 6, 25), created_by=actor, submitted_by=actor,
                           status=Meeting.Status.VERIFIED, verified_by=actor, officer_attended=False)
    first = meetings[0]
    for member in old:
        Attendance.objects.create(meeting=first, member=member, status=Attendance.Status.PRESENT)
    Attendance.objects.create(meeting=first, member=new, status=Attendance.Status.REPRESENTED)
    training = Meeting.objects.create(group=group, date=D(2024, 7, 20), type=Meeting.Type.TRAINING, created_by=actor)
    training.participants.add(old[0], old[1])
    return old + [new]


def build_loans(group, actor):
    """Three flat 2 % loans disbursed 15 Jan 2024 (first due 15 Feb), seen on 30 Jun 2024.

    * Rosmaniar 1,000,000 / 10 months pays 120,000 every month on time: 500,000 outstanding, current.
    * Yusnimar 1,000,000 / 10 months pays February only: 900,000 outstanding, late since 15 Mar (107 days).
    * Nurhayati 500,000 / 5 months pays 110,000 Feb–Apr, the group fund covers May, June unpaid:
      100,000 outstanding, late since 15 Jun (15 days).
    """
    from groups.rules import GroupRules
    from loans import services
    from tests.factories import make_rules
    from tests.loans.conftest import OPEN_RULES

    if not GroupRules.objects.filter(group=group, effective_from=D(2021, 1, 1)).exists():
        make_rules(group, effective_from=D(2021, 1, 1), created_by=actor, **OPEN_RULES)

    def disburse(name, amount, term):
        member = MemberFactory(group=group, full_name=name, joined_on=D(2020, 1, 1))
        loan = services.loan_apply(member=member, amount=amount, term=term, purpose="Modal usaha",
                                   business="Rakik maco", date=D(2024, 1, 5), actor=actor)
        services.loan_decide(loan=loan, approved=True, date=D(2024, 1, 10), agreed_by="Rapat anggota", actor=actor)
        return services.loan_disburse(loan=loan, date=D(2024, 1, 15), actor=actor)

    on_time = disburse("Rosmaniar", 1_000_000, 10)
    late = disburse("Yusnimar", 1_000_000, 10)
    covered = disburse("Nurhayati", 500_000, 5)
    for month in range(2, 7):
        services.loan_repay(loan=on_time, amount=120_000, date=D(2024, month, 15), actor=actor)
    services.loan_repay(loan=late, amount=120_000, date=D(2024, 2, 15), actor=actor)
    for month in range(2, 5):
        services.loan_repay(loan=covered, amount=110_000, date=D(2024, month, 15), actor=actor)
    services.loan_cover(loan=covered, amount=110_000, date=D(2024, 5, 15), actor=actor)
    return on_time, late, covered
