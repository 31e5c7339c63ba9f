"""The meetings panel on the member page (registered with ``core.panels``)."""
from core.panels import MEMBER, register

from .selectors import member_attendance


@register(MEMBER, "meetings")
def member_attendance_panel(member, *, user):
    """Return the member's recent attendance (one query)."""
    return {"records": list(member_attendance(member))}
