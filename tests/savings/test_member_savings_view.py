"""The member savings page: balances, arrears, history with running balance, scope, bounded queries."""
import datetime

import pytest

from core.dates import today
from core.money import format_rupiah
from savings.services import savings_deposit, savings_reverse, savings_withdraw
from tests.utils import count_queries

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.mark.parametrize("role", ["manager", "pendamping1", "bendahara1"])
def test_in_scope_roles_see_balances_and_history(login, users, member_a, role):
    savings_deposit(member=member_a, kind="sukarela", amount=1_250_000, date=D(2025, 2, 1), actor=users["manager"])
    savings_withdraw(member=member_a, amount=250_000, date=D(2025, 3, 1), actor=users["manager"])
    content = login(users[role]).get(f"/savings/members/{member_a.pk}/").content.decode()
    assert "Rp 1.250.000" in content and "Rp 1.000.000" in content and "Rp 250.000" in content


def test_out_of_scope_is_404(login, users, member_a):
    assert login(users["pendamping2"]).get(f"/savings/members/{member_a.pk}/").status_code == 404


def test_reverse_link_only_for_managers_and_treasurers(login, users, member_a):
    txn = savings_deposit(member=member_a, kind="wajib", amount=10_000, date=D(2025, 2, 1), actor=users["manager"])
    link = f"/savings/transactions/{txn.pk}/reverse/"
    assert link in login(users["bendahara1"]).get(f"/savings/members/{member_a.pk}/").content.decode()
    assert link not in login(users["pendamping1"]).get(f"/savings/members/{member_a.pk}/").content.decode()


def test_reversed_row_and_its_reversal_both_show(login, users, member_a):
    txn = savings_deposit(member=member_a, kind="sukarela", amount=777_000, date=D(2025, 2, 1), actor=users["manager"])
    savings_reverse(txn=txn, actor=users["manager"], reason="Salah anggota")
    content = login(users["manager"]).get(f"/savings/members/{member_a.pk}/").content.decode()
    # In on the deposit, its running balance, out on the reversal.
    assert content.count("Rp 777.000") == 3 and "Salah anggota" in content


def test_arrears_show_on_the_page(login, users, member_a):
    savings_deposit(member=member_a, kind="wajib", amount=30_000, date=D(2025, 1, 2), actor=users["manager"])
    on = today()
    months_due = (on.year - 2025) * 12 + on.month  # every month from January 2025 through this month
    content = login(users["manager"]).get(f"/savings/members/{member_a.pk}/").content.decode()
    assert f"tunggakan {format_rupiah(months_due * 10_000 - 30_000)} ({months_due - 3} bulan)" in content


def test_member_page_panel_shows_savings(login, users, member_a):
    savings_deposit(member=member_a, kind="pokok", amount=50_000, date=D(2025, 1, 2), actor=users["manager"])
    content = login(users["manager"]).get(f"/members/{member_a.pk}/").content.decode()
    assert "Rp 50.000" in content and f"/savings/members/{member_a.pk}/" in content


def test_query_count_does_not_grow_with_transactions(login, users, member_a):
    client = login(users["manager"])
    url = f"/savings/members/{member_a.pk}/"
    for day in range(1, 4):
        savings_deposit(member=member_a, kind="sukarela", amount=1_000, date=D(2025, 2, day), actor=users["manager"])
    _, few = count_queries(lambda: client.get(url))
    for day in range(1, 28):
        for kind in ("wajib", "sukarela"):
            savings_deposit(member=member_a, kind=kind, amount=1_000, date=D(2025, 3, day), actor=users["manager"])
    response, many = count_queries(lambda: client.get(url + "?page=2"))
    assert response.status_code == 200 and few == many
