from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import Loan, Repayment


@admin.register(Loan)
class LoanAdmin(ReadOnlyAdmin):
    list_display = ("id", "member", "group", "amount", "term", "status", "applied_on", "disbursed_on", "rescheduled")
    list_filter = ("status", "rescheduled")
    list_select_related = ("member", "group")
    search_fields = ("member__full_name", "member__code", "group__name", "purpose", "business")
    date_hierarchy = "applied_on"


@admin.register(Repayment)
class RepaymentAdmin(ReadOnlyAdmin):
    list_display = ("id", "value_date", "member", "loan", "kind", "coverer", "amount", "held_as_sukarela")
    list_filter = ("kind",)
    list_select_related = ("member", "loan", "coverer")
    search_fields = ("member__full_name", "member__code")
    date_hierarchy = "value_date"
