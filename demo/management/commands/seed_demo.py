"""Fill an empty database with deterministic, realistic demo data."""
import datetime
import random
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import override_settings

from core.dates import today
from demo import bulk_history, meeting_history
from demo.foundation import DEMO_PASSWORD, seed_foundation
from groups.models import Group

# The steps that add money history after the foundation, in order (functions taking the DemoContext).
HISTORY_STEPS = [
    # Loans are borrowed and repaid at the meetings, so the meetings step holds the loan history
    # too (demo.loan_history.seed_loan_history posts loans outside meetings and would double them).
    meeting_history.seed_history,
]
# The same kinds of history written in bulk (minutes instead of hours at LP2M scale).
BULK_HISTORY_STEPS = [bulk_history.seed_history]


class Command(BaseCommand):
    help = "Create demo groups, members, users and history (deterministic for a given seed and date)."

    def add_arguments(self, parser):
        parser.add_argument("--groups", type=int, default=8)
        parser.add_argument("--members-per-group", type=int, default=20)
        parser.add_argument("--years", type=int, default=3)
        parser.add_argument("--seed", type=int, default=2003)
        parser.add_argument("--until", type=datetime.date.fromisoformat, default=None,
                            help="Last day of history (YYYY-MM-DD); today by default.")
        parser.add_argument("--bulk", action="store_true",
                            help="Write the history in bulk instead of meeting by meeting (for LP2M scale).")
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when groups already exist.")
        parser.add_argument("--allow-production", action="store_true",
                            help="Seed even with DEBUG off (the demo users all have the password demo12345).")

    def handle(self, *args, **opts):
        if not (settings.DEBUG or opts["allow_production"] or getattr(settings, "LKP_DEMO_DATA_ALLOWED", False)):
            raise CommandError("DEBUG is off: this looks like a production database, and the demo creates users "
                               "(admin among them) whose password is demo12345. Run with --allow-production "
                               "only if you mean it.")
        if Group.objects.exists():
            if opts["if_empty"]:
                self.stdout.write("Demo data already present; nothing to do.")
                self._print_logins()
                return
            raise CommandError("The database already has groups; seed_demo fills an empty database only.")
        if opts["groups"] < 1 or opts["members_per_group"] < 4 or opts["years"] < 1:
            raise CommandError("Need at least 1 group, 4 members per group and 1 year.")
        started = time.monotonic()
        rng = random.Random(opts["seed"])
        until = opts["until"] or today()
        # No warming of the reports after the seed's commit (reports.warm): every group is new, and
        # a worker would only work through a warming per group before anyone looks.
        with override_settings(LKP_WARM_REPORTS=False), transaction.atomic():
            ctx = seed_foundation(rng=rng, n_groups=opts["groups"], members_per_group=opts["members_per_group"],
                                  years=opts["years"], until=until)
            for step in self._history_steps(bulk=opts["bulk"]):
                step(ctx)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # fresh statistics: the reports' plans depend on them
        self.stdout.write(self.style.SUCCESS(
            f"Seeded {len(ctx.groups)} groups, {sum(len(v) for v in ctx.members_by_group.values())} members "
            f"in {time.monotonic() - started:.1f} s."
        ))
        self._print_logins()

    def _history_steps(self, *, bulk=False):
        """Return the steps that add money history, in order; each takes the DemoContext."""
        return list(BULK_HISTORY_STEPS if bulk else HISTORY_STEPS)

    def _print_logins(self):
        self.stdout.write(f"Demo logins (password {DEMO_PASSWORD}):")
        self.stdout.write("  manager      — LP2M manager, sees every group")
        self.stdout.write("  pendamping1  — field officer, sees her groups")
        self.stdout.write("  pendamping2  — field officer, sees her groups")
        self.stdout.write("  bendahara1   — treasurer of the first group (KPUK Anggrek)")
        self.stdout.write("  admin        — administrator (also /admin/)")
