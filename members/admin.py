"""Members in the admin: her name and contact details may be corrected; her group and dates may not.

Registering, moving between groups (``member_transfer``) and leaving (``member_exit``) keep her
membership history and settle her savings; they go through the member pages and services.
"""
from django.contrib import admin

from core.admin import ReadOnlyInline

from .models import Member, Membership


class MembershipInline(ReadOnlyInline):
    model = Membership
    fields = ("group", "joined_on", "left_on")


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ("code", "full_name", "nickname", "group", "joined_on", "exited_on")
    list_filter = ("business_type", "group")
    list_select_related = ("group",)
    search_fields = ("code", "full_name", "nickname", "phone")
    readonly_fields = ("code", "group", "joined_on", "exited_on")
    inlines = [MembershipInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
