from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "imports"
    verbose_name = _("Import and export")

    def ready(self):
        from . import jobs  # noqa: F401  (registers the imports' background jobs)
