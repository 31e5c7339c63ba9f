import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from accounts.models import User
from books.models import JournalEntry
from books.selectors import unbalanced_entries
from groups.models import Group
from members.models import Member

pytestmark = pytest.mark.django_db
UNTIL = datetime.date(2026, 6, 30)


def _seed(**kwargs):
    # Small on purpose: the history goes through the meeting sheet, month by month.
    options = {"groups": 4, "members_per_group": 8, "years": 1, "seed": 7, "until": UNTIL, **kwargs}
    call_command("seed_demo", stdout=io.StringIO(), **options)


def test_seed_creates_study_groups_users_and_members(client):
    _seed()
    assert list(Group.objects.order_by("id").values_list("name", flat=True)) == [
        "Anggrek", "Garuda Metro", "Rosella", "Kami Saiyo"]
    assert Member.objects.count() == 32
    treasurer = User.objects.get(username="bendahara1")
    assert treasurer.treasurer_of.name == "Anggrek"
    response = client.post("/login/", {"username": "pendamping1", "password": "demo12345"})
    assert response.status_code == 302 and "_auth_user_id" in client.session
    assert Group.objects.filter(region__parent__name="Kota Padang").exists()
    assert all(g.rules.exists() and g.accounts.filter(key="cash").exists() for g in Group.objects.all())
    assert not Member.objects.filter(joined_on__gt=datetime.date(2026, 6, 30)).exists()
    assert JournalEntry.objects.count() > 100  # a year of meetings (443 entries), and every entry balances:
    assert unbalanced_entries() == []
    _check_provisions()


def _check_provisions():
    """The demo posts every group's loss reserve at each month end it held a meeting in; the books hold it."""
    from loans.models import LoanProvision
    from loans.services.provisions import allowance_balance

    provisions = LoanProvision.objects.filter(reversed_at__isnull=True)
    assert provisions.exists()
    for group in Group.objects.all():
        latest = provisions.filter(group=group).order_by("-month").first()
        assert latest is not None and latest.month == UNTIL
        assert sum(line.reserve for line in latest.lines.all()) == latest.required
        assert allowance_balance(group, on=latest.month) == latest.required


def _snapshot():
    from django.db.models import Sum

    from books.models import JournalLine

    members = list(Member.objects.order_by("code").values_list("code", "full_name", "joined_on", "business_type",
                                                                "group__name"))
    books = list(JournalLine.objects.values("account__key").annotate(d=Sum("debit"), c=Sum("credit"))
                 .order_by("account__key").values_list("account__key", "d", "c"))
    return members, books


def test_seed_is_deterministic():
    with transaction.atomic():
        _seed(groups=2, members_per_group=5)
        first = _snapshot()
        transaction.set_rollback(True)
    assert not Group.objects.exists()
    _seed(groups=2, members_per_group=5)
    assert _snapshot() == first and len(first[0]) == 10 and first[1]


def test_seed_refuses_a_database_with_data_but_if_empty_is_quiet():
    _seed(groups=1, members_per_group=4)
    with pytest.raises(CommandError):
        _seed(groups=1, members_per_group=4)
    _seed(if_empty=True)
    assert Group.objects.count() == 1


def test_seed_refuses_with_debug_off_unless_told(settings):
    settings.DEBUG = False
    settings.LKP_DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="--allow-production"):
        _seed()
    assert not Group.objects.exists() and not User.objects.filter(username="admin").exists()
