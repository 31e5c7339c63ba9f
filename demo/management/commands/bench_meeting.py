"""Time the meeting sheet of a 30-member group: render and submit, median of several runs.

Builds its own throwaway group (with rules, 30 members, pokok and wajib history and two running
loans) in the configured database, runs the page through Django's test client, prints the
medians, and with ``--screenshot`` takes a 360 px wide shot of the sheet in headless Chromium.
Everything it creates is rolled back at the end.
"""
import datetime
import os
import shutil
import statistics
import subprocess
import tempfile
import time
import uuid

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client

from demo.meeting_scene import DAY, meeting_scene
from meetings.models import Meeting
from meetings.services import meeting_record
from sheet.selectors import sheet_lines


class Rollback(Exception):
    """Raised to undo everything the benchmark wrote."""


class Command(BaseCommand):
    help = "Print the median time to render and to submit a 30-member meeting sheet."

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=30)
        parser.add_argument("--runs", type=int, default=7)
        parser.add_argument("--screenshot", default="", help="Write a PNG of the sheet here (360 px wide).")
        parser.add_argument("--width", type=int, default=360, help="Browser width for the screenshot.")

    def handle(self, *args, **opts):
        if "testserver" not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
            settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        try:
            with transaction.atomic():
                self._run(opts)
                raise Rollback
        except Rollback:
            pass

    def _post_data(self, meeting):
        data = {"submission_id": str(uuid.uuid4()), "action": "submit", "cash_difference_note": "hitungan bench"}
        for line in sheet_lines(meeting):
            pk = line.member.pk
            data[f"{pk}-attendance"] = "present"
            for f in ("pokok", "wajib", "instalment"):
                data[f"{pk}-{f}"] = str(line.due[f] or "")
        data["cash_counted"] = "0"
        return data

    def _run(self, opts):
        n, runs = opts["members"], opts["runs"]
        render, submit = [], []
        for run in range(runs):
            sid = transaction.savepoint()
            group, officer = meeting_scene(n, run)
            client = Client()
            client.force_login(officer)
            meeting = meeting_record(group=group, actor=officer, date=DAY + datetime.timedelta(days=run),
                                     type=Meeting.Type.ROUTINE)
            url = f"/meetings/{meeting.pk}/sheet/"
            started = time.perf_counter()
            response = client.get(url)
            render.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise CommandError(f"sheet page answered {response.status_code}")
            data = self._post_data(meeting)
            started = time.perf_counter()
            response = client.post(url, data)
            submit.append(time.perf_counter() - started)
            if response.status_code != 302:
                raise CommandError(f"submission answered {response.status_code}")
            if run == 0 and opts["screenshot"]:
                other = meeting_record(group=group, actor=officer, date=DAY + datetime.timedelta(days=40),
                                       type=Meeting.Type.ROUTINE)
                fresh = Client()
                fresh.force_login(officer)
                self._screenshot(fresh, f"/meetings/{other.pk}/sheet/", opts["screenshot"], opts["width"])
            transaction.savepoint_rollback(sid)
        self.stdout.write(f"database: {connection.vendor}; {n} members; {runs} runs")
        self.stdout.write(f"render sheet: median {statistics.median(render) * 1000:.0f} ms")
        self.stdout.write(f"submit sheet: median {statistics.median(submit) * 1000:.0f} ms")

    def _screenshot(self, client, path, out, width):
        """Shoot the page as the logged-in ``client`` sees it, with Debian's chromium at 360 px."""
        browser = shutil.which("chromium") or shutil.which("chromium-browser")
        if not browser:
            raise CommandError("chromium is not installed: LKP_BROWSER=1 scripts/system-deps")
        self._shoot(browser, client.get(path).content.decode(), out, width)

    def _shoot(self, browser, html, out, width):
        """Render the page's HTML with its static files from disk (no server, no network)."""
        static_root = os.path.join(settings.BASE_DIR, "static")
        html = html.replace('"/static/', f'"file://{static_root}/')
        with tempfile.TemporaryDirectory() as tmp:
            page = os.path.join(tmp, "sheet.html")
            with open(page, "w") as fh:
                fh.write(html)
            subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                            f"--screenshot={os.path.abspath(out)}", f"--window-size={width},1400",
                            f"file://{page}"], check=True, capture_output=True, timeout=120)
        self.stdout.write(f"screenshot: {out}")
