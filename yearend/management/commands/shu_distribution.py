"""Print a group's SHU of a book year per member: what was posted, or the preview before the RAT."""
import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.money import format_rupiah
from groups.models import Group
from yearend.selectors import distribution_for

POOL_LABELS = {"reserves": "Cadangan", "other_funds": "Dana lain", "jasa_anggota": "Jasa anggota",
               "jasa_modal": "Jasa modal"}


class Command(BaseCommand):
    help = "Print the SHU distribution of a group's book year (posted, or a preview) as a table or JSON."

    def add_arguments(self, parser):
        parser.add_argument("--group", required=True, help="The group's code, e.g. PDG-001.")
        parser.add_argument("--year", required=True, type=int, help="The book year, e.g. 2025.")
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args, **opts):
        group = Group.objects.filter(code=opts["group"]).first()
        if group is None:
            raise CommandError(f"No group with code {opts['group']!r}.")
        try:
            distribution = distribution_for(group, opts["year"])
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        if opts["format"] == "json":
            self.stdout.write(json.dumps(distribution.as_json(), ensure_ascii=False, indent=2))
            return
        self._table(distribution)

    def _table(self, d):
        state = f"posted, RAT {d.year_end.decided_on}" if d.year_end else "preview"
        self.stdout.write(f"{d.group.code} {d.group.name} · SHU {d.year} ({state})")
        self.stdout.write(f"{'Surplus (SHU)':<24}{format_rupiah(d.surplus):>20}")
        for key, label in POOL_LABELS.items():
            self.stdout.write(f"  {label:<22}{format_rupiah(d.pools[key]):>20}")
        if d.undistributed:
            self.stdout.write(f"  {'Not shared':<22}{format_rupiah(d.undistributed):>20}")
        self.stdout.write("")
        self.stdout.write(f"{'Code':<16}{'Name':<28}{'Jasa modal':>16}{'Jasa anggota':>16}{'Total':>16}")
        for s in d.shares:
            self.stdout.write(f"{s.member.code:<16}{s.member.full_name[:27]:<28}{format_rupiah(s.jasa_modal):>16}"
                              f"{format_rupiah(s.jasa_anggota):>16}{format_rupiah(s.total):>16}")
        self.stdout.write(f"{'':<16}{'Total':<28}{format_rupiah(d.jasa_modal_total):>16}"
                          f"{format_rupiah(d.jasa_anggota_total):>16}{format_rupiah(d.shares_total):>16}")
