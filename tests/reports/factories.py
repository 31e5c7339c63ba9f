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
