from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "treasurer_of", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = BaseUserAdmin.fieldsets + ((_("LKP role"), {"fields": ("role", "phone", "treasurer_of")}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + ((_("LKP role"), {"fields": ("role", "treasurer_of")}),)
