from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import SavingsTransaction


@admin.register(SavingsTransaction)
class SavingsTransactionAdmin(ReadOnlyAdmin):
    list_display = ("id", "value_date", "member", "group", "kind", "type", "amount", "created_by", "reverses")
    list_filter = ("kind", "type")
    list_select_related = ("member", "group", "created_by", "reverses")
    search_fields = ("member__full_name", "member__code", "group__name", "note", "reason")
    date_hierarchy = "value_date"
