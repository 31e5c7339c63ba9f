from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from . import panels


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        panels.autodiscover()  # each app's panels module registers its page panels (core.panels)
