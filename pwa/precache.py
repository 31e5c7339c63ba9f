"""What the service worker keeps on the phone when it installs: the app shell's static files.

Each entry is ``{"url": ..., "revision": ...}`` for Workbox's ``precacheAndRoute``. In
production the static files have hashed names (``CompressedManifestStaticFilesStorage``), so
the name is the version: the revision is ``None`` and Workbox fetches them through the HTTP
cache, where the page that registered the worker has just put them (no second download on
EDGE). Without a manifest (development, tests) the revision is a digest of the file, so a
changed file is fetched again.
"""
import hashlib
import os
from functools import lru_cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.templatetags.static import static

# The pages of the field officer use these; the sheet and the home page must open offline.
APP_SHELL = (
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "vendor/idb/umd.js",
    "css/app.css",
    "css/meeting_sheet.css",
    "js/store.js",
    "js/app.js",
    "js/home.js",
    "js/meeting_sheet.js",
    "js/sheet_offline.js",
    "icons/icon.svg",
)
# The service worker's own code, loaded with importScripts (kept by the browser with the worker).
WORKER_SCRIPTS = ("vendor/workbox/workbox.min.js", "vendor/idb/umd.js", "js/store.js", "js/sw.js")


def is_hashed(path):
    """Return True if ``static(path)`` names a file whose name carries its content's hash."""
    return static(path) != settings.STATIC_URL + path


@lru_cache(maxsize=256)
def _digest(source, mtime):
    with open(source, "rb") as fh:
        return hashlib.md5(fh.read(), usedforsecurity=False).hexdigest()[:12]


def revision(path):
    """Return the precache revision of static ``path``: None if its name is hashed, else its digest."""
    if is_hashed(path):
        return None
    source = finders.find(path) or staticfiles_storage.path(path)
    return _digest(source, os.stat(source).st_mtime_ns)


def entries():
    """Return the precache list of the app shell."""
    return [{"url": static(path), "revision": revision(path)} for path in APP_SHELL]
