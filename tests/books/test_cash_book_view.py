"""The cash book page (buku kas): running balance for a period, scope, bounded queries."""
import datetime

import pytest

from books.services import post_expense, post_grant
from savings.services import savings_deposit, savings_reverse
from tests.utils import count_queries

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.mark.parametrize("role", ["manager", "pendamping1", "bendahara1"])
def test_in_scope_roles_see_the_cash_book(login, users, group_a, role):
    post_grant(group=group_a, date=D(2025, 1, 10), amount=5_000_000, memo="Dana stimulan LP2M", actor=users["manager"])
    post_expense(group=group_a, date=D(2025, 2, 3), amount=35_000, memo="Buku kas", actor=users["manager"],
                 account="stationery_expense")
    url = f"/books/groups/{group_a.pk}/cash/?start=2025-02-01&end=2025-02-28"
    content = login(users[role]).get(url).content.decode()
    assert "Rp 5.000.000" in content  # opening balance of February
    assert "Rp 4.965.000" in content and "Buku kas" in content
    assert "Dana stimulan" not in content  # January is before the period


def test_out_of_scope_is_404(login, users, group_a):
    assert login(users["pendamping2"]).get(f"/books/groups/{group_a.pk}/cash/").status_code == 404


def test_bad_dates_fall_back_to_this_month(login, users, group_a):
    response = login(users["manager"]).get(f"/books/groups/{group_a.pk}/cash/?start=kemarin&end=2025-13-45")
    assert response.status_code == 200 and response.context["end"] >= response.context["start"]


def test_savings_reversal_shows_both_entries(login, users, group_a, member_a):
    txn = savings_deposit(member=member_a, kind="wajib", amount=12_345, date=D(2025, 2, 1), actor=users["manager"])
    savings_reverse(txn=txn, actor=users["manager"], reason="Salah catat")
    response = login(users["manager"]).get(f"/books/groups/{group_a.pk}/cash/?start=2025-02-01&end=2025-02-28")
    rows = response.context["book"]["rows"]
    assert [(r["entry"].kind, r["in"], r["out"], r["balance"]) for r in rows] == [
        ("savings_deposit", 12_345, 0, 12_345), ("reversal", 0, 12_345, 0)]
    assert "Salah catat" in response.content.decode()


def test_query_count_does_not_grow_with_entries(login, users, group_a, member_a):
    client = login(users["manager"])
    url = f"/books/groups/{group_a.pk}/cash/?start=2025-01-01&end=2025-12-31"
    savings_deposit(member=member_a, kind="wajib", amount=10_000, date=D(2025, 2, 1), actor=users["manager"])
    _, few = count_queries(lambda: client.get(url))
    for day in range(1, 29):
        savings_deposit(member=member_a, kind="sukarela", amount=1_000, date=D(2025, 3, day), actor=users["manager"])
    _, many = count_queries(lambda: client.get(url))
    assert few == many


def test_cash_book_prints_and_exports(login, users, group_a):
    post_grant(group=group_a, date=D(2025, 1, 10), amount=5_000_000, memo="Dana stimulan LP2M", actor=users["manager"])
    client = login(users["bendahara1"])
    url = f"/books/groups/{group_a.pk}/cash/?start=2025-01-01&end=2025-01-31"
    pdf = client.get(url + "&pdf=1&paper=F4")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    csv = client.get(url + "&export=csv").content.decode("utf-8-sig")
    assert "Dana stimulan LP2M" in csv and "5000000" in csv
