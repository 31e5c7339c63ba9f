"""Factories for the test suite (factory_boy). Money rows are made through services, not here."""
import datetime
from decimal import Decimal

import factory

from accounts.models import User
from groups.models import FieldOfficerAssignment, Group, Region
from groups.rules import GroupRules
from members.models import Member, Membership


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    code = factory.Sequence(lambda n: f"R{n:03d}")
    name = factory.Sequence(lambda n: f"Kecamatan {n}")
    level = Region.Level.SUBDISTRICT


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"User {n}")
    role = User.Role.FIELD_OFFICER
    password = factory.django.Password("pw-for-tests-123")


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    code = factory.Sequence(lambda n: f"G{n:03d}")
    name = factory.Sequence(lambda n: f"Melati {n}")
    region = factory.SubFactory(RegionFactory)
    village = "Lubuk Buaya"
    lkp_founded_on = datetime.date(2015, 1, 1)
    founded_on = datetime.date(2014, 6, 1)


def make_rules(group, *, effective_from=datetime.date(2020, 1, 1), created_by=None, **overrides):
    """Create a rules version directly (tests only; the app goes through rules_add_version)."""
    values = dict(
        pokok_amount=50_000, wajib_amount=10_000, sukarela_interest_rate=Decimal("0.5"),
        loan_interest_method="flat", loan_interest_rate=Decimal("2"), loan_terms="5,10,12",
        loan_max_amount=5_000_000, loan_rounding=100,
    )
    values.update(overrides)
    created_by = created_by or UserFactory(role=User.Role.MANAGER)
    return GroupRules.objects.create(group=group, effective_from=effective_from, created_by=created_by, **values)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"M{n:05d}")
    group = factory.SubFactory(GroupFactory)
    full_name = factory.Sequence(lambda n: f"Siti Aminah {n}")
    joined_on = datetime.date(2020, 1, 1)
    phone = "081234567890"
    contact_consent = True
    travel_minutes = 15

    @factory.post_generation
    def membership(obj, create, extracted, **kwargs):
        if create:
            Membership.objects.create(member=obj, group=obj.group, joined_on=obj.joined_on, left_on=obj.exited_on)


def assign(officer, group, start=datetime.date(2020, 1, 1), end=None):
    return FieldOfficerAssignment.objects.create(officer=officer, group=group, start=start, end=end)
