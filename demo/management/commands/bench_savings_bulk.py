"""Measure savings.bulk.bulk_post: post years of monthly wajib and some sukarela, print rows per second.

Everything is written inside a transaction that is rolled back, so the database is left as it was.
"""
import datetime
import random
import time

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import User
from core.dates import add_months
from groups.models import Group, Region
from groups.rules import GroupRules
from members.models import Member
from savings.bulk import Movement, bulk_post


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time bulk posting of savings history (rolled back afterwards)."

    def add_arguments(self, parser):
        parser.add_argument("--groups", type=int, default=2)
        parser.add_argument("--members-per-group", type=int, default=25)
        parser.add_argument("--years", type=int, default=10)

    def handle(self, *args, **opts):
        try:
            with transaction.atomic():
                self._run(opts)
                raise Rollback
        except Rollback:
            pass

    def _run(self, opts):
        rng = random.Random(7)
        actor = User.objects.create(username="bench-savings-bulk", role=User.Role.MANAGER)
        region = Region.objects.create(code="BENCH", name="Bench", level=Region.Level.SUBDISTRICT)
        start = datetime.date(2010, 1, 1)
        months = opts["years"] * 12
        movements = []
        for g in range(opts["groups"]):
            group = Group.objects.create(code=f"BENCH-{g}", name=f"Bench {g}", region=region)
            GroupRules.objects.create(group=group, effective_from=start, created_by=actor, pokok_amount=50_000,
                                      wajib_amount=10_000)
            members = Member.objects.bulk_create([
                Member(code=f"BENCH-{g}-{i}", group=group, full_name=f"Anggota {g}-{i}", joined_on=start)
                for i in range(opts["members_per_group"])
            ])
            for m in members:
                movements.append(Movement(m, "pokok", "deposit", 50_000, start))
                sukarela = 0
                for month in range(months):
                    day = add_months(start, month).replace(day=10)
                    if rng.random() < 0.9:
                        movements.append(Movement(m, "wajib", "deposit", 10_000, day))
                    if rng.random() < 0.3:
                        amount = rng.choice([20_000, 50_000, 100_000])
                        movements.append(Movement(m, "sukarela", "deposit", amount, day))
                        sukarela += amount
                    if sukarela > 100_000 and rng.random() < 0.1:
                        movements.append(Movement(m, "sukarela", "withdrawal", 50_000, day))
                        sukarela -= 50_000
        began = time.monotonic()
        written = bulk_post(movements, actor=actor)
        seconds = time.monotonic() - began
        # Each movement writes 1 savings row, 1 entry, 2 lines and 1 audit event.
        self.stdout.write(f"{written} movements ({written * 5} rows) in {seconds:.1f} s: "
                          f"{written / seconds:,.0f} movements/s, {written * 5 / seconds:,.0f} rows/s")
