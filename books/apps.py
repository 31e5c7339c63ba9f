from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BooksConfig(AppConfig):
    name = "books"
    verbose_name = _("Group books")

    def ready(self):
        from . import signals  # noqa: F401  (connects the chart seeding; its models need the apps ready)
