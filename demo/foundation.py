"""Seed regions, groups, rules, users and members (the foundation of the demo).

Bulk inserts throughout: the LP2M-scale demo (120 groups × 25 members) must stay fast.
"""
import datetime
import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password

from accounts.models import User
from books.models import CHART, Account
from groups.models import FieldOfficerAssignment, Group, GroupOfficer, Region
from groups.rules import GroupRules, InterestMethod
from members.models import Member, Membership

from . import names

DEMO_PASSWORD = "demo12345"  # noqa: S105  (printed for the demo on purpose)


@dataclass
class DemoContext:
    """What the foundation seeded, handed to the history steps of later apps."""

    rng: object
    start: datetime.date
    until: datetime.date
    manager: User
    groups: list = field(default_factory=list)
    members_by_group: dict = field(default_factory=dict)
    users: list = field(default_factory=list)


def _date_between(rng, start, end):
    span = max((end - start).days, 0)
    return start + datetime.timedelta(days=rng.randint(0, span))


def seed_regions():
    regions = {}
    for code, name, subs in names.DISTRICTS:
        district = Region.objects.create(code=code, name=name, level=Region.Level.DISTRICT)
        for sub_code, sub_name, villages in subs:
            sub = Region.objects.create(code=sub_code, name=sub_name, level=Region.Level.SUBDISTRICT,
                                        parent=district)
            regions[sub_code] = (sub, villages)
    return regions


def _group_names(n):
    pool = list(names.STUDY_GROUPS) + list(names.OTHER_GROUPS)
    result = []
    for i in range(n):
        base = pool[i % len(pool)]
        round_ = i // len(pool)
        result.append(base if round_ == 0 else f"{base} {['', 'II', 'III', 'IV', 'V', 'VI'][min(round_, 5)]}")
    return result


def _rules_values(rng, i):
    method = [InterestMethod.FLAT, InterestMethod.DECLINING, InterestMethod.ANNUITY][i % 3]
    return dict(
        pokok_amount=rng.choice([25_000, 50_000, 100_000]),
        wajib_amount=rng.choice([10_000, 20_000, 25_000]),
        sukarela_interest_rate=rng.choice([Decimal("0.25"), Decimal("0.5")]),
        sukarela_interest_schedule=rng.choice(["monthly", "yearly"]),
        sukarela_interest_basis=rng.choice(["minimum", "average"]),
        loan_interest_method=method,
        loan_interest_rate=rng.choice([Decimal("1.5"), Decimal("2"), Decimal("2.5")]),
        loan_terms=rng.choice(["3,6,10", "6,10,12", "5,10"]),
        loan_max_amount=rng.choice([3_000_000, 5_000_000, 10_000_000]),
        loan_max_savings_multiple=rng.choice([None, Decimal("3"), Decimal("5")]),
        loan_min_membership_months=rng.choice([3, 6]),
        loan_min_attendance_rate=rng.choice([Decimal("66.67"), Decimal("75")]),
        loan_attendance_window=rng.choice([6, 12]),
        loan_admin_fee_type=rng.choice(["percent", "fixed"]),
        loan_admin_fee_value=Decimal("1"),
        loan_penalty_type=rng.choice(["none", "fixed", "percent"]),
        loan_penalty_value=Decimal("5000"),
        loan_penalty_grace_days=7,
        loan_rounding=rng.choice([100, 500, 1000]),
        loan_manager_approval_above=rng.choice([None, 5_000_000]),
        loan_joint_liability=rng.random() < 0.8,
    )


def _fix_rules_types(values):
    # A fixed penalty/fee is Rupiah, a percent penalty is a percentage: keep them sensible.
    if values["loan_penalty_type"] == "percent":
        values["loan_penalty_value"] = Decimal("2")
    if values["loan_admin_fee_type"] == "fixed":
        values["loan_admin_fee_value"] = Decimal("10000")
    return values


