"""Browser tests: Debian's Chromium driven by Playwright against Django's live server.

Every test here is marked ``browser``. Use ``open_page(user, viewport="phone")`` for a page logged
in as ``user`` (``None`` for an anonymous visitor) on a 360×740 phone or a 1280×800 desktop.

Every page such a page loads is checked, so a new page is checked as soon as a journey reaches it:
- on its load, in the page: no sideways scroll, ``<html lang>`` as chosen, no English msgid of
  the catalogues left in an Indonesian page (text, labels, placeholders, titles);
- all the time: no console error (a CSP violation is one), no uncaught script error, no
  response of 500 or more;
- axe-core (vendored from npm in ``tests/browser/vendor``): no serious or critical violation. Axe
  runs on load; a page left before it finished is opened again at the end of the test and run.
A test that expects an error page (a 404 on purpose) says so with ``checks.allow("404")``.
"""
import functools
import json
import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import polib
import pytest
from django.conf import settings
from django.test import Client

from tests.browser.waits import wait_until

# Playwright's sync API runs an asyncio loop in the test's thread; Django then refuses ORM calls
# from that thread as "async unsafe" although they are plain synchronous calls of the test.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "tests" / "browser" / "vendor" / "axe.min.js"
VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}
# The flags the machine's probe runs Chromium with: without the background-networking ones it
# keeps trying hosts this closed network refuses.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


def chromium_path():
    path = os.environ.get("LKP_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("Chromium is missing: `scripts/system-deps --dev` installs Debian's (make test runs it)")
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": chromium_path(), "args": CHROMIUM_ARGS}


@functools.cache
def english_msgids():
    """Return the English msgids whose Indonesian differs: finding one on an Indonesian page means
    a string that never reached the catalogue (or was marked with a helper makemessages misses).

    A msgid that some Indonesian text contains is left out ("Community organizer" within
    "Community organizer (CO)"): finding it proves nothing.
    """
    found, indonesian = set(), []
    for po_path in ROOT.glob("**/locale/id/LC_MESSAGES/*.po"):
        if ".venv" in po_path.parts or "node_modules" in po_path.parts:
            continue
        for entry in polib.pofile(str(po_path)):
            msgid = entry.msgid
            indonesian.append(entry.msgstr)
            if (entry.obsolete or not entry.msgstr or entry.msgstr == msgid or " " not in msgid.strip()
                    or len(msgid) < 8 or re.search(r"[%{<]", msgid)):
                continue
            found.add(msgid.strip())
    within = "\n".join(indonesian)
    return json.dumps(sorted(m for m in found if m not in within))


IN_PAGE_CHECKS = (ROOT / "tests" / "browser" / "page_checks.js").read_text()


# Axe takes about a second a page: it runs once per kind of page (the path with its ids as <id>,
# the names of the query's parameters, whether it shows a form's errors) and screen width in a
# whole test session.
AXE_SEEN = set()


def page_kind(url, width, state=""):
    parts = urlsplit(url)
    keys = sorted({k.split("=", 1)[0] for k in parts.query.split("&") if k})
    return re.sub(r"/\d+(?=/|$|\.)", "/<id>", parts.path), tuple(keys), width, state


def _path(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


class PageChecks:
    """Collects what every page of one test reported; ``assert_clean`` fails with all of it."""

    def __init__(self, server_url):
        self.server_url = server_url
        self.problems = []
        self.allowed = []
        self.axe_done = set()
        self.axe_wanted = set()
        self.html_pages = {}  # url -> (context, viewport width) of the page that loaded it

    def allow(self, pattern):
        """Accept problems matching ``pattern`` (a regex), e.g. the 404 a scope test provokes."""
        self.allowed.append(re.compile(pattern))

    def add(self, message):
        if not any(p.search(message) for p in self.allowed):
            self.problems.append(message)

    def want_axe(self, url, width, state=""):
        kind = page_kind(url, width, state)
        if kind in AXE_SEEN:
            return False
        AXE_SEEN.add(kind)
        self.axe_wanted.add(url)
        return True

    def report(self, data, context):
        url = data.get("url", "")
        if not url.startswith(self.server_url):
            return
        where = _path(url)
        if data["kind"] == "quick" and data.get("isHtml"):
            self.html_pages.setdefault(url, context)
            if data["scrollWidth"] > data["innerWidth"]:
                self.add(f"{where}: scrolls sideways ({data['scrollWidth']} px wide on a "
                         f"{data['innerWidth']} px screen)")
            if data["english"]:
                self.add(f"{where}: English left in the Indonesian page: {data['english'][:5]}")
        elif data["kind"] == "axe":
            self.axe_done.add(url)
            for v in data["violations"]:
                self.add(f"{where}: axe {v['impact']} {v['id']} ({v['help']}) at {v['nodes']}")
        elif data["kind"] == "axe-error":
            self.add(f"{where}: axe failed: {data['error']}")

    def attach(self, context):
        english = english_msgids()
        context.add_init_script(path=str(AXE))
        context.add_init_script(IN_PAGE_CHECKS.replace("__ENGLISH__", english))
        context.expose_binding("__lkpReport", lambda source, data: self.report(data, context))
        context.expose_binding("__lkpAxeWanted", lambda source, url, width, state: self.want_axe(url, width, state))

        def on_page(page):
            page.on("console", lambda msg: msg.type == "error" and self.add(
                f"{_path(page.url)}: console error: {msg.text}"))
            page.on("pageerror", lambda exc: self.add(f"{_path(page.url)}: script error: {exc}"))

        def on_response(response):
            if response.status >= 500:
                self.add(f"{_path(response.url)}: server answered {response.status}")

        context.on("page", on_page)
        context.on("response", on_response)
        for page in context.pages:  # a persistent context opens with its first tab
            on_page(page)

    def finish(self, only=None):
        """Run axe on every page left before its check finished (of the context ``only`` if given)."""
        for url, context in list(self.html_pages.items()):
            if url in self.axe_done or url not in self.axe_wanted or (only is not None and context is not only):
                continue
            try:
                page = context.new_page()
                page.goto(url)
                wait_until(page, "window.__lkpRunAxe !== undefined")
                page.evaluate("window.__lkpRunAxe()")
                page.close()
            except Exception as exc:  # a page that cannot be opened again (a POST result) is said so
                self.add(f"{_path(url)}: could not be opened again for axe: {exc}")
            if url not in self.axe_done:
                self.add(f"{_path(url)}: axe did not report")
            self.html_pages.pop(url, None)

    def assert_clean(self):
        assert self.problems == [], "\n".join(self.problems)


@pytest.fixture
def checks(live_server):
    return PageChecks(live_server.url)


@pytest.fixture
def server_idle(live_server):
    """After the test's browsers are closed, wait until the live server has answered every request.

    A service worker goes on working after the page that woke it (keeping pages, sending the
    queue); the database must not be emptied for the next test while the server still answers it.
    """
    import threading
    import time

    from django.core.signals import request_finished, request_started

    busy = {"n": 0}
    lock = threading.Lock()

    def started(**kwargs):
        with lock:
            busy["n"] += 1

    def finished(**kwargs):
        with lock:
            busy["n"] -= 1

    request_started.connect(started, weak=False, dispatch_uid="server_idle_started")
    request_finished.connect(finished, weak=False, dispatch_uid="server_idle_finished")
    yield
    deadline = time.monotonic() + 10
    while busy["n"] > 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    request_started.disconnect(dispatch_uid="server_idle_started")
    request_finished.disconnect(dispatch_uid="server_idle_finished")


def add_session(context, user, url):
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session_cookie(user), "url": url}])


