from django.contrib import admin

from core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import YearEnd, YearEndShare


class YearEndShareInline(ReadOnlyInline):
    model = YearEndShare
    fields = ("member", "savings_basis", "business_basis", "jasa_modal", "jasa_anggota", "total", "paid_as")


@admin.register(YearEnd)
class YearEndAdmin(ReadOnlyAdmin):
    list_display = ("group", "year", "decided_on", "surplus", "posted_by", "posted_at", "reversed_at")
    list_filter = ("year",)
    list_select_related = ("group", "posted_by")
    search_fields = ("group__name", "group__code", "agreed_by")
    inlines = [YearEndShareInline]
