"""Measure the meeting sheet of a 30-member group on an emulated EDGE connection, in Chromium.

What a field officer's phone meets in West Sumatra outside 4G (docs/performance.md, "The meeting
sheet on EDGE"): Chromium's own network emulation (DevTools protocol, Network.emulateNetworkConditions)
at 250 kbit/s down, 100 kbit/s up and 800 ms round trip, against a server that runs the production
static files (collectstatic with CompressedManifestStaticFilesStorage, served by WhiteNoise). Prints:

1. the first visit of the sheet: bytes over the wire until the page is kept offline (the service
   worker installed, the app shell precached, the page kept), budget 150 KB;
2. a repeat visit: bytes, budget 30 KB;
3. the prepared sheet opened without signal: seconds until her entries are on it, budget 1 s;
4. the whole sheet typed and sent without signal: seconds from the signal's return until the
   meeting is posted in the database, budget 15 s.

Bytes are counted at the server (status line, headers and body of every answer, compressed as
sent, the service worker's own fetches included; the requests she uploads apart). Everything
runs in a throwaway database, made and dropped like the test runner's.
"""
import json
import os
import shutil
import tempfile
import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.servers.basehttp import ThreadedWSGIServer
from django.core.wsgi import get_wsgi_application
from django.db import connection, connections
from django.test import Client, override_settings
from django.test.testcases import QuietWSGIRequestHandler
from playwright.sync_api import sync_playwright

from demo.meeting_scene import DAY, meeting_scene
from meetings.models import Meeting
from meetings.services import meeting_record

BUDGETS = {"first": 150_000, "repeat": 30_000, "offline": 1.0, "posted": 15.0}