def session_cookie(user):
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.fixture
def open_page(browser, live_server, checks, server_idle):
    """Return ``open_page(user=None, viewport="phone", path="/")``: a checked page, logged in as ``user``."""
    contexts = []

    def _open(user=None, viewport="phone", path="/", **context_args):
        context = browser.new_context(viewport=VIEWPORTS[viewport], locale="id-ID",
                                      timezone_id="Asia/Jakarta", base_url=live_server.url, **context_args)
        # A journey waits for what a person sees within seconds; Playwright's 30 s would only slow a failure.
        context.set_default_timeout(10_000)
        contexts.append(context)
        checks.attach(context)
        if user is not None:
            add_session(context, user, live_server.url)
        page = context.new_page()
        if path:
            page.goto(path)
        return page

    yield _open
    try:
        checks.finish()
    finally:
        for context in contexts:
            context.close()
    checks.assert_clean()


class Phone:
    """One phone's browser with its profile on disk: close it and open it again with what it kept.

    The service worker, its caches and IndexedDB survive ``close()``; a session cookie does not
    (as on a phone whose browser was closed). ``open(user=...)`` starts the browser (logged in as
    ``user`` when given), ``offline=True`` without signal; ``page`` is its first tab.
    """

    def __init__(self, browser_type, live_server, checks, profile):
        self.browser_type, self.live_server, self.checks, self.profile = browser_type, live_server, checks, profile
        self.context = None
        self.page = None

    def open(self, user=None, *, offline=False, path=None):
        self.context = self.browser_type.launch_persistent_context(
            str(self.profile), executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True,
            viewport=VIEWPORTS["phone"], locale="id-ID", timezone_id="Asia/Jakarta",
            base_url=self.live_server.url, offline=offline)
        self.checks.attach(self.context)
        if user is not None:
            add_session(self.context, user, self.live_server.url)
        self.page = self.context.pages[0] if self.context.pages else self.context.new_page()
        # Chromium fires Background Sync when the machine is online, and the worker's fetches for it
        # escape Playwright's offline emulation: this phone denies Background Sync, so "offline" is
        # offline for the page and the worker alike (test_background_sync.py tests it on its own).
        self.context.new_cdp_session(self.page).send("Browser.setPermission", {
            "permission": {"name": "background-sync"}, "setting": "denied", "origin": self.live_server.url})
        if path:
            self.page.goto(path)
        return self.page

    def tab(self, path=None):
        """Open another tab of the same browser."""
        page = self.context.new_page()
        if path:
            page.goto(path)
        return page

    def close(self):
        if self.context is not None:
            self.checks.finish(only=self.context)
            self.context.close()
            self.context = None


@pytest.fixture
def phone(browser_type, live_server, checks, server_idle, tmp_path):
    """A phone whose browser can be closed and opened again (``Phone``); checked like ``open_page``."""
    device = Phone(browser_type, live_server, checks, tmp_path / "profile")
    yield device
    try:
        device.close()
    finally:
        checks.assert_clean()
