"""Password guessing is throttled on /login/ and /admin/login/ (django-axes), per username and per address.

Reproduces the issue: 100 wrong passwords in a row, then the right one logged in at once.
"""
import pytest
from axes.models import AccessAttempt
from django.conf import settings

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "pw-for-tests-123"  # tests.factories.UserFactory


def _login(client, path, username, password, ip="10.0.0.1"):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=ip)


def _logged_in(client):
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("path", ["/login/", "/admin/login/"])
def test_after_the_limit_even_the_right_password_is_refused_with_a_clear_message(client, path):
    UserFactory(username="siti", role=User.Role.ADMIN, is_staff=True, is_superuser=True)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, path, "siti", "salah").status_code == 200  # the form again, with its error
    response = _login(client, path, "siti", "salah")
    assert response.status_code == 429
    response = _login(client, path, "siti", PASSWORD)
    assert response.status_code == 429 and not _logged_in(client)
    page = response.content.decode()
    assert "Terlalu banyak kata sandi salah" in page and "15 menit" in page


def test_the_lock_is_per_username_from_any_address(client):
    UserFactory(username="siti")
    for i in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "/login/", "siti", "salah", ip=f"10.0.1.{i}")
    assert _login(client, "/login/", "siti", PASSWORD, ip="10.9.9.9").status_code == 429


def test_the_lock_is_per_address_for_any_username(client):
    UserFactory(username="rina")
    for i in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "/login/", f"tebakan{i}", "salah", ip="10.0.2.1")
    assert _login(client, "/login/", "rina", PASSWORD, ip="10.0.2.1").status_code == 429
    assert _login(client, "/login/", "rina", PASSWORD, ip="10.0.2.2").status_code == 302  # another address


def test_a_right_password_before_the_limit_resets_the_count(client):
    UserFactory(username="siti")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "/login/", "siti", "salah")
    assert _login(client, "/login/", "siti", PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "/login/", "siti", "salah")
    assert _login(client, "/login/", "siti", PASSWORD).status_code == 302


def test_an_admin_unlocks_by_deleting_the_attempts(client):
    UserFactory(username="siti")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "/login/", "siti", "salah")
    admin = UserFactory(role=User.Role.ADMIN, is_staff=True, is_superuser=True)
    staff = client.__class__()
    staff.force_login(admin)
    assert staff.get("/admin/axes/accessattempt/").status_code == 200
    attempt = AccessAttempt.objects.get(username="siti")
    staff.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert _login(client, "/login/", "siti", PASSWORD).status_code == 302


def test_a_username_longer_than_any_is_a_failed_login_not_a_500(client):
    response = _login(client, "/login/", "x" * 100_000, "salah")
    assert response.status_code == 200
    assert len(AccessAttempt.objects.get().username) == 150


def test_the_client_address_comes_from_the_proxy_header_only_when_named(rf, settings):
    from core.throttle import client_ip

    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.7")
    assert client_ip(request) == "127.0.0.1"
    settings.LKP_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    assert client_ip(request) == "203.0.113.7"