class Counter:
    """WSGI middleware: the bytes each answer puts on the wire (headers and body) and each request."""

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        with self.lock:
            self.down, self.up, self.requests, self.busy = 0, 0, 0, 0
            self.paths = {}
            self.last = time.monotonic()

    def _add(self, down=0, up=0, path=None):
        with self.lock:
            self.down += down
            self.up += up
            if path is not None:
                self.paths[path] = self.paths.get(path, 0) + down
            self.last = time.monotonic()

    def __call__(self, environ, start_response):
        head = sum(len(k) + len(str(v)) + 4 for k, v in environ.items() if k.startswith("HTTP_"))
        self._add(up=head + len(environ.get("PATH_INFO", "")) + int(environ.get("CONTENT_LENGTH") or 0) + 20)
        with self.lock:
            self.requests += 1
            self.busy += 1

        path = environ.get("PATH_INFO", "")

        def counting_start(status, headers, exc_info=None):
            # The status line, these headers and the two the server adds (Date, Server).
            self._add(down=len(status) + 11 + sum(len(k) + len(v) + 4 for k, v in headers) + 70, path=path)
            return start_response(status, headers, exc_info)

        try:
            for chunk in self.app(environ, counting_start):
                self._add(down=len(chunk), path=path)
                yield chunk
        finally:
            with self.lock:
                self.busy -= 1

    def wait_quiet(self, seconds=2.0, timeout=60.0):
        """Wait until no request has come or been answered for ``seconds``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                quiet = self.busy == 0 and time.monotonic() - self.last >= seconds
            if quiet:
                return
            time.sleep(0.1)


class WorkerEmulation:
    """The same emulated network for the service worker, whose fetches the page's emulation leaves out.

    Playwright gives no session for a worker, so the browser's DevTools session attaches to it and
    forwards the command (Target.sendMessageToTarget). The worker must exist: its first install,
    during the first visit, runs before it can be reached (its bytes are counted all the same).
    """

    def __init__(self, browser):
        self.session = browser.new_browser_cdp_session()
        targets = self.session.send("Target.getTargets")["targetInfos"]
        worker = next(t for t in targets if t["type"] == "service_worker")
        self.id = self.session.send("Target.attachToTarget", {"targetId": worker["targetId"], "flatten": False})[
            "sessionId"]
        self.sent = 0
        self._send("Network.enable", {})

    def _send(self, method, params):
        self.sent += 1
        self.session.send("Target.sendMessageToTarget", {"sessionId": self.id, "message": json.dumps(
            {"id": self.sent, "method": method, "params": params})})

    def emulate(self, conditions):
        self._send("Network.emulateNetworkConditions", conditions)


class Command(BaseCommand):
    help = "Print the meeting sheet's bytes and times on an emulated EDGE connection (30 members)."

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=30)
        parser.add_argument("--down", type=int, default=250, help="kbit/s down")
        parser.add_argument("--up", type=int, default=100, help="kbit/s up")
        parser.add_argument("--rtt", type=int, default=800, help="round trip in ms")
        parser.add_argument("--detail", action="store_true", help="Also print the bytes of each address.")

    def handle(self, *args, **opts):
        chromium = os.environ.get("LKP_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
        if not chromium:
            raise CommandError("chromium is not installed: scripts/system-deps --dev")
        tmp = tempfile.mkdtemp(prefix="bench-offline-")
        db_name = connection.settings_dict["NAME"]
        if connection.vendor == "sqlite":
            connection.settings_dict.setdefault("TEST", {})["NAME"] = os.path.join(tmp, "bench.sqlite3")
        test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            with override_settings(DEBUG=False, STATIC_ROOT=os.path.join(tmp, "static"), ALLOWED_HOSTS=["*"],
                                   STORAGES={**settings.STORAGES, "staticfiles": {
                                       "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}):
                call_command("collectstatic", "--noinput", verbosity=0)
                results = self._run(opts, chromium)
        finally:
            connection.creation.destroy_test_db(db_name if connection.vendor != "sqlite" else test_db, verbosity=0)
            shutil.rmtree(tmp, ignore_errors=True)
        self._report(opts, results)

    def _run(self, opts, chromium):
        group, officer = meeting_scene(opts["members"], "edge")
        meeting = meeting_record(group=group, actor=officer, date=DAY, type="routine")
        client = Client()
        client.force_login(officer)
        counter = Counter(get_wsgi_application())
        server = ThreadedWSGIServer(("127.0.0.1", 0), QuietWSGIRequestHandler, allow_reuse_address=False)
        server.set_app(counter)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        try:
            return self._browse(opts, chromium, base, client, counter, meeting)
        finally:
            counter.wait_quiet(seconds=0.5, timeout=20)  # every answer's database connection closed
            server.shutdown()
            server.server_close()

    def _browse(self, opts, chromium, base, client, counter, meeting):
        # Playwright's sync API runs an asyncio loop in this thread; the database reads below are
        # plain synchronous calls all the same (as in tests/browser/conftest.py).
        os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        edge = {"offline": False, "latency": opts["rtt"], "downloadThroughput": opts["down"] * 1000 / 8,
                "uploadThroughput": opts["up"] * 1000 / 8}
        url = f"{base}/meetings/{meeting.pk}/sheet/"
        restored = "() => document.getElementById('sheet')?.dataset.restored === '1'"
        results = {}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu",
                                                                         "--disable-quic", "--no-first-run"])
            context = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID",
                                          timezone_id="Asia/Jakarta")
            context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": base,
                                  "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            # The worker's own Background Sync would send outside the emulation (see tests/browser): the
            # page sends the queue itself when the signal returns, as on a phone without Background Sync.
            cdp.send("Browser.setPermission", {"permission": {"name": "background-sync"}, "setting": "denied",
                                               "origin": base})
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", edge)

            counter.reset()
            started = time.monotonic()
            page.goto(url)
            page.wait_for_function(restored, timeout=120_000)
            results["first_open"] = time.monotonic() - started
            page.wait_for_selector("[data-ready='1']", timeout=120_000)
            counter.wait_quiet()
            results["first"] = (counter.down, counter.up, counter.requests)
            results["first_paths"] = dict(counter.paths)

            worker = WorkerEmulation(browser)  # from now on the worker's own fetches are on EDGE too
            worker.emulate(edge)
            counter.reset()
            started = time.monotonic()
            page.goto(url)
            page.wait_for_function(restored, timeout=120_000)
            results["repeat_open"] = time.monotonic() - started
            counter.wait_quiet()
            results["repeat"] = (counter.down, counter.up, counter.requests)
            results["repeat_paths"] = dict(counter.paths)

            context.set_offline(True)
            cdp.send("Network.emulateNetworkConditions", {**edge, "offline": True})
            worker.emulate({**edge, "offline": True})
            started = time.monotonic()
            page.goto(url)
            page.wait_for_function(restored)
            results["offline"] = time.monotonic() - started

            page.get_by_role("button", name="Semua bayar sesuai tagihan").click()
            expected = page.locator("[data-sheet-bar] [data-expected]").inner_text()
            page.locator("#cash_counted").fill(expected.replace("Rp", "").strip())
            page.get_by_role("button", name="Kirim", exact=True).click()
            page.wait_for_selector("[data-status-text][data-state='queued']")
            fields = page.evaluate("document.querySelectorAll('#sheet [name]').length")

            # The signal returns for the page at EDGE speed (its own fetches send the queue); the worker
            # stays offline, so nothing goes around the emulation.
            counter.reset()
            cdp.send("Network.emulateNetworkConditions", edge)
            started = time.monotonic()
            while Meeting.objects.get(pk=meeting.pk).is_draft and time.monotonic() - started < 120:
                time.sleep(0.05)
            results["posted"] = time.monotonic() - started
            results["posted_bytes"] = (counter.down, counter.up, counter.requests)
            results["fields"] = fields
            posted = not Meeting.objects.get(pk=meeting.pk).is_draft
            browser.close()
            # The reads above ran in Playwright's context, on a connection of their own: close it.
            connections.close_all()
        if not posted:
            raise CommandError("the queued sheet was not posted within 120 s")
        return results

    def _report(self, opts, r):
        out = self.stdout.write
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        out(f"database: {connection.vendor}; {opts['members']} members; emulated {opts['down']} kbit/s down, "
            f"{opts['up']} kbit/s up, {opts['rtt']} ms round trip; load average {load} ({os.cpu_count()} cores)")

        def line(name, text, value, budget):
            verdict = "ok" if value <= budget else "OVER BUDGET"
            out(f"{name:<44} {text:>22}   budget {budget:>7}   {verdict}")

        down, up, n = r["first"]
        line("first visit of the sheet (kept offline)", f"{down / 1000:.1f} KB in {n} requests", round(down / 1000),
             BUDGETS["first"] // 1000)
        out(f"{'':<44} {up / 1000:>19.1f} KB up; sheet usable after {r['first_open']:.1f} s "
            "(the worker's first install not emulated)")
        down, up, n = r["repeat"]
        line("repeat visit", f"{down / 1000:.1f} KB in {n} requests", round(down / 1000), BUDGETS["repeat"] // 1000)
        out(f"{'':<44} {'':>16}sheet usable after {r['repeat_open']:.1f} s")
        line("prepared sheet opened offline", f"{r['offline']:.2f} s", round(r["offline"], 2), BUDGETS["offline"])
        down, up, n = r["posted_bytes"]
        line("queued sheet posted after the signal returns", f"{r['posted']:.1f} s", round(r["posted"], 1),
             BUDGETS["posted"])
        out(f"{'':<44} {up / 1000:>19.1f} KB up, {down / 1000:.1f} KB down, {n} requests; {r['fields']} fields")
        if opts["detail"]:
            for visit in ("first", "repeat"):
                out(f"{visit} visit, bytes down by address:")
                for path, size in sorted(r[f"{visit}_paths"].items(), key=lambda kv: -kv[1]):
                    out(f"  {size / 1000:7.1f} KB  {path}")
