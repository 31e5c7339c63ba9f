"""The home page: each role's view of her groups, her upcoming meetings and the panels of the apps below."""
from django.db.models import Count, Q
from django.shortcuts import render

from core.dates import today
from groups.models import Group
from groups.selectors import current_officer_names, groups_visible_to
from loans.panels import dashboard_loans
from meetings.selectors import upcoming_meetings
from members.selectors import members_visible_to
from reports.selectors.manager_panel import manager_panel


def dashboard(request):
    """Show the user's groups with their member counts; managers see a summary by status and the reports
    panel, the others their running loans. Each panel's data comes from its app's selector; the
    templates only render it."""
    manager = request.user.is_manager
    groups = (
        groups_visible_to(request.user)
        .select_related("region")
        .annotate(active_members=Count("members", filter=Q(members__exited_on__isnull=True)))
        .order_by("name")
    )
    status_counts = dict(groups.order_by().values_list("status").annotate(n=Count("id", distinct=True)))
    shown = list(groups[:50]) if manager else list(groups)
    officers = current_officer_names(shown)
    for g in shown:
        g.officer_list = officers.get(g.pk, [])
    return render(request, "dashboard/dashboard.html", {
        "groups": shown,
        "group_count": sum(status_counts.values()),
        "active_count": status_counts.get(Group.Status.ACTIVE, 0),
        # The manager's cards are the reports panel's (one figure each, reports.selectors.manager_panel).
        "member_count": None if manager else members_visible_to(request.user).active().count(),
        "manager_panel": manager_panel(request.user) if manager else None,
        "loans_panel": None if manager else dashboard_loans(request.user),
        "today": today(),
        "upcoming": upcoming_meetings(request.user, on=today()),
    })
