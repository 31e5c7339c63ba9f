"""Time a whole LP2M's books through the import: dry run, then confirm, then roll everything back."""
import datetime
import time

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import User
from demo.import_files import bench_files
from groups.models import Group
from groups.services import rules_add_version
from imports.services import import_check, import_confirm


class Rollback(Exception):
    """Raised at the end so the benchmark leaves the database as it found it."""


class Command(BaseCommand):
    help = ("Import N members with their groups, opening savings and outstanding loans through check + confirm "
            "and print the seconds; changes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=3000)
        parser.add_argument("--members-per-group", type=int, default=25)
        parser.add_argument("--loans", type=int, default=1000)
        parser.add_argument("--history", type=int, default=0,
                            help="monthly savings deposits per member after the cut-over, imported as history")
        parser.add_argument("--repayments", type=int, default=0,
                            help="monthly instalments paid on each loan after the cut-over, imported as history")

    def handle(self, *args, **opts):
        joined = datetime.date(2015, 1, 15)
        files = bench_files(members=opts["members"], per_group=opts["members_per_group"], joined=joined,
                            loans=opts["loans"], history=opts["history"], repayments=opts["repayments"])
        started = time.monotonic()
        try:
            with transaction.atomic():
                actor = User.objects.create(username="bench-import", role=User.Role.MANAGER)
                for kind, content in files:
                    step = time.monotonic()
                    run = import_check(kind=kind, file_name=f"{kind}.csv", content=content, actor=actor)
                    if run.status == run.Status.PREVIEWED:
                        run = import_confirm(run=run, actor=actor)
                    if kind == "groups":
                        # Loans need the groups' rules; an LKP sets them before bringing its loans in.
                        for group in Group.objects.filter(code__startswith="BG-"):
                            rules_add_version(group=group, actor=actor, effective_from=joined, allow_past=True,
                                              pokok_amount=50_000, wajib_amount=10_000)
                    if run.status != run.Status.IMPORTED:
                        self.stderr.write("\n".join(run.problems[:20]))
                        raise Rollback
                    self.stdout.write(f"{kind:16} {run.rows:6} rows  {time.monotonic() - step:6.1f} s")
                raise Rollback
        except Rollback:
            pass
        self.stdout.write(self.style.SUCCESS(
            f"Imported {opts['members']} members and {opts['loans']} loans in {time.monotonic() - started:.1f} s "
            f"(check + confirm, kinds: {', '.join(k for k, _c in files)}); rolled back."))


