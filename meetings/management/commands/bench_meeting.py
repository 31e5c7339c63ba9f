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

from accounts.models import User
from books.services import chart_seed
from groups.models import FieldOfficerAssignment, Group, Region
from groups.rules import GroupRules
from loans import services as loan_services
from meetings.models import Meeting
from meetings.services import meeting_record
from members.models import Member, Membership
from savings.bulk import Movement, bulk_post
from sheet.selectors import sheet_lines

DAY = datetime.date(2024, 5, 14)  # the second Tuesday
BEFORE = datetime.date(2024, 4, 9)


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

    def _scene(self, n, tag):
        manager = User.objects.create(username=f"bench-manager-{tag}", role=User.Role.MANAGER)
        officer = User.objects.create(username=f"bench-officer-{tag}", role=User.Role.FIELD_OFFICER)
        region = Region.objects.create(code=f"BENCH-{tag}", name="Kecamatan Bench", level=Region.Level.SUBDISTRICT)
        group = Group.objects.create(code=f"BENCH-{tag}", name=f"Bench {tag}", region=region, meeting_week=2,
                                     meeting_weekday=1)
        chart_seed(group=group)
        GroupRules.objects.create(group=group, effective_from=datetime.date(2020, 1, 1), created_by=manager,
                                  pokok_amount=50_000, wajib_amount=10_000, loan_terms="5,10,12",
                                  loan_min_attendance_rate=0, loan_require_wajib_current=False,
                                  loan_min_membership_months=0, loan_interest_rate=2, sukarela_interest_rate=0)
        FieldOfficerAssignment.objects.create(group=group, officer=officer, start=datetime.date(2020, 1, 1))
        members = Member.objects.bulk_create([
            Member(code=f"B{tag}-{i:03d}", group=group, full_name=f"Anggota Bench {i:02d}",
                   joined_on=datetime.date(2024, 3, 1)) for i in range(n)])
        Membership.objects.bulk_create([Membership(member=m, group=group, joined_on=m.joined_on) for m in members])
        bulk_post([Movement(member=m, kind=k, type="deposit", amount=a, date=BEFORE)
                   for m in members for k, a in (("pokok", 50_000), ("wajib", 20_000), ("sukarela", 100_000))],
                  actor=officer)
        for m in members[:2]:
            loan = loan_services.loan_apply(member=m, amount=1_000_000, term=10, purpose="Modal", business="Warung",
                                            date=BEFORE, actor=officer)
            loan_services.loan_decide(loan=loan, approved=True, date=BEFORE, agreed_by="Rapat", actor=officer)
            loan_services.loan_disburse(loan=loan, date=BEFORE, actor=officer)
        return group, officer

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
            group, officer = self._scene(n, run)
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
