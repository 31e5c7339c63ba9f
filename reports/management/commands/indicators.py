"""Print the indicators of indicators.md for a scope and period, as JSON or CSV.

Uses the same selector as the indicators page, so both always show the same numbers.
"""
import datetime

from django.core.management.base import BaseCommand, CommandError

from groups.models import Group, Region
from reports.indicators.serialize import to_csv, to_json
from reports.selectors.indicators import indicators_for
from reports.selectors.scope import period_ending, scope_for


class Command(BaseCommand):
    help = "Print the indicators for all groups, one group or a region over a period (JSON or CSV)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", required=True, type=datetime.date.fromisoformat,
                            help="Last day of the period (YYYY-MM-DD).")
        parser.add_argument("--from", dest="start", type=datetime.date.fromisoformat, default=None,
                            help="First day of the period (YYYY-MM-DD); twelve months before --as-of by default.")
        parser.add_argument("--group", help="Group code.")
        parser.add_argument("--region", help="Region code (any level).")
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args, **opts):
        period = period_ending(opts["as_of"], opts["start"])
        if period.start > period.end:
            raise CommandError("--from must be on or before --as-of.")
        group = region = None
        if opts["group"]:
            group = Group.objects.filter(code=opts["group"]).first()
            if group is None:
                raise CommandError(f"No group with code {opts['group']}.")
        if opts["region"]:
            region = Region.objects.filter(code=opts["region"]).first()
            if region is None:
                raise CommandError(f"No region with code {opts['region']}.")
        scope = scope_for(None, group=group, region=region)
        values = indicators_for(scope.groups, start=period.start, end=period.end)
        self.stdout.write(to_json(values) if opts["format"] == "json" else to_csv(values), ending="")
        if opts["format"] == "json":
            self.stdout.write("")
