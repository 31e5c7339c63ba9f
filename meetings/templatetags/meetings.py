"""Template tags that let other apps' pages show meeting information."""
from django import template

from meetings.selectors import member_attendance as _member_attendance

register = template.Library()


@register.inclusion_tag("meetings/_member_attendance.html")
def member_attendance(member):
    """Render the member's recent attendance (one query)."""
    return {"records": list(_member_attendance(member))}
