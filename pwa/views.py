"""The installable app: the service worker, the web app manifest, the offline page and "who am I".

The service worker is served by a view at ``/sw.js``, not as a static file: a worker controls
only the pages under its own folder, so it must live at the site's root to keep the whole site
(``/``, ``/meetings/...``) on the phone, and its address must stay the same across deploys
while static files get new hashed names. The view writes the worker's settings (the hashed
addresses of what it keeps, the offline page) and imports the code from the static files, so
the worker changes, and the phone updates it, exactly when one of those files changes.
"""
import hashlib
import json

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse, HttpResponseNotModified, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import precache
from .middleware import USER_HEADER

# The pages kept on the phone when she opens them (the service worker's "network first" route).
OFFLINE_PAGES = ("/", "/meetings/")
# The addresses under those that are never kept (files, not pages).
NEVER_KEPT = (".pdf", ".xlsx", ".csv")


def _offline_revision():
    html = render_to_string("pwa/offline.html", {"user": AnonymousUser()})
    return hashlib.md5(html.encode(), usedforsecurity=False).hexdigest()[:12]


def worker_source():
    """Return the service worker's script: its settings, then the code imported from the static files."""
    settings = {
        "precache": [*precache.entries(), {"url": reverse("pwa:offline"), "revision": _offline_revision()}],
        "offlineUrl": reverse("pwa:offline"),
        "whoamiUrl": reverse("pwa:whoami"),
        "pages": OFFLINE_PAGES,
        "neverKept": NEVER_KEPT,
        "userHeader": USER_HEADER,
        "language": translation.get_language(),
    }
    scripts = ", ".join(json.dumps(static(path)) for path in precache.WORKER_SCRIPTS)
    return (f"/* LKP service worker: settings from pwa.views.worker_source, code in static/js/sw.js */\n"
            f"self.LKP_SW = {json.dumps(settings, separators=(',', ':'))};\n"
            f"importScripts({scripts});\n")


@login_not_required
@require_GET
def service_worker(request):
    """Serve the service worker at the site's root, revalidated on every check (ETag), never cached long."""
    body = worker_source().encode()
    etag = '"%s"' % hashlib.md5(body, usedforsecurity=False).hexdigest()
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["ETag"] = etag
    response["Service-Worker-Allowed"] = "/"
    patch_cache_control(response, no_cache=True, max_age=0)
    patch_vary_headers(response, ("Cookie",))  # the offline page it keeps is in the chosen language
    return response


@login_not_required
@require_GET
def manifest(request):
    """The web app manifest: name, colours and icons, so the phone can install the app on its home screen."""
    data = {
        "name": _("LKP savings and loans · LP2M"),
        "short_name": "LKP",
        "description": _("Monthly meetings, savings and loans of the LKP groups, also without signal."),
        "lang": translation.get_language(),
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#198754",
        "icons": [
            {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": static("icons/icon-maskable-512.png"), "sizes": "512x512", "type": "image/png",
             "purpose": "maskable"},
            {"src": static("icons/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    response = JsonResponse(data, content_type="application/manifest+json",
                            json_dumps_params={"ensure_ascii": False})
    patch_cache_control(response, max_age=86400)
    patch_vary_headers(response, ("Cookie",))
    return response


@login_not_required
@require_GET
def offline(request):
    """The page shown for a page not kept on the phone while there is no signal (kept by the worker)."""
    return render(request, "pwa/offline.html", {"user": AnonymousUser()})


@login_not_required
@require_GET
def whoami(request):
    """Tell the phone's script who is logged in and give it a fresh CSRF token for sending its queue.

    The queue holds sheets typed while the session may have ended since (sessions expire): it is
    sent only for the user who typed it, with this session's token, never an old page's.
    """
    response = JsonResponse({"user": request.user.pk if request.user.is_authenticated else None,
                             "csrf": get_token(request)})
    patch_cache_control(response, no_store=True, private=True)
    return response
