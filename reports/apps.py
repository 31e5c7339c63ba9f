from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from audit.signals import groups_changed

        from . import jobs, provision_jobs  # noqa: F401  (register the reports' background jobs)
        from .warm import enqueue_warming

        groups_changed.connect(enqueue_warming, dispatch_uid="reports.warm")
