"""Template tags for the savings partials included in other apps' pages."""
from django import template

from core.dates import today
from savings.selectors import group_savings_rows, savings_summary

register = template.Library()


@register.simple_tag
def member_savings_summary(member):
    """Return her savings summary as of today (three queries), for the member page's panel."""
    return savings_summary(member, as_of=today())


@register.simple_tag
def group_savings(group):
    """Return (rows, totals) of the group's active members' savings as of today, for the group page."""
    return group_savings_rows(group, as_of=today())
