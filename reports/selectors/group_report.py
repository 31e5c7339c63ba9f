"""The group report for the treasurer and the monthly meeting: savings, loans, arrears, meetings, cash."""
from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce

from books.models import JournalLine
from groups.models import Group
from savings.models import SavingsKind, SavingsTransaction, TxnType
from savings.selectors import savings_flows

from .indicators import indicators_for
from .portfolio import portfolio_quality


def group_report(group, *, start, end):
    """Return the figures of the group report for [start, end] (a fixed number of queries)."""
    signed = F("direction") * F("amount")
    sums = SavingsTransaction.objects.filter(group=group, value_date__lte=end).aggregate(**{
        f"{kind}_{when}": Coalesce(Sum(signed, filter=Q(kind=kind, **when_filter)), 0)
        for kind in SavingsKind.values
        for when, when_filter in (("opening", {"value_date__lt": start}), ("closing", {}))
    })
    opening = {kind: sums[f"{kind}_opening"] for kind in SavingsKind.values}
    closing = {kind: sums[f"{kind}_closing"] for kind in SavingsKind.values}
    flows = savings_flows(SavingsTransaction.objects.filter(group=group), start=start, end=end)
    # Balances brought in at the cut-over are shown apart: they were not saved during the period.
    savings = [{"kind": kind, "opening": opening[kind], "brought_in": flows[kind][TxnType.OPENING],
                "deposits": flows[kind][TxnType.DEPOSIT],
                "change": closing[kind] - opening[kind] - flows[kind][TxnType.OPENING], "closing": closing[kind]}
               for kind in SavingsKind.values]
    cash = JournalLine.objects.filter(account__group=group, account__key="cash").aggregate(
        opening_d=Coalesce(Sum("debit", filter=Q(entry__date__lt=start)), 0),
        opening_c=Coalesce(Sum("credit", filter=Q(entry__date__lt=start)), 0),
        cash_in=Coalesce(Sum("debit", filter=Q(entry__date__gte=start, entry__date__lte=end)), 0),
        cash_out=Coalesce(Sum("credit", filter=Q(entry__date__gte=start, entry__date__lte=end)), 0),
    )
    cash_opening = cash["opening_d"] - cash["opening_c"]
    return {
        "savings": savings,
        "savings_total": {"opening": sum(opening.values()), "closing": sum(closing.values()),
                          "brought_in": sum(r["brought_in"] for r in savings)},
        "cash": {"opening": cash_opening, "in": cash["cash_in"], "out": cash["cash_out"],
                 "closing": cash_opening + cash["cash_in"] - cash["cash_out"]},
        "values": indicators_for(Group.objects.filter(pk=group.pk), start=start, end=end),
        "quality": portfolio_quality(Group.objects.filter(pk=group.pk), as_of=end),
    }
