"""The loan partials on the member and group pages."""
import pytest

from tests.factories import MemberFactory
from tests.utils import count_queries

from .conftest import disburse_loan

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["manager", "pendamping1", "bendahara1"])
def test_member_page_shows_loans_and_eligibility(login, users, loan_a, role):
    page = login(users[role]).get(f"/members/{loan_a.member_id}/").content.decode()
    assert f"/loans/{loan_a.pk}/" in page
    assert "Rp 1.000.000" in page or "1.000.000" in page
    assert f"/loans/member/{loan_a.member_id}/apply/" in page


@pytest.mark.parametrize("role", ["manager", "pendamping1", "bendahara1"])
def test_group_page_shows_the_loan_summary(login, users, loan_a, role):
    page = login(users[role]).get(f"/groups/{loan_a.group_id}/").content.decode()
    assert f"/loans/group/{loan_a.group_id}/" in page
    assert "Rp 1.000.000" in page


def test_group_page_query_count_does_not_grow_with_loans(login, users, open_group_a, manager):
    from core.dates import today

    client = login(users["manager"])
    url = f"/groups/{open_group_a.pk}/"
    disburse_loan(MemberFactory(group=open_group_a), manager, date=today())
    _, few = count_queries(lambda: client.get(url))
    for _ in range(5):
        disburse_loan(MemberFactory(group=open_group_a), manager, date=today())
    _, many = count_queries(lambda: client.get(url))
    assert few == many


@pytest.mark.parametrize("role", ["manager", "pendamping1", "bendahara1"])
def test_dashboard_shows_running_loans_in_scope(login, users, loan_a, role):
    page = login(users[role]).get("/").content.decode()
    assert "Rp 1.000.000" in page


def test_dashboard_of_pendamping2_does_not_count_group_a(login, users, loan_a):
    assert "Rp 1.000.000" not in login(users["pendamping2"]).get("/").content.decode()


@pytest.mark.parametrize("role", ["pendamping1", "bendahara1"])
def test_dashboard_loans_are_reused_until_a_loan_changes(login, users, loan_a, open_group_a, manager, role):
    """A second loan of Rp 1.000.000 disbursed through the service: the figures show Rp 2.000.000 at once."""
    from core.dates import today

    client = login(users[role])
    _page, cold = count_queries(lambda: client.get("/"))
    _page, warm = count_queries(lambda: client.get("/"))
    assert warm < cold
    disburse_loan(MemberFactory(group=open_group_a), manager, date=today())
    page = client.get("/").content.decode()
    assert "Rp 2.000.000" in page
