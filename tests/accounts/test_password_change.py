"""Everyone changes her own password on /password/; the change is in the audit trail."""
import pytest

from audit.models import AuditEvent

pytestmark = pytest.mark.django_db
OLD = "pw-for-tests-123"


@pytest.mark.parametrize("role", ["manager", "pendamping1", "bendahara1"])
def test_change_password(client, users, role):
    user = users[role]
    client.force_login(user)
    assert client.get("/password/").status_code == 200
    response = client.post("/password/", {"old_password": OLD, "new_password1": "Rakik-maco-2024!",
                                          "new_password2": "Rakik-maco-2024!"})
    assert response.status_code == 302 and response["Location"] == "/password/done/"
    user.refresh_from_db()
    assert user.check_password("Rakik-maco-2024!")
    assert client.get("/").status_code == 200  # still signed in
    assert AuditEvent.objects.filter(action="accounts.password_change", actor=user).count() == 1


def test_a_wrong_old_password_or_a_weak_new_one_changes_nothing(client, users):
    user = users["pendamping1"]
    client.force_login(user)
    for data in ({"old_password": "salah", "new_password1": "Rakik-maco-2024!", "new_password2": "Rakik-maco-2024!"},
                 {"old_password": OLD, "new_password1": "12345678", "new_password2": "12345678"}):
        assert client.post("/password/", data).status_code == 200
    user.refresh_from_db()
    assert user.check_password(OLD) and not AuditEvent.objects.exists()


def test_the_page_needs_a_login(client):
    assert client.get("/password/")["Location"].startswith("/login/")
