"""The strict CSP in a real browser: pages, the admin and the simulator's print button raise no violation.

Every page loaded here is checked by the conftest (a CSP violation is a console error); the
journeys assert the outcome in the database.
"""
import datetime

from accounts.models import User
from audit.models import AuditEvent
from meetings.models import Meeting
from meetings.services import meeting_record
from tests.factories import MemberFactory, UserFactory


def test_the_admin_and_the_audit_trail_under_the_csp(open_page, group_a, pendamping1):
    member = MemberFactory(group=group_a, full_name="Yusnimar")
    meeting = meeting_record(group=group_a, actor=pendamping1, date=datetime.date(2024, 5, 14),
                             type=Meeting.Type.ROUTINE)
    admin = UserFactory(username="admin", role=User.Role.ADMIN, is_staff=True, is_superuser=True)
    page = open_page(admin, viewport="desktop", path="/admin/")
    for path in (f"/admin/members/member/{member.pk}/change/", f"/admin/meetings/meeting/{meeting.pk}/change/",
                 "/admin/meetings/meeting/", "/admin/axes/accessattempt/", "/audit/"):
        page.goto(path)
        page.wait_for_load_state()
    page.goto("/audit/?action=meetings.")
    assert page.get_by_text("meetings.record").count() == 1


def test_the_simulator_prints_without_an_inline_handler(open_page, manager):
    page = open_page(manager, path="/loans/simulator/?principal=1.000.000&rate=2&term=10&method=flat&rounding=100"
                                   "&grace=0")
    page.evaluate("window.print = () => { window.__printed = true; }")
    page.get_by_role("button", name="Cetak").click()
    assert page.evaluate("window.__printed") is True


def test_change_the_password_on_a_phone(open_page, pendamping1):
    page = open_page(pendamping1, path="/")
    assert page.locator("nav a[href='/password/']").count() == 1  # in the menu of every page
    page.goto("/password/")
    page.get_by_label("Sandi lama").fill("pw-for-tests-123")
    page.locator("#id_new_password1").fill("Rakik-maco-2024!")
    page.get_by_label("Konfirmasi sandi baru").fill("Rakik-maco-2024!")
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/password/done/")
    pendamping1.refresh_from_db()
    assert pendamping1.check_password("Rakik-maco-2024!")
    assert AuditEvent.objects.filter(action="accounts.password_change").count() == 1
