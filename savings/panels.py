"""The savings panels on the member and group pages (registered with ``core.panels``)."""
from core.dates import today
from core.panels import GROUP, MEMBER, register

from .selectors import group_savings_rows, savings_summary


@register(MEMBER, "savings")
def member_savings_summary(member, *, user):
    """Return her savings summary as of today (three queries), for the member page's panel."""
    return savings_summary(member, as_of=today())


@register(GROUP, "savings")
def group_savings(group, *, user):
    """Return (rows, totals) of the group's active members' savings as of today, for the group page."""
    return group_savings_rows(group, as_of=today())
