"""The trial balance page for a chosen period."""
import datetime

import pytest

from books.services import post_grant
from savings.services import savings_deposit

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.mark.parametrize("role", ["manager", "pendamping1", "bendahara1"])
def test_in_scope_roles_see_a_balanced_trial_balance(login, users, group_a, member_a, role):
    post_grant(group=group_a, date=D(2025, 1, 10), amount=2_000_000, memo="Hibah", actor=users["manager"])
    savings_deposit(member=member_a, kind="pokok", amount=50_000, date=D(2025, 1, 12), actor=users["manager"])
    response = login(users[role]).get(f"/books/groups/{group_a.pk}/trial-balance/?start=2025-01-01&end=2025-01-31")
    content = response.content.decode()
    assert response.context["totals"]["balanced"]
    assert "Rp 2.050.000" in content and "Simpanan pokok" in content


def test_out_of_scope_is_404(login, users, group_a):
    assert login(users["pendamping2"]).get(f"/books/groups/{group_a.pk}/trial-balance/").status_code == 404


def test_trial_balance_prints_and_exports(login, users, group_a):
    post_grant(group=group_a, date=D(2025, 1, 10), amount=2_000_000, memo="Hibah", actor=users["manager"])
    client = login(users["manager"])
    url = f"/books/groups/{group_a.pk}/trial-balance/?start=2025-01-01&end=2025-01-31"
    assert client.get(url + "&pdf=1").content.startswith(b"%PDF")
    csv = client.get(url + "&export=csv").content.decode("utf-8-sig")
    assert "Hibah / dana stimulan" in csv and "2000000" in csv
