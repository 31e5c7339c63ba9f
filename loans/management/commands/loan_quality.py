"""List every open loan's days past due, months in arrears, class and reserve at a date, as a table or JSON."""
import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from core.inputs import check_date
from core.money import format_rupiah
from groups.models import Group
from groups.regimes import BY_KEY
from loans.models import Loan
from loans.quality_selectors import loan_quality


def _date(text):
    try:
        day = datetime.date.fromisoformat(text)
    except (TypeError, ValueError):
        raise CommandError(f"--as-of: expected a date YYYY-MM-DD, got {text!r}.")
    try:
        check_date(day)
    except Exception as exc:  # ValidationError from the bounds every date passes
        raise CommandError(f"--as-of: {' '.join(getattr(exc, 'messages', [str(exc)]))}")
    return day


class Command(BaseCommand):
    help = ("List every open loan at a date with days past due, months in arrears, collectibility class, "
            "outstanding principal and loss reserve, under each group's regime or the one --regime names.")

    def add_arguments(self, parser):
        parser.add_argument("--as-of", required=True, help="The date, YYYY-MM-DD.")
        parser.add_argument("--group", help="Only this group (its code).")
        parser.add_argument("--regime", help=f"Class every loan under this regime: {', '.join(BY_KEY)}.")
        parser.add_argument("--format", default="table", choices=("table", "json"))

    def handle(self, *args, **opts):
        as_of = _date(opts["as_of"])
        regime = opts.get("regime")
        if regime is not None and regime not in BY_KEY:
            raise CommandError(f"--regime: unknown regime {regime!r}; known: {', '.join(BY_KEY)}.")
        groups = Group.objects.all()
        if opts.get("group") is not None:
            groups = groups.filter(code=opts["group"])
            if not groups.exists():
                raise CommandError(f"--group: no group with code {opts['group']!r}.")
        rows = loan_quality(Loan.objects.filter(group__in=groups), as_of=as_of, regime_key=regime)
        if opts["format"] == "json":
            self.stdout.write(json.dumps([row.as_dict() for row in rows], indent=2))
            return
        headers = ["loan", "member", "group", "regime", "dpd", "months", "class", "outstanding", "provision"]
        table = [[str(r.loan.pk), r.loan.member.code, r.loan.group.code, r.regime.key, str(r.days_past_due),
                  str(r.months_in_arrears), r.klass.key, format_rupiah(r.outstanding, prefix=False),
                  format_rupiah(r.provision, prefix=False)] for r in rows]
        total = ["", "", "", "", "", "", "total", format_rupiah(sum(r.outstanding for r in rows), prefix=False),
                 format_rupiah(sum(r.provision for r in rows), prefix=False)]
        widths = [max(len(row[i]) for row in [headers, *table, total]) for i in range(len(headers))]
        for row in [headers, *table, total]:
            self.stdout.write("  ".join(cell.rjust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
