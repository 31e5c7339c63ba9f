"""The health check for the load balancer; the home page is the dashboard app's."""
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import JsonResponse


@login_not_required
def healthz(request):
    """Answer 200 when the database answers, 503 otherwise (for the load balancer and uptime checks)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"ok": False, "database": False}, status=503)
    return JsonResponse({"ok": True, "database": True})
