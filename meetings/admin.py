"""Meetings in the admin: to look at only. They change through the meeting pages and services.

A meeting's status and attendance are posted history: setting a verified meeting back to draft
and deleting its attendance let its sheet post its money twice.
"""
from django.contrib import admin

from core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import Attendance, Meeting, SheetRow


class AttendanceInline(ReadOnlyInline):
    model = Attendance
    fields = ("member", "status")


class SheetRowInline(ReadOnlyInline):
    model = SheetRow
    fields = ("member", "attendance", "pokok", "wajib", "sukarela_in", "sukarela_out", "instalment",
              "cover_amount", "cover_for", "disbursed")


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ("group", "date", "type", "status", "officer_attended")
    list_filter = ("type", "status")
    list_select_related = ("group",)
    date_hierarchy = "date"
    inlines = [AttendanceInline, SheetRowInline]
