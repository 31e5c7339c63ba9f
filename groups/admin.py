from django.contrib import admin

from core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import FieldOfficerAssignment, Group, GroupOfficer, LegalFormChange, Region
from .rules import GroupRules


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")


class AssignmentInline(ReadOnlyInline):
    """Assignments decide who sees the group on which day: changed by ``assignment_start`` only."""

    model = FieldOfficerAssignment
    fields = ("officer", "start", "end")


class OfficerInline(ReadOnlyInline):
    """Officers' terms are history (who signed what): changed by ``officer_appoint`` only."""

    model = GroupOfficer
    fields = ("member", "role", "start", "end")


class LegalFormInline(ReadOnlyInline):
    """The legal form decides the regime of each day: changed by ``legal_form_change`` only."""

    model = LegalFormChange
    fields = ("effective_from", "previous_form", "legal_form", "decision_note", "created_by")


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "region", "status", "lkp_founded_on")
    list_filter = ("status", "region")
    search_fields = ("code", "name", "village")
    readonly_fields = ("code", "legal_form")
    inlines = [OfficerInline, AssignmentInline, LegalFormInline]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(GroupRules)
class GroupRulesAdmin(ReadOnlyAdmin):
    """Rules versions are read-only here: a change is a new version through the group's page."""

    list_display = ("group", "effective_from", "pokok_amount", "wajib_amount", "loan_interest_method",
                    "loan_interest_rate", "created_by")
    list_filter = ("loan_interest_method",)
    list_select_related = ("group", "created_by")
