"""The installable app's own addresses: the service worker at the root, the manifest, the offline page, whoami."""
import json
import re

import pytest
from django.core.management import call_command
from django.test import override_settings

from pwa import precache

pytestmark = pytest.mark.django_db


def worker_settings(content):
    return json.loads(re.search(r"self\.LKP_SW = (\{.*\});", content).group(1))


def test_the_service_worker_is_served_at_the_root_to_anyone(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]
    content = response.content.decode()
    assert 'importScripts("/static/vendor/workbox/workbox.min.js", "/static/vendor/idb/umd.js", ' \
           '"/static/js/store.js", "/static/js/sw.js")' in content
    cfg = worker_settings(content)
    urls = [e["url"] for e in cfg["precache"]]
    assert "/static/js/meeting_sheet.js" in urls and "/static/vendor/bootstrap/bootstrap.min.css" in urls
    assert "/offline/" in urls and cfg["offlineUrl"] == "/offline/"
    assert all(e["revision"] for e in cfg["precache"])  # names without hashes carry a digest
    assert "googleapis" not in content and "cdn" not in content.lower()


def test_the_service_worker_answers_304_while_it_is_the_same(client):
    etag = client.get("/sw.js")["ETag"]
    assert client.get("/sw.js", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_the_service_worker_changes_when_a_file_it_keeps_changes(client, settings, tmp_path):
    first = worker_settings(client.get("/sw.js").content.decode())
    static = tmp_path / "static"
    (static / "js").mkdir(parents=True)
    (static / "js" / "meeting_sheet.js").write_text("/* changed */")
    settings.STATICFILES_DIRS = [static, *settings.STATICFILES_DIRS]
    precache._digest.cache_clear()
    second = worker_settings(client.get("/sw.js").content.decode())
    revision = {e["url"]: e["revision"] for e in first["precache"]}
    changed = {e["url"]: e["revision"] for e in second["precache"]}
    assert changed["/static/js/meeting_sheet.js"] != revision["/static/js/meeting_sheet.js"]
    assert changed["/static/css/app.css"] == revision["/static/css/app.css"]


def test_with_hashed_names_the_worker_keeps_the_hashed_files_with_no_revision(client, settings, tmp_path):
    """Production: CompressedManifestStaticFilesStorage. Every address the worker keeps or imports exists."""
    root = tmp_path / "collected"
    with override_settings(STATIC_ROOT=root, STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}):
        call_command("collectstatic", "--noinput", verbosity=0)
        content = client.get("/sw.js").content.decode()
    cfg = worker_settings(content)
    shell = [e for e in cfg["precache"] if e["url"].startswith("/static/")]
    assert len(shell) == len(precache.APP_SHELL)
    for entry in shell:
        assert re.search(r"\.[0-9a-f]{12}\.\w+$", entry["url"]), entry  # hashed name, e.g. app.5d41402abc4b.css
        assert entry["revision"] is None
        assert (root / entry["url"].removeprefix("/static/")).exists()
        assert (root / (entry["url"].removeprefix("/static/") + ".gz")).exists()  # compressed for EDGE
    for url in re.search(r"importScripts\((.*)\);", content).group(1).split(", "):
        assert (root / json.loads(url).removeprefix("/static/")).exists()


def test_the_manifest_installs_the_app(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200 and response["Content-Type"] == "application/manifest+json"
    data = response.json()
    assert data["name"] == "Simpan pinjam LKP · LP2M" and data["lang"] == "id"
    assert data["start_url"] == data["scope"] == "/" and data["display"] == "standalone"
    sizes = {(i["sizes"], i.get("purpose", "any")) for i in data["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes


def test_the_manifest_in_english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get("/manifest.webmanifest").json()["name"] == "LKP savings and loans · LP2M"


def test_the_offline_page_shows_no_user(login, users):
    response = login(users["pendamping1"]).get("/offline/")
    content = response.content.decode()
    assert response.status_code == 200 and "Tidak ada sinyal" in content
    assert str(users["pendamping1"]) not in content and "Keluar" not in content


def test_whoami_says_who_is_logged_in_with_a_fresh_token(client, login, users):
    anonymous = client.get("/offline/whoami/")
    assert anonymous.json()["user"] is None and anonymous.json()["csrf"]
    assert "no-store" in anonymous["Cache-Control"]
    me = login(users["pendamping1"]).get("/offline/whoami/").json()
    assert me["user"] == users["pendamping1"].pk


@pytest.mark.parametrize("role", ["manager", "pendamping1", "pendamping2", "bendahara1"])
def test_every_page_of_a_user_is_marked_with_her_for_the_worker(login, users, role):
    response = login(users[role]).get("/")
    assert response["X-LKP-User"] == str(users[role].pk)


def test_pages_of_nobody_and_files_are_not_marked(client, login, users):
    assert "X-LKP-User" not in client.get("/login/")
    assert "X-LKP-User" not in login(users["pendamping1"]).get("/offline/whoami/")
