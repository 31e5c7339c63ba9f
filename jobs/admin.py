from django.contrib import admin

from .models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Read-only: a job is written by its service and its worker."""

    list_display = ["title", "kind", "status", "percent", "requested_by", "created_at", "finished_at"]
    list_filter = ["status", "kind"]
    exclude = ["result", "upload"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
