"""The group page shows each active member's savings and wajib arrears, in bounded queries."""
import datetime

import pytest

from savings.services import savings_deposit
from tests.factories import MemberFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.mark.parametrize("role", ["manager", "pendamping1", "bendahara1"])
def test_group_page_shows_members_savings(login, users, group_a, member_a, role):
    savings_deposit(member=member_a, kind="sukarela", amount=321_000, date=D(2025, 2, 1), actor=users["manager"])
    content = login(users[role]).get(f"/groups/{group_a.pk}/").content.decode()
    assert "Rp 321.000" in content and f"/savings/members/{member_a.pk}/" in content


def test_treasurer_sees_her_cash_book_in_the_menu(login, users, group_a):
    content = login(users["bendahara1"]).get("/").content.decode()
    assert f"/books/groups/{group_a.pk}/cash/" in content


def test_query_count_does_not_grow_with_members_and_savings(login, users, group_a):
    client = login(users["manager"])
    for m in MemberFactory.create_batch(3, group=group_a, joined_on=D(2025, 1, 1)):
        savings_deposit(member=m, kind="wajib", amount=10_000, date=D(2025, 2, 1), actor=users["manager"])
    _, few = count_queries(lambda: client.get(f"/groups/{group_a.pk}/"))
    for m in MemberFactory.create_batch(20, group=group_a, joined_on=D(2025, 1, 1)):
        savings_deposit(member=m, kind="wajib", amount=10_000, date=D(2025, 2, 1), actor=users["manager"])
    _, many = count_queries(lambda: client.get(f"/groups/{group_a.pk}/"))
    assert few == many
