"""Exit settlement page and the printable settlement note."""
import datetime

import pytest

from savings.services import savings_deposit

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def saved(member_a, manager):
    savings_deposit(member=member_a, kind="pokok", amount=50_000, date=D(2025, 1, 2), actor=manager)
    savings_deposit(member=member_a, kind="sukarela", amount=120_000, date=D(2025, 1, 2), actor=manager)
    return member_a


@pytest.mark.parametrize("role", ["manager", "bendahara1"])
def test_managers_and_treasurer_settle_an_exit(login, users, saved, role):
    client = login(users[role])
    page = client.get(f"/savings/members/{saved.pk}/exit/").content.decode()
    assert "Rp 170.000" in page
    response = client.post(f"/savings/members/{saved.pk}/exit/", {"date": "2025-06-30", "confirm": "on"})
    assert response.status_code == 302
    saved.refresh_from_db()
    assert saved.exited_on == D(2025, 6, 30)
    note = client.get(f"/savings/members/{saved.pk}/exit/note/").content.decode()
    assert "Rp 170.000" in note and "Rp 50.000" in note


def test_settlement_note_pdf(login, users, saved):
    client = login(users["manager"])
    client.post(f"/savings/members/{saved.pk}/exit/", {"date": "2025-06-30", "confirm": "on"})
    response = client.get(f"/savings/members/{saved.pk}/exit/note/?pdf=1")
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


def test_field_officer_may_not_settle(login, users, saved):
    assert login(users["pendamping1"]).post(f"/savings/members/{saved.pk}/exit/",
                                            {"date": "2025-06-30", "confirm": "on"}).status_code == 403
    saved.refresh_from_db()
    assert saved.exited_on is None


def test_out_of_scope_is_404(login, users, saved):
    client = login(users["pendamping2"])
    assert client.get(f"/savings/members/{saved.pk}/exit/").status_code == 404
    assert client.get(f"/savings/members/{saved.pk}/exit/note/").status_code == 404


def test_unconfirmed_exit_changes_nothing(login, users, saved):
    response = login(users["manager"]).post(f"/savings/members/{saved.pk}/exit/", {"date": "2025-06-30"})
    assert response.status_code == 200
    saved.refresh_from_db()
    assert saved.exited_on is None


def test_preview_on_a_chosen_date(login, users, saved, manager):
    savings_deposit(member=saved, kind="sukarela", amount=30_000, date=D(2025, 5, 2), actor=manager)
    client = login(users["manager"])
    assert "Rp 170.000" in client.get(f"/savings/members/{saved.pk}/exit/?date=2025-04-30").content.decode()
    assert "Rp 200.000" in client.get(f"/savings/members/{saved.pk}/exit/?date=2025-05-31").content.decode()
    assert client.get(f"/savings/members/{saved.pk}/exit/?date=bukan-tanggal").status_code == 200
