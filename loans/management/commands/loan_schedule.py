"""Print a loan's repayment schedule as a table or as JSON, from the same pure arithmetic as the app."""
import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.money import format_rupiah
from groups.rules import InterestMethod
from loans.schedule import METHODS, build_schedule


def _amount(value):
    return format_rupiah(value, prefix=False)


class Command(BaseCommand):
    help = "Print the repayment schedule of a loan (flat, declining or annuity) as a table or JSON."

    def add_arguments(self, parser):
        # Numbers are taken as text so the schedule's own validation explains a bad value.
        parser.add_argument("--principal", required=True, help="Loan amount in whole Rupiah, e.g. 1000000.")
        parser.add_argument("--rate", required=True, help="Interest in percent per month, e.g. 2 or 1.5.")
        parser.add_argument("--term", required=True, help="Number of monthly instalments.")
        parser.add_argument("--method", required=True, choices=METHODS)
        parser.add_argument("--rounding", default="1", help="Round amounts to this multiple (1, 100, 500, 1000).")
        parser.add_argument("--grace", default="0", help="Months at the start with interest only.")
        parser.add_argument("--format", default="table", choices=("table", "json"))

    def handle(self, *args, **opts):
        try:
            schedule = build_schedule(
                principal=opts["principal"], rate=opts["rate"], term=opts["term"], method=opts["method"],
                rounding=opts["rounding"], grace=opts["grace"],
            )
        except ValidationError as exc:
            problems = "\n".join(f"--{field}: {' '.join(messages)}" for field, messages in exc.message_dict.items())
            raise CommandError(problems)
        if opts["format"] == "json":
            self.stdout.write(json.dumps(schedule.as_dicts(), indent=2))
        else:
            self.stdout.write(self._table(schedule))

    def _table(self, schedule):
        """Return the schedule as aligned text columns with a totals row."""
        headers = [_("No."), _("Principal"), _("Interest"), _("Instalment"), _("Balance")]
        rows = [[str(line.number), _amount(line.principal), _amount(line.interest), _amount(line.total),
                 _amount(line.balance)] for line in schedule.lines]
        totals = [_("Total"), _amount(schedule.total_principal), _amount(schedule.total_interest),
                  _amount(schedule.total), ""]
        widths = [max(len(row[i]) for row in [headers, *rows, totals]) for i in range(len(headers))]

        def fmt(row):
            return "  ".join(cell.rjust(width) for cell, width in zip(row, widths, strict=True)).rstrip()

        rule = "-" * len(fmt(headers))
        title = _("Loan %(principal)s at %(rate)s %% a month, %(term)s months, %(method)s, rounding %(rounding)s, "
                  "grace %(grace)s months") % {
            "principal": format_rupiah(schedule.principal), "rate": schedule.rate, "term": schedule.term,
            "method": InterestMethod(schedule.method).label, "rounding": schedule.rounding, "grace": schedule.grace}
        return "\n".join([title, fmt(headers), rule, *map(fmt, rows), rule, fmt(totals)])
