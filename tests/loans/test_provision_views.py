"""The month-end reserve from the portfolio page: a manager posts and reverses it; nobody else can, nor out of scope."""
import datetime

import pytest

from loans.forms.provisions import recent_month_ends
from loans.models import LoanProvision
from tests.reports.factories import build_loans

pytestmark = pytest.mark.django_db
PORTFOLIO = "/reports/portfolio/?start=2024-01-01&end=2024-06-30"


@pytest.fixture
def loans(group_a, manager):
    return build_loans(group_a, manager)


def _post_url(group):
    return f"/loans/group/{group.pk}/provision/"


def test_the_manager_posts_the_reserve_from_the_portfolio_page(login, users, loans, group_a):
    client = login(users["manager"])
    page = client.get(PORTFOLIO + f"&group={group_a.pk}")
    content = page.content.decode()
    assert 'action="/loans/group/%d/provision/"' % group_a.pk in content
    assert "POJK 62/POJK.05/2015" in content and "regulation.md" in content  # the regime and its source
    form = page.context["provisions"]["form"]
    month = recent_month_ends()[0]
    response = client.post(_post_url(group_a), {"month": month.isoformat(),
                                                "idempotency_key": form.initial["idempotency_key"]})
    assert response.status_code == 302
    assert response["Location"].endswith(f"?group={group_a.pk}#provisions")
    provision = LoanProvision.objects.get(group=group_a)
    assert provision.month == month and provision.created_by == users["manager"]
    # The same form sent twice posts once.
    client.post(_post_url(group_a), {"month": month.isoformat(), "idempotency_key": form.initial["idempotency_key"]})
    assert LoanProvision.objects.filter(group=group_a).count() == 1
    page = client.get(PORTFOLIO + f"&group={group_a.pk}")
    assert page.context["provisions"]["latest"] == provision
    reverse = page.context["provisions"]["reverse_form"]
    response = client.post(f"/loans/group/{group_a.pk}/provision/reverse/", {
        "provision": provision.pk, "reason": "Salah bulan", "idempotency_key": reverse.initial["idempotency_key"]})
    assert response.status_code == 302
    provision.refresh_from_db()
    assert provision.is_reversed and provision.reversal_reason == "Salah bulan"


@pytest.mark.parametrize("role", ["pendamping1", "bendahara1"])
def test_field_officer_and_treasurer_may_not_post_nor_see_the_button(login, users, loans, group_a, role):
    client = login(users[role])
    page = client.get(PORTFOLIO + f"&group={group_a.pk}")
    assert page.status_code == 200
    assert "/provision/" not in page.content.decode()
    assert page.context["provisions"]["can_post"] is False
    response = client.post(_post_url(group_a), {"month": recent_month_ends()[0].isoformat()})
    assert response.status_code == 403
    assert client.post(f"/loans/group/{group_a.pk}/provision/reverse/", {"reason": "x"}).status_code == 403
    assert not LoanProvision.objects.exists()


def test_out_of_scope_is_404(login, users, loans, group_a, group_b):
    client = login(users["pendamping2"])
    assert client.post(_post_url(group_a), {"month": recent_month_ends()[0].isoformat()}).status_code == 404
    assert client.post(f"/loans/group/{group_a.pk}/provision/reverse/", {}).status_code == 404
    assert client.post("/loans/group/999999/provision/", {}).status_code == 404


def test_get_is_refused_and_bad_input_is_no_500(login, users, loans, group_a):
    client = login(users["manager"])
    assert client.get(_post_url(group_a)).status_code == 405
    for data in ({}, {"month": "2024-02-30"}, {"month": "x" * 500}, {"month": "1999-12-31"},
                 {"month": recent_month_ends()[0].isoformat(), "idempotency_key": "nothex"}):
        assert client.post(_post_url(group_a), data).status_code == 302
    for data in ({}, {"provision": "abc", "reason": "x"}, {"provision": 10**30, "reason": "x"},
                 {"provision": 1, "reason": ""}):
        assert client.post(f"/loans/group/{group_a.pk}/provision/reverse/", data).status_code == 302
    assert not LoanProvision.objects.exists()


def test_a_refusal_is_shown_in_words(login, users, loans, group_a):
    from loans.services import loan_provision_post

    ends = recent_month_ends()
    loan_provision_post(group=group_a, month=ends[0], actor=users["manager"])
    client = login(users["manager"])
    response = client.post(_post_url(group_a), {"month": ends[1].isoformat()}, follow=True)
    assert "bulan harus berurutan" in response.content.decode()
    assert LoanProvision.objects.filter(group=group_a).count() == 1


def test_months_offered_are_past_month_ends():
    ends = recent_month_ends(datetime.date(2026, 3, 15))
    assert ends[:3] == [datetime.date(2026, 2, 28), datetime.date(2026, 1, 31), datetime.date(2025, 12, 31)]
    assert recent_month_ends(datetime.date(2026, 3, 31))[0] == datetime.date(2026, 3, 31)
