"""Bad input over every form and every page: a clear message, nothing changed, never a 500.

Reproduces the issue's 500s first (``loan_terms=²``, a 100,000-character search on SQLite, a meeting
dated 9999-12-31 whose pages then failed in ``add_months``), then walks every URL: each form found
on a page is posted with hostile values in every field, and every page is asked for with hostile
query parameters.
"""
import datetime

import pytest

from audit.models import AuditEvent
from groups.rules import GroupRules
from meetings.models import Meeting
from meetings.services import meeting_record

from .conftest import fill, has_params, url_patterns

pytestmark = pytest.mark.django_db

# A NUL is refused by every text field, so the last value must change nothing anywhere.
FORM_VALUES = ["²", "9999-12-31", "-1", "99999999999999999999999", "NaN", "x" * 100_000 + "\x00"]
QUERY_VALUES = ["²", "9999-12-31", "0001-01-01", "99999999999999999999999", "x" * 100_000, "x\x00y"]
QUERY_KEYS = ["start", "end", "page", "q", "group", "region", "officer", "date", "paper", "export", "status", "kind",
              "pdf", "type", "late", "principal", "rate", "term", "method", "rounding", "grace"]


def test_loan_terms_in_superscript_digits_is_a_form_error(client, group_a, manager):
    client.force_login(manager)
    versions = GroupRules.objects.count()
    response = client.post(f"/groups/{group_a.pk}/rules/new/", {"effective_from": "2030-01-01", "loan_terms": "²"})
    assert response.status_code == 200 and "loan_terms" in response.context["form"].errors
    assert GroupRules.objects.count() == versions


@pytest.mark.parametrize("url", ["/members/", "/groups/", "/loans/group/{g}/"])
def test_a_search_of_100000_characters_answers(client, group_a, manager, url):
    client.force_login(manager)
    assert client.get(url.format(g=group_a.pk), {"q": "a" * 100_000}).status_code == 200


def test_a_meeting_dated_9999_is_refused_by_the_form_and_the_service(client, group_a, pendamping1):
    client.force_login(pendamping1)
    response = client.post(f"/meetings/group/{group_a.pk}/new/", {"date": "9999-12-31", "type": "routine"})
    assert response.status_code == 200 and "date" in response.context["form"].errors
    with pytest.raises(Exception) as refused:
        meeting_record(group=group_a, actor=pendamping1, date=datetime.date(9999, 12, 31), type="routine")
    assert getattr(refused.value, "error_dict", {}).get("date")
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("path,field", [("rules/new/", "effective_from"), ("officers/new/", "start"),
                                        ("assign/", "start")])
def test_dates_of_rules_officers_and_assignments_are_bounded(client, group_a, manager, path, field):
    client.force_login(manager)
    before = AuditEvent.objects.count()
    response = client.post(f"/groups/{group_a.pk}/{path}", {field: "9999-12-31"})
    assert response.status_code == 200 and field in response.context["form"].errors
    assert AuditEvent.objects.count() == before


def _forms(client, world):
    """Yield (url, form) of every page that shows a form (GET as the manager)."""
    for route, _name in sorted(url_patterns()):
        url = fill(route, world) if has_params(route) else f"/{route}"
        response = client.get(url)
        form = (response.context or {}).get("form") if response.status_code == 200 else None
        if form is not None and hasattr(form, "fields"):
            yield url, form


def test_every_form_takes_hostile_values_without_a_500(client, world, users):
    client.force_login(users["manager"])
    client.raise_request_exception = False  # collect every 500, not only the first
    forms = list(_forms(client, world))
    assert len(forms) > 25  # the walk found the forms (deposits, loans, meetings, rules, imports, ...)
    wrong = []
    for url, form in forms:
        for value in FORM_VALUES:
            before = AuditEvent.objects.count()
            data = dict.fromkeys(form.fields, value)
            response = client.post(url, data)
            if response.status_code >= 500:
                wrong.append(f"POST {url} with {value[:20]!r}: {response.status_code}")
            elif "\x00" in value and AuditEvent.objects.count() != before:
                wrong.append(f"POST {url} with {value[:20]!r} changed data")
    assert wrong == []


def test_every_page_takes_hostile_query_parameters_without_a_500(client, world, users):
    client.force_login(users["manager"])
    client.raise_request_exception = False
    wrong = []
    for route, _name in sorted(url_patterns()):
        url = fill(route, world) if has_params(route) else f"/{route}"
        values = QUERY_VALUES if "pdf" not in route else QUERY_VALUES[1:3]  # PDFs take a second each to draw
        for value in values:
            response = client.get(url, dict.fromkeys(QUERY_KEYS, value))
            if response.status_code >= 500:
                wrong.append(f"GET {url} with {value[:20]!r}: {response.status_code}")
    assert wrong == []
