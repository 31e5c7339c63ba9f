import pytest

from core.dates import today
from tests.factories import MemberFactory
from tests.utils import count_queries

from .conftest import disburse_loan

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["manager", "pendamping1", "bendahara1"])
def test_in_scope_roles_see_the_list(login, users, loan_a, role):
    page = login(users[role]).get(f"/loans/group/{loan_a.group_id}/").content.decode()
    assert "Rosnida" in page and "1.000.000" in page


def test_pendamping2_gets_404(login, users, loan_a):
    assert login(users["pendamping2"]).get(f"/loans/group/{loan_a.group_id}/").status_code == 404


def test_filters_and_export(login, users, loan_a):
    client = login(users["manager"])
    assert "Rosnida" not in client.get(f"/loans/group/{loan_a.group_id}/?q=Yusni").content.decode()
    assert "Rosnida" not in client.get(f"/loans/group/{loan_a.group_id}/?late=on").content.decode()
    response = client.get(f"/loans/group/{loan_a.group_id}/?export=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "1000000" in response.content.decode("utf-8-sig")


def test_query_count_does_not_grow_with_loans(login, users, open_group_a, manager):
    client = login(users["manager"])
    url = f"/loans/group/{open_group_a.pk}/"
    for _ in range(2):
        disburse_loan(MemberFactory(group=open_group_a), manager, date=today())
    _, few = count_queries(lambda: client.get(url))
    for _ in range(8):
        disburse_loan(MemberFactory(group=open_group_a), manager, date=today())
    _, many = count_queries(lambda: client.get(url))
    assert few == many
