import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role,expected,hidden", [
    ("manager", ["Anggrek", "Garuda Metro"], []),
    ("pendamping1", ["Anggrek"], ["Garuda Metro"]),
    ("pendamping2", ["Garuda Metro"], ["Anggrek"]),
    ("bendahara1", ["Anggrek"], ["Garuda Metro"]),
])
def test_dashboard_per_role(login, users, role, expected, hidden):
    content = login(users[role]).get("/").content.decode()
    for name in expected:
        assert name in content
    for name in hidden:
        assert name not in content


def test_login_page_is_public_and_indonesian(client):
    response = client.get("/login/")
    assert response.status_code == 200
    assert "Masuk" in response.content.decode()


def test_healthz_answers_when_the_database_does(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"ok": True, "database": True}


def test_healthz_is_503_when_the_database_fails(client, monkeypatch):
    from django.db import OperationalError, connection

    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json() == {"ok": False, "database": False}
