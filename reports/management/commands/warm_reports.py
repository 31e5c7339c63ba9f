"""Warm every group's report figures for today: run it just after midnight (Asia/Jakarta).

The figures are kept per group and per day (``core.cache``), so the first manager of a day would
compute all of them (seconds at LP2M's size). Run from cron, e.g. ``5 0 * * *`` with ``TZ=Asia/Jakarta``,
or after a deploy that emptied the cache. Groups are done ``--batch`` at a time, so the queries
and the memory stay bounded whatever the number of groups.
"""
import os
import time

from django.core.management.base import BaseCommand

from groups.models import Group
from reports.warm import warm_groups


class Command(BaseCommand):
    help = "Compute and keep today's report figures of every group (the dashboard's and the indicators')."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=200, help="Groups computed together.")

    def handle(self, *args, **opts):
        ids = list(Group.objects.order_by("pk").values_list("pk", flat=True))
        started = time.monotonic()
        batch = max(opts["batch"], 1)
        for i in range(0, len(ids), batch):
            warm_groups(ids[i:i + batch])
            self.stdout.write(f"{min(i + batch, len(ids))} of {len(ids)} groups warmed")
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        self.stdout.write(self.style.SUCCESS(
            f"Warmed {len(ids)} groups in {time.monotonic() - started:.1f} s (load average {load})."))
