"""A closed year stays closed for members too: joins, moves and exits dated in it are refused.

The members app stands below the books; it reads the group's ``books_closed_through``, which the
books' period services keep equal to the closed periods (held so here, after a close and a reopen).
"""
import datetime

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from books.models import ClosedPeriod
from books.periods import closed_through
from books.services import period_close, period_reopen
from exits.services import member_exit
from groups.models import Group
from members.models import Member, Membership
from members.services import member_register, member_transfer
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def closed(group_a, manager):
    return period_close(group=group_a, start=D(2024, 1, 1), end=D(2024, 12, 31), actor=manager)


def stored(group):
    return Group.objects.get(pk=group.pk).books_closed_through


def test_the_groups_date_follows_its_closed_periods(group_a, group_b, manager):
    assert stored(group_a) is None
    first = period_close(group=group_a, start=D(2023, 1, 1), end=D(2023, 12, 31), actor=manager)
    second = period_close(group=group_a, start=D(2024, 1, 1), end=D(2024, 12, 31), actor=manager)
    assert stored(group_a) == closed_through(group_a.pk) == D(2024, 12, 31)
    assert stored(group_b) is None
    period_reopen(period=second, actor=manager, reason="RAT diulang")
    assert stored(group_a) == closed_through(group_a.pk) == D(2023, 12, 31)
    period_reopen(period=first, actor=manager, reason="RAT diulang")
    assert stored(group_a) is None and closed_through(group_a.pk) is None
    assert ClosedPeriod.objects.filter(reopened_at__isnull=True).count() == 0


def test_joining_on_the_last_closed_day_is_refused_the_next_day_accepted(closed, group_a, manager):
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        member_register(actor=manager, member=Member(group=group_a, code="A-900", full_name="Rosmaniar",
                                                     joined_on=D(2024, 12, 31)))
    error = exc.value.error_dict["joined_on"][0]
    assert error.code == "period_closed" and "31 Desember 2024" in error.messages[0]
    assert not Member.objects.filter(code="A-900").exists() and AuditEvent.objects.count() == events
    member = member_register(actor=manager, member=Member(group=group_a, code="A-900", full_name="Rosmaniar",
                                                          joined_on=D(2025, 1, 1)))
    assert Membership.objects.get(member=member).joined_on == D(2025, 1, 1)


def test_an_exit_in_the_closed_year_is_refused_even_with_nothing_to_pay(closed, group_a, manager):
    siti = MemberFactory(group=group_a, code="A-901", joined_on=D(2020, 1, 1))
    with pytest.raises(ValidationError) as exc:
        member_exit(member=siti, date=D(2024, 11, 30), actor=manager)
    assert exc.value.error_dict["date"][0].code == "period_closed"
    siti.refresh_from_db()
    assert siti.exited_on is None and Membership.objects.get(member=siti).left_on is None
    member_exit(member=siti, date=D(2025, 1, 15), actor=manager)
    siti.refresh_from_db()
    assert siti.exited_on == D(2025, 1, 15)


def test_a_move_dated_in_either_groups_closed_year_is_refused(closed, group_a, group_b, manager):
    siti = MemberFactory(group=group_b, code="B-901", joined_on=D(2020, 1, 1))
    with pytest.raises(ValidationError) as exc:  # group B is open, but she would join A in A's closed year
        member_transfer(actor=manager, member=siti, to_group=group_a, on=D(2024, 10, 1))
    assert exc.value.error_dict["on"][0].code == "period_closed"
    siti.refresh_from_db()
    assert siti.group_id == group_b.pk and Membership.objects.filter(member=siti).count() == 1
    member_transfer(actor=manager, member=siti, to_group=group_a, on=D(2025, 2, 1))
    siti.refresh_from_db()
    assert siti.group_id == group_a.pk
