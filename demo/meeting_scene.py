"""The throwaway group the meeting benchmarks time (``bench_meeting``, ``bench_offline``).

A group with rules and its chart, a field officer, ``n`` members who joined in March 2024 with their
pokok, wajib and sukarela paid on :data:`BEFORE`, and two of them with a running loan: the sheet of
a meeting on :data:`DAY` asks each for her dues. The commands roll it back (or drop its database).
"""
import datetime

from accounts.models import User
from books.services import chart_seed
from groups.models import FieldOfficerAssignment, Group, Region
from groups.rules import GroupRules
from loans import services as loan_services
from members.models import Member, Membership
from savings.bulk import Movement, bulk_post

DAY = datetime.date(2024, 5, 14)  # the second Tuesday
BEFORE = datetime.date(2024, 4, 9)


def meeting_scene(n, tag):
    """Build the group of ``n`` members (codes and names marked with ``tag``); return (group, officer)."""
    manager = User.objects.create(username=f"bench-manager-{tag}", role=User.Role.MANAGER)
    officer = User.objects.create(username=f"bench-officer-{tag}", role=User.Role.FIELD_OFFICER)
    region = Region.objects.create(code=f"BENCH-{tag}", name="Kecamatan Bench", level=Region.Level.SUBDISTRICT)
    group = Group.objects.create(code=f"BENCH-{tag}", name=f"Bench {tag}", region=region, meeting_week=2,
                                 meeting_weekday=1)
    chart_seed(group=group)
    GroupRules.objects.create(group=group, effective_from=datetime.date(2020, 1, 1), created_by=manager,
                              pokok_amount=50_000, wajib_amount=10_000, loan_terms="5,10,12",
                              loan_min_attendance_rate=0, loan_require_wajib_current=False,
                              loan_min_membership_months=0, loan_interest_rate=2, sukarela_interest_rate=0)
    FieldOfficerAssignment.objects.create(group=group, officer=officer, start=datetime.date(2020, 1, 1))
    members = Member.objects.bulk_create([
        Member(code=f"B{tag}-{i:03d}", group=group, full_name=f"Anggota Bench {i:02d}",
               joined_on=datetime.date(2024, 3, 1)) for i in range(n)])
    Membership.objects.bulk_create([Membership(member=m, group=group, joined_on=m.joined_on) for m in members])
    bulk_post([Movement(member=m, kind=k, type="deposit", amount=a, date=BEFORE)
               for m in members for k, a in (("pokok", 50_000), ("wajib", 20_000), ("sukarela", 100_000))],
              actor=officer)
    for m in members[:2]:
        loan = loan_services.loan_apply(member=m, amount=1_000_000, term=10, purpose="Modal", business="Warung",
                                        date=BEFORE, actor=officer)
        loan_services.loan_decide(loan=loan, approved=True, date=BEFORE, agreed_by="Rapat", actor=officer)
        loan_services.loan_disburse(loan=loan, date=BEFORE, actor=officer)
    return group, officer
