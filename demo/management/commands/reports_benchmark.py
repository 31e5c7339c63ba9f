"""Time the heaviest report pages at the data's scale: median wall time and query count.

Run after ``seed_demo --bulk --groups 120 --members-per-group 25 --years 10`` on PostgreSQL; the
numbers go into docs/performance.md. Each page is requested ``--runs`` times after emptying the
cache: the first request ("cold") computes everything; "warm" is the median of the later ones
(what a view costs while the data has not changed, ``core.cache``), so the cold request never
weighs in it. ``--after-change`` times the first request after a change in one group, ``--runs``
times (each change rolled back), and prints the median.
"""
import datetime
import os
import statistics
import time

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from accounts.models import User
from audit.services import audit_record
from core.dates import add_months, today
from groups.models import Group
from reports.warm import warm_group
from yearend.selectors import book_years


class Command(BaseCommand):
    help = "Print the median time and query count of the dashboard, indicators, statement PDFs and RAT package."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=5)
        parser.add_argument("--after-change", action="store_true",
                            help="Also time the first request after a change in one group (the benchmarked group's "
                                 "audit event, rolled back): what a manager waits after a submitted sheet.")
        parser.add_argument("--only", default="", help="Only the pages whose label contains this text.")

    def handle(self, *args, **opts):
        manager = User.objects.filter(role=User.Role.MANAGER, is_active=True).order_by("pk").first()
        group = (Group.objects.annotate(n=Count("members")).filter(n__gt=0).order_by("-n", "pk").first())
        if manager is None or group is None:
            raise CommandError("Needs a manager and a group with members: run seed_demo first.")
        member = group.members.order_by("pk").first()
        end = today()
        start = add_months(end, -12) + datetime.timedelta(days=1)
        period = f"start={start}&end={end}"
        pages = [
            ("manager dashboard", "/"),
            ("indicators, all groups, 12 months", f"/reports/indicators/?{period}"),
            ("repayments and arrears, all groups", f"/reports/portfolio/?{period}"),
            ("one member statement PDF", f"/reports/members/{member.pk}/statement/pdf/?{period}"),
            (f"group statements PDF ({group.members.count()} members)",
             f"/reports/groups/{group.pk}/member-statements/pdf/?{period}"),
        ]
        years = book_years(group)
        if years:  # the RAT package of the group's last ended book year (posted or a preview)
            year = years[0][0]
            pages += [(f"RAT package {year}", f"/reports/groups/{group.pk}/rat/{year}/"),
                      (f"RAT package {year} PDF", f"/reports/groups/{group.pk}/rat/{year}/pdf/")]
        if opts["runs"] < 2:
            raise CommandError("Needs --runs 2 or more: one cold request and at least one warm.")
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        self.stdout.write(f"{Group.objects.count()} groups; database {connection.vendor}; {opts['runs']} runs each; "
                          f"load average {load} ({os.cpu_count()} cores)")
        with override_settings(ALLOWED_HOSTS=["*"]):
            client = Client()
            client.force_login(manager)
            for label, url in pages:
                if opts["only"] and opts["only"] not in label:
                    continue
                cache.clear()  # the first request computes everything (cold); later ones may reuse it
                times, queries = [], []
                for _i in range(opts["runs"]):
                    with CaptureQueriesContext(connection) as ctx:
                        started = time.perf_counter()
                        response = _fetch(client, url)
                        times.append(time.perf_counter() - started)
                    if response.status_code != 200:
                        raise CommandError(f"{url} answered {response.status_code}")
                    queries.append(len(ctx.captured_queries))
                # The first request is cold; the warm median is of the others only (with two runs a
                # median over all of them was the mean of cold and warm, and read as a slow warm view).
                self.stdout.write(f"{label:45} cold {times[0] * 1000:7.0f} ms, queries {queries[0]:4d}   "
                                  f"warm median {statistics.median(times[1:]) * 1000:7.0f} ms, queries "
                                  f"{statistics.median(queries[1:]):4.0f}")
                if opts["after_change"] and (url == "/" or url.startswith(("/reports/indicators/",
                                                                           "/reports/portfolio/"))):
                    self._after_change(client, manager, group, url, opts["runs"])

    def _after_change(self, client, manager, group, url, runs):
        """Time the request right after an audited change in ``group``, ``runs`` times, before and after
        the job worker's warming (``reports.warm``); each change is rolled back, with what was cached,
        so every run meets the same state."""
        for label, warmed in (("  after a change in one group", False),
                              ("  after a change, warmed by the worker", True)):
            times, queries, warming = [], [], []
            for _i in range(runs):
                with transaction.atomic():
                    audit_record(actor=manager, action="reports.benchmark", obj=group, group=group)
                    if warmed:
                        started = time.perf_counter()
                        warm_group(group.pk)
                        warming.append(time.perf_counter() - started)
                    with CaptureQueriesContext(connection) as ctx:
                        started = time.perf_counter()
                        response = client.get(url)
                        times.append(time.perf_counter() - started)
                    transaction.set_rollback(True)
                if response.status_code != 200:
                    raise CommandError(f"{url} answered {response.status_code}")
                queries.append(len(ctx.captured_queries))
            extra = f"; the warming took {statistics.median(warming) * 1000:.0f} ms" if warming else ""
            self.stdout.write(f"{label:45} median {statistics.median(times) * 1000:7.0f} ms "
                              f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}), queries "
                              f"{statistics.median(queries):4.0f}{extra}")


IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
JOBS = ("/member-statements/pdf/", "/pdf/")  # the batch statements and the RAT package PDF are jobs


def _fetch(client, url):
    """GET ``url``; a PDF made as a job is asked for (POST), run here at once, and its file downloaded,
    so the time is the work's (``bench_jobs`` times the request and a real worker apart)."""
    path = url.split("?")[0]
    if not (path.startswith("/reports/groups/") and path.endswith(JOBS)):
        return client.get(url)
    with override_settings(TASKS=IMMEDIATE):
        response = client.post(url)
    if response.status_code != 302 or not response.url.startswith("/jobs/"):
        return response
    return client.get(response.url.rstrip("/") + "/file/")
