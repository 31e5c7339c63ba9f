from django.contrib import admin

from .models import FieldOfficerAssignment, Group, GroupOfficer, Region
from .rules import GroupRules


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")


class AssignmentInline(admin.TabularInline):
    model = FieldOfficerAssignment
    extra = 0


class OfficerInline(admin.TabularInline):
    model = GroupOfficer
    extra = 0
    raw_id_fields = ("member",)


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "region", "status", "lkp_founded_on")
    list_filter = ("status", "region")
    search_fields = ("code", "name", "village")
    inlines = [OfficerInline, AssignmentInline]


@admin.register(GroupRules)
class GroupRulesAdmin(admin.ModelAdmin):
    """Rules versions are read-only here: a change is a new version through the group's page."""

    list_display = ("group", "effective_from", "pokok_amount", "wajib_amount", "loan_interest_method",
                    "loan_interest_rate", "created_by")
    list_filter = ("loan_interest_method",)
    list_select_related = ("group", "created_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
