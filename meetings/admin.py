from django.contrib import admin

from .models import Attendance, Meeting


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ("member",)


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("group", "date", "type", "status", "officer_attended")
    list_filter = ("type", "status")
    list_select_related = ("group",)
    date_hierarchy = "date"
    inlines = [AttendanceInline]
