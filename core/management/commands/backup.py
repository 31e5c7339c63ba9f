"""Back up the database to a file (README "Backups"): pg_dump -Fc, or SQLite's online backup."""
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Write a consistent copy of the whole database to a file (safe while the application runs)."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="File to write; default backups/lkp-<date>-<time>.dump (or .sqlite3)")

    def handle(self, *args, **opts):
        suffix = "dump" if connection.vendor == "postgresql" else "sqlite3"
        path = opts["output"] or f"backups/lkp-{timezone.localtime():%Y%m%d-%H%M%S}.{suffix}"
        try:
            written = backup(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{written} ({written.stat().st_size:,} bytes)")
