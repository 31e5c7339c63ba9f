from django.contrib import admin

from core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import Account, ClosedPeriod, JournalEntry, JournalLine


@admin.register(Account)
class AccountAdmin(ReadOnlyAdmin):
    """The chart is seeded with the group; a renamed or renumbered account would relabel posted books."""

    list_display = ("group", "code", "name", "key", "type")
    list_filter = ("type",)
    list_select_related = ("group",)
    search_fields = ("name", "group__name", "group__code")


class JournalLineInline(ReadOnlyInline):
    model = JournalLine
    fields = ("account", "debit", "credit", "member")


@admin.register(JournalEntry)
class JournalEntryAdmin(ReadOnlyAdmin):
    list_display = ("id", "group", "date", "kind", "memo", "created_by", "reverses")
    list_filter = ("kind",)
    list_select_related = ("group", "created_by", "reverses")
    search_fields = ("memo", "reference", "group__name")
    date_hierarchy = "date"
    inlines = [JournalLineInline]


@admin.register(ClosedPeriod)
class ClosedPeriodAdmin(ReadOnlyAdmin):
    list_display = ("group", "start", "end", "reference", "closed_by", "closed_at", "reopened_at")
    list_select_related = ("group", "closed_by")
    search_fields = ("group__name", "group__code", "reference")
