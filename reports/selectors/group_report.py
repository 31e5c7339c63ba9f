"""The group report for the treasurer and the monthly meeting: savings, loans, arrears, meetings, cash."""
import datetime

from django.db.models import Q, Sum
from django.db.models.functions import Coalesce

from books.models import JournalLine
from groups.models import Group
from savings.selectors import group_savings_totals

from .indicators import indicators_for
from .portfolio import portfolio_quality


def group_report(group, *, start, end):
    """Return the figures of the group report for [start, end] (a fixed number of queries)."""
    opening = group_savings_totals(group, as_of=start - datetime.timedelta(days=1))
    closing = group_savings_totals(group, as_of=end)
    savings = [{"kind": kind, "opening": opening[kind], "change": closing[kind] - opening[kind],
                "closing": closing[kind]} for kind in ("pokok", "wajib", "sukarela")]
    cash = JournalLine.objects.filter(account__group=group, account__key="cash").aggregate(
        opening_d=Coalesce(Sum("debit", filter=Q(entry__date__lt=start)), 0),
        opening_c=Coalesce(Sum("credit", filter=Q(entry__date__lt=start)), 0),
        cash_in=Coalesce(Sum("debit", filter=Q(entry__date__gte=start, entry__date__lte=end)), 0),
        cash_out=Coalesce(Sum("credit", filter=Q(entry__date__gte=start, entry__date__lte=end)), 0),
    )
    cash_opening = cash["opening_d"] - cash["opening_c"]
    return {
        "savings": savings,
        "savings_total": {"opening": sum(opening.values()), "closing": sum(closing.values())},
        "cash": {"opening": cash_opening, "in": cash["cash_in"], "out": cash["cash_out"],
                 "closing": cash_opening + cash["cash_in"] - cash["cash_out"]},
        "values": indicators_for(Group.objects.filter(pk=group.pk), start=start, end=end),
        "quality": portfolio_quality(Group.objects.filter(pk=group.pk), as_of=end),
    }
