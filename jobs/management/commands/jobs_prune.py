"""Delete finished jobs (and their files) older than --days; waiting and running jobs stay."""
from django.core.management.base import BaseCommand

from jobs.services import jobs_prune


class Command(BaseCommand):
    help = "Delete finished background jobs and their files older than --days (default 7)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7)

    def handle(self, *args, days, **opts):
        self.stdout.write(f"{jobs_prune(older_than_days=max(days, 0))} finished jobs deleted")
