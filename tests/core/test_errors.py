"""The app's own error pages: Indonesian, with the navigation and a way back (templates/403, 404, 500)."""
import pytest
from django.test import Client

from meetings.models import Meeting
from meetings.services import meeting_record
from tests.meetings.conftest import MEETING_DAY

pytestmark = pytest.mark.django_db


def test_not_found_in_indonesian_with_the_navigation(login, users, group_a, pendamping1):
    meeting = meeting_record(group=group_a, actor=pendamping1, date=MEETING_DAY, type=Meeting.Type.ROUTINE)
    response = login(users["pendamping2"]).get(f"/meetings/{meeting.pk}/sheet/")
    content = response.content.decode()
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in content and 'lang="id"' in content
    assert 'class="navbar-nav' in content and str(users["pendamping2"]) in content
    assert "Kembali ke halaman sebelumnya" in content and "data-back" in content


def test_not_found_in_english_when_chosen(login, users, settings):
    client = login(users["manager"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Page not found" in client.get("/meetings/999999/").content.decode()


def test_forbidden_in_indonesian(login, users, group_a, pendamping1):
    meeting = meeting_record(group=group_a, actor=pendamping1, date=MEETING_DAY, type=Meeting.Type.ROUTINE)
    response = login(users["bendahara1"]).post(f"/meetings/{meeting.pk}/sheet/", {})
    content = response.content.decode()
    assert response.status_code == 403
    assert "Anda tidak boleh melakukan ini" in content and "muat ulang" in content
    assert 'class="navbar-nav' in content


def test_server_error_in_indonesian_with_the_navigation(users, settings):
    settings.ROOT_URLCONF = "tests.core.urls_boom"
    client = Client(raise_request_exception=False)
    client.force_login(users["pendamping1"])
    response = client.get("/boom/")
    content = response.content.decode()
    assert response.status_code == 500
    assert "Terjadi kesalahan di server" in content and 'class="navbar-nav' in content
    assert "Kode kesalahan: 500" in content
