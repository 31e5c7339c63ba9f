"""Restore the database from a file made by `manage.py backup` (README "Backups"); replaces everything."""
from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Replace the whole database with a backup made by `manage.py backup`. Stop the application first."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--yes", action="store_true", help="Confirm that the current data is to be replaced.")

    def handle(self, *args, **opts):
        if not opts["yes"]:
            raise CommandError("This replaces every row of the database with the backup: add --yes to confirm.")
        try:
            restore(opts["path"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored from {opts['path']}.")
