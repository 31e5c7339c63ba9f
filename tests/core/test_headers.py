"""Security headers: a strict CSP on every page, Permissions-Policy, no-store for signed-in pages, sessions.

The browser tests (tests/browser) load pages in Chromium under this policy and fail on any
console error, so a CSP violation there fails too; this module checks the headers and the
templates themselves.
"""
import datetime
import re
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def _directives(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("path", ["/login/", "/", "/members/", "/loans/simulator/", "/no-such-page/",
                                  "/healthz/", "/reports/portfolio/", "/audit/", "/password/"])
def test_every_page_has_the_strict_csp_and_the_permissions_policy(client, manager, path):
    manager.is_staff = manager.is_superuser = True
    manager.save()
    client.force_login(manager)
    response = client.get(path)
    csp = _directives(response)
    assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"]
    assert csp["default-src"] == ["'self'"] and csp["object-src"] == ["'none'"]
    assert csp["worker-src"] == ["'self'"] and csp["manifest-src"] == ["'self'"] and csp["connect-src"] == ["'self'"]
    assert "unsafe" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.parametrize("path", ["/", "/members/", "/loans/simulator/pdf/?principal=1000000&rate=2&term=10"
                                  "&method=flat&rounding=100&grace=0", "/members/?export=csv"])
def test_signed_in_pages_are_not_stored(client, manager, path):
    client.force_login(manager)
    response = client.get(path)
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("path", ["/jsi18n/", "/sw.js", "/manifest.webmanifest", "/static/css/app.css"])
def test_what_works_offline_is_not_marked_no_store(client, manager, path):
    client.force_login(manager)
    response = client.get(path)
    assert "no-store" not in response.get("Cache-Control", "")


def test_sessions_end_with_the_browser(client):
    UserFactory(username="siti")
    response = client.post("/login/", {"username": "siti", "password": "pw-for-tests-123"})
    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # a cookie of this browser session only


def test_sessions_end_after_inactivity_and_each_request_moves_the_end(client, settings, manager):
    client.force_login(manager)
    client.get("/")
    session = Session.objects.get()
    assert abs((session.expire_date - timezone.now()).total_seconds() - settings.SESSION_COOKIE_AGE) < 60
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))  # idle too long
    response = client.get("/members/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_the_idle_time_is_four_hours_by_default(settings):
    assert settings.SESSION_COOKIE_AGE == 4 * 60 * 60 and settings.SESSION_SAVE_EVERY_REQUEST


INLINE = [(re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
          (re.compile(r"<style\b", re.I), "<style> block"),
          (re.compile(r"\sstyle\s*=", re.I), "style= attribute"),
          (re.compile(r"\son[a-z]+\s*=", re.I), "inline event handler")]


def test_no_template_has_inline_script_style_or_handlers():
    """What the CSP would refuse; PDF templates are drawn by WeasyPrint on the server, not by a browser."""
    found = []
    for path in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in path.parts or "pdf" in path.name or "pdf" in path.parts:
            continue
        text = path.read_text()
        found += [f"{path.relative_to(ROOT)}: {what}" for pattern, what in INLINE if pattern.search(text)]
    assert found == []


def test_the_admin_alone_accepts_inline_styles_its_scripts_write_and_scripts_stay_strict(client):
    admin = UserFactory(role=User.Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    csp = _directives(client.get("/admin/members/member/"))
    assert csp["style-src"] == ["'self'", "'unsafe-inline'"] and csp["script-src"] == ["'self'"]
