import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_dates_are_written_the_indonesian_way():
    with translation.override("id"):
        assert Template("{{ d|date }}").render(Context({"d": datetime.date(2024, 5, 13)})) == "13 Mei 2024"


def test_pages_are_indonesian_by_default_and_english_when_switched(client, users, group_a):
    client.force_login(users["manager"])
    content = client.get("/groups/").content.decode()
    assert "Kelompok" in content and "Anggota aktif" in content
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/groups/"})
    assert response.status_code == 302
    content = client.get("/groups/").content.decode()
    assert "Groups" in content and "Active members" in content
    assert "Anggota aktif" not in content


def test_time_zone_is_jakarta(settings):
    assert settings.TIME_ZONE == "Asia/Jakarta"


def test_browser_language_does_not_override_indonesian(client, users):
    client.force_login(users["manager"])
    content = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Beranda" in content and "Dashboard" not in content
