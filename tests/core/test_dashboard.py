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


def test_healthz(client):
    assert client.get("/healthz/").json() == {"ok": True}
