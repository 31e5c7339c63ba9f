"""Every URL pattern, attacked by every role: another group's objects are never shown, nothing answers 500.

The URLs are not listed by hand: they are read from the URL configuration and their ids filled with
``group_b``'s objects (``conftest.FILL``). A new view is attacked as soon as its URL exists; a URL
whose parameter the map cannot fill fails here until it is added.
"""
import pytest
from django.urls import resolve

from .conftest import MARKERS, fill, has_params, url_patterns

pytestmark = pytest.mark.django_db
ROUTES = sorted(url_patterns())


def test_every_url_parameter_can_be_filled(world):
    assert [route for route, _name in ROUTES if has_params(route) and fill(route, world) is None] == []


def _leaks(response):
    if response.status_code != 200 or "html" not in response.get("Content-Type", "") and "csv" not in response.get(
            "Content-Type", ""):
        return []
    text = response.content.decode("utf-8", "replace")
    return [m for m in MARKERS if m in text]


@pytest.mark.parametrize("role", ["pendamping1", "bendahara1"])
def test_another_groups_objects_are_not_found(client, world, users, role):
    """Each URL with ids of group_b: 404 (or 403 for a page her role may not use at all), GET and POST alike."""
    client.force_login(users[role])
    wrong = []
    for route, _name in ROUTES:
        if not has_params(route):
            continue
        url = fill(route, world)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if response.status_code not in (403, 404, 405) or _leaks(response):
                wrong.append(f"{method.upper()} {url} ({route}): {response.status_code}")
    assert wrong == []


@pytest.mark.parametrize("role", ["pendamping1", "bendahara1"])
def test_pages_without_ids_show_only_her_groups(client, world, users, role):
    """Lists, reports and exports, also asked for group_b by query: never group_b's data, never a 500."""
    client.force_login(users[role])
    group = world["group"].pk
    wrong = []
    for route, _name in ROUTES:
        if has_params(route):
            continue
        for query in ("", f"?group={group}", f"?group={group}&export=csv", "?export=csv"):
            url = f"/{route}{query}"
            response = client.get(url)
            if response.status_code >= 500 or _leaks(response):
                wrong.append(f"GET {url}: {response.status_code} {_leaks(response)}")
    assert wrong == []


def test_the_manager_reaches_every_filled_url(client, world, users):
    """The control: the ids are right, since the manager (who sees every group) gets the pages."""
    client.force_login(users["manager"])
    wrong = []
    for route, _name in ROUTES:
        url = fill(route, world) if has_params(route) else f"/{route}"
        response = client.get(url)
        if response.status_code not in (200, 302, 405):
            wrong.append(f"GET {url}: {response.status_code}")
    assert wrong == []


def test_anonymous_visitors_are_sent_to_the_login_page(client, world):
    """Every view but those marked ``login_not_required`` (login, health, service worker, manifest, ...)."""
    wrong = []
    for route, _name in ROUTES:
        url = fill(route, world) if has_params(route) else f"/{route}"
        if not getattr(resolve(url.split("?")[0]).func, "login_required", True):
            continue
        response = client.get(url)
        if response.status_code != 302 or not response["Location"].startswith("/login/"):
            wrong.append(f"GET {url}: {response.status_code}")
    assert wrong == []
