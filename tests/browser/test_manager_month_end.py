"""The manager's month end, in Chromium on a 360 px phone with the keyboard only: KPUK Anggrek
becomes a KSP (its loans are classed under the cooperative rules from that day), then the month's
loss reserve of every group is posted from the portfolio page in the background, once.
"""
import datetime

import pytest
from playwright.sync_api import expect

from core.dates import today
from groups.legal_forms import LegalFormChange
from jobs.models import Job
from loans.forms.provisions import recent_month_ends
from loans.models import LoanProvision
from tests.factories import MemberFactory, make_rules
from tests.loans.conftest import OPEN_RULES

from .helpers import tab_to
from .waits import wait_for_path

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def groups(group_a, group_b, manager):
    for group in (group_a, group_b):
        make_rules(group, effective_from=datetime.date(2021, 1, 1), created_by=manager, **OPEN_RULES)
        MemberFactory(group=group)
    return group_a, group_b


def press_on(page, locator):
    """Reach ``locator`` with Tab and press Enter on it, waiting for the page it leads to."""
    tab_to(page, locator)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_group_becomes_a_ksp_and_the_month_end_reserve_is_posted_once(open_page, groups, manager):
    anggrek, _ = groups
    page = open_page(manager, viewport="phone", path=f"/groups/{anggrek.pk}/")
    press_on(page, page.get_by_role("link", name="Perubahan bentuk lembaga"))
    tab_to(page, page.get_by_label("Bentuk lembaga baru"))
    page.get_by_label("Bentuk lembaga baru").select_option("ksp")  # a select takes its choice from the keys
    page.keyboard.press("Tab")
    when = page.get_by_label("Berlaku mulai")
    expect(when).to_be_focused()
    when.fill(today().isoformat())  # a date input takes its value as the phone's picker gives it
    tab_to(page, page.get_by_label("Keputusan (akta, pengesahan)"))  # Tab first walks the date's day, month, year
    page.keyboard.type("Akta pendirian koperasi No. 7")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    wait_for_path(page, f"/groups/{anggrek.pk}/")
    expect(page.get_by_text("Riwayat bentuk lembaga")).to_be_visible()
    expect(page.get_by_text("Akta pendirian koperasi No. 7")).to_be_visible()
    change = LegalFormChange.objects.get(group=anggrek)
    assert (change.previous_form, change.legal_form, change.effective_from) == ("informal", "ksp", today())

    page.goto("/reports/portfolio/")
    button = page.get_by_role("button", name="Posting cadangan akhir bulan semua kelompok")
    press_on(page, button)
    wait_for_path(page, "/reports/portfolio/month-end/" + str(Job.objects.get().pk) + "/")
    expect(page.locator("#month-end-groups")).to_contain_text(anggrek.name)
    last = recent_month_ends()[0]  # the form offers the newest month end that has passed
    assert LoanProvision.objects.filter(month=last).count() == 2
    page.go_back()  # back to the portfolio page and again: nothing is posted twice
    page.reload()
    press_on(page, page.get_by_role("button", name="Posting cadangan akhir bulan semua kelompok"))
    expect(page.locator("#month-end-counts")).to_be_visible()
    assert LoanProvision.objects.filter(month=last).count() == 2
