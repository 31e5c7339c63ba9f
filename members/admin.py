from django.contrib import admin

from .models import Member, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ("code", "full_name", "nickname", "group", "joined_on", "exited_on")
    list_filter = ("business_type", "group")
    list_select_related = ("group",)
    search_fields = ("code", "full_name", "nickname", "phone")
    inlines = [MembershipInline]