def seed_foundation(*, rng, n_groups, members_per_group, years, until):
    """Create the demo's users, regions, groups (with rules and books) and members."""
    start = datetime.date(until.year - years, until.month, 1)
    password = make_password(DEMO_PASSWORD)
    manager = User.objects.create(username="manager", first_name="Yenni", last_name="Rahmawati",
                                  role=User.Role.MANAGER, password=password)
    User.objects.create(username="admin", first_name="Admin", role=User.Role.ADMIN, password=password,
                        is_staff=True, is_superuser=True)
    n_officers = max(2, math.ceil(n_groups / 10))
    officer_names = ["Rina", "Dewi", "Nofri", "Yulia", "Lusi", "Mega", "Sisca", "Tari", "Vera", "Wulan",
                     "Zakia", "Ayu"]
    officers = [
        User.objects.create(username=f"pendamping{k + 1}", first_name=officer_names[k % len(officer_names)],
                            last_name=names.SECOND_NAMES[k % len(names.SECOND_NAMES)], role=User.Role.FIELD_OFFICER,
                            password=password)
        for k in range(n_officers)
    ]
    regions = seed_regions()
    region_list = list(regions.values())

    groups = []
    for i, name in enumerate(_group_names(n_groups)):
        region, villages = region_list[i % len(region_list)] if i >= 4 else region_list[[0, 1, 7, 8][i]]
        lkp_founded = _date_between(rng, start - datetime.timedelta(days=365 * 5), start)
        if i == 0:
            lkp_founded = min(lkp_founded, datetime.date(2003, 6, 1)) if years >= 5 else lkp_founded
        groups.append(Group(
            code=f"{region.code.split('-')[0]}-{i + 1:03d}", name=name, region=region,
            village=rng.choice(villages), address=f"Jl. {rng.choice(villages)} No. {rng.randint(1, 120)}",
            founded_on=lkp_founded - datetime.timedelta(days=rng.randint(90, 700)), lkp_founded_on=lkp_founded,
            status=Group.Status.ACTIVE if i < 4 or rng.random() > 0.08 else Group.Status.DORMANT,
            meeting_week=rng.randint(1, 4), meeting_weekday=rng.randint(0, 5),
            meeting_place=rng.choice(names.MEETING_PLACES),
        ))
    Group.objects.bulk_create(groups)
    groups = list(Group.objects.order_by("id"))
    Account.objects.bulk_create(
        [Account(group=g, key=k, code=c, name=n, type=t) for g in groups for k, c, n, t in CHART]
    )
    rules, assignments = [], []
    for i, g in enumerate(groups):
        values = _fix_rules_types(_rules_values(rng, i))
        rules.append(GroupRules(group=g, effective_from=start, created_by=manager,
                                decision_note="Rapat anggota tahunan", **values))
        if i % 3 == 0 and years >= 2:
            newer = dict(values, wajib_amount=values["wajib_amount"] + 5_000,
                         loan_max_amount=values["loan_max_amount"] + 1_000_000)
            rules.append(GroupRules(group=g, effective_from=datetime.date(until.year - 1, 1, 1), created_by=manager,
                                    decision_note="RAT: simpanan wajib naik", **newer))
        officer = officers[i % n_officers]
        assignments.append(FieldOfficerAssignment(group=g, officer=officer, start=start))
    GroupRules.objects.bulk_create(rules)
    FieldOfficerAssignment.objects.bulk_create(assignments)

    treasurer = User.objects.create(username="bendahara1", first_name="Hasnah", last_name="Yusuf",
                                    role=User.Role.TREASURER, treasurer_of=groups[0], password=password)

    members = []
    for g in groups:
        for n in range(members_per_group):
            first = rng.choice(names.FIRST_NAMES)
            full = first if rng.random() < 0.3 else f"{first} {rng.choice(names.SECOND_NAMES)}"
            business, description = rng.choice(names.BUSINESSES)
            # The first members founded the LKP; later ones joined over the years.
            if n < members_per_group // 3:
                joined = g.lkp_founded_on
            else:
                joined = _date_between(rng, max(g.lkp_founded_on, start), until - datetime.timedelta(days=60))
            exited = None
            if rng.random() < 0.05:
                exited = _date_between(rng, joined + datetime.timedelta(days=200), until)
                if exited <= joined or exited > until:
                    exited = None
            members.append(Member(
                code=f"{g.code}-{n + 1:03d}", group=g, full_name=full,
                nickname=rng.choice(names.NICKNAMES) if rng.random() < 0.5 else "",
                phone=f"08{rng.randint(11, 59)}{rng.randint(1000_0000, 9999_9999)}",
                contact_consent=rng.random() < 0.85, address=g.address, village=g.village,
                birth_date=datetime.date(rng.randint(1960, 2000), rng.randint(1, 12), rng.randint(1, 28)),
                business_type=business, business_description=description, joined_on=joined, exited_on=exited,
                travel_minutes=rng.choice([5, 5, 10, 10, 15, 15, 20, 30, 45, 60]),
            ))
    Member.objects.bulk_create(members, batch_size=2000)
    members = list(Member.objects.order_by("id"))
    Membership.objects.bulk_create(
        [Membership(member=m, group_id=m.group_id, joined_on=m.joined_on, left_on=m.exited_on) for m in members],
        batch_size=2000,
    )
    by_group = {}
    for m in members:
        by_group.setdefault(m.group_id, []).append(m)
    offices = []
    for g in groups:
        founders = [m for m in by_group.get(g.pk, []) if m.exited_on is None][:4]
        for role, m in zip(["chair", "secretary", "treasurer", "co"], founders, strict=False):
            offices.append(GroupOfficer(group=g, member=m, role=role, start=max(m.joined_on, start)))
    GroupOfficer.objects.bulk_create(offices)
    return DemoContext(rng=rng, start=start, until=until, manager=manager, groups=groups,
                       members_by_group=by_group, users=[manager, treasurer, *officers])
