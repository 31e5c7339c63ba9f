from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class YearendConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "yearend"
    verbose_name = _("Year end (SHU)")
