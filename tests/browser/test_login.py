"""Anyone: the login page on a phone, a wrong password, then the right one lands on the dashboard."""
from urllib.parse import urlsplit

from accounts.models import User
from tests.factories import UserFactory


def test_login_with_the_keyboard_on_a_phone(open_page, group_a, pendamping1):
    page = open_page(None, path="/login/")
    assert page.locator("html").get_attribute("lang") == "id"
    page.get_by_label("Nama pengguna").fill("pendamping1")
    page.get_by_label("Sandi").fill("wrong-password")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert page.url.endswith("/login/")
    page.get_by_label("Sandi").fill("pw-for-tests-123")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path == "/")
    assert page.get_by_text(group_a.name).first.is_visible()


def test_each_role_sees_the_dashboard_on_a_phone_and_a_desktop(open_page, users, group_b):
    admin = UserFactory(username="admin", role=User.Role.ADMIN)
    for user in [*users.values(), admin]:
        for viewport in ("phone", "desktop"):
            page = open_page(user, viewport=viewport)
            assert page.locator("nav").get_by_text(str(user)).count() == 1
