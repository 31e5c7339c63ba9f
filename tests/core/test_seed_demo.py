import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from accounts.models import User
from groups.models import Group
from members.models import Member

pytestmark = pytest.mark.django_db
UNTIL = datetime.date(2026, 6, 30)


def _seed(**kwargs):
    call_command("seed_demo", groups=4, members_per_group=8, years=2, seed=7, until=UNTIL, stdout=io.StringIO(),
                 **kwargs)


def test_seed_creates_study_groups_users_and_members(client):
    _seed()
    assert list(Group.objects.order_by("id").values_list("name", flat=True)) == [
        "Anggrek", "Garuda Metro", "Rosella", "Kami Saiyo"]
    assert Member.objects.count() == 32
    treasurer = User.objects.get(username="bendahara1")
    assert treasurer.treasurer_of.name == "Anggrek"
    assert client.login(username="pendamping1", password="demo12345")
    assert Group.objects.filter(region__parent__name="Kota Padang").exists()
    assert all(g.rules.exists() and g.accounts.filter(key="cash").exists() for g in Group.objects.all())
    assert not Member.objects.filter(joined_on__gt=datetime.date(2026, 6, 30)).exists()


def _snapshot():
    return list(Member.objects.order_by("code").values_list("code", "full_name", "joined_on", "business_type",
                                                             "group__name"))


def test_seed_is_deterministic():
    with transaction.atomic():
        _seed()
        first = _snapshot()
        transaction.set_rollback(True)
    assert not Group.objects.exists()
    _seed()
    assert _snapshot() == first and len(first) == 32


def test_seed_refuses_a_database_with_data_but_if_empty_is_quiet():
    _seed()
    with pytest.raises(CommandError):
        _seed()
    _seed(if_empty=True)
    assert Group.objects.count() == 4
