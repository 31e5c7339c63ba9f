from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SheetConfig(AppConfig):
    name = "sheet"
    verbose_name = _("Meeting sheet")
