"""The import log: every file uploaded, what its dry run found, and whether it was imported."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    REGIONS = "regions", _("Regions")
    GROUPS = "groups", _("Groups")
    RULES = "rules", _("Group rules versions")
    ASSIGNMENTS = "assignments", _("Field-officer assignments")
    MEMBERS = "members", _("Members")
    OPENING_SAVINGS = "opening_savings", _("Opening savings balances")
    OPENING_LOANS = "opening_loans", _("Outstanding loans at the cut-over")
    OPENING_BOOKS = "opening_books", _("Other opening balances of the books")
    SAVINGS_HISTORY = "savings_history", _("Savings transactions (history)")
    LOAN_REPAYMENTS = "loan_repayments", _("Loan repayments (history)")


class ImportRun(models.Model):
    """One uploaded file: checked by a dry run, then imported in one transaction or not at all.

    The file itself is kept so that confirming imports exactly the bytes that were previewed.
    """

    class Status(models.TextChoices):
        REJECTED = "rejected", _("Rejected: has problems")
        PREVIEWED = "previewed", _("Checked, waiting for confirmation")
        IMPORTED = "imported", _("Imported")

    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    file_name = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("file"))
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"),
                                   on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    new = models.PositiveIntegerField(_("new"), default=0)
    changed = models.PositiveIntegerField(_("changed"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    invalid = models.PositiveIntegerField(_("rows with problems"), default=0)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    preview = models.JSONField(_("preview"), default=list, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(status="imported") | Q(imported_at__isnull=False),
                                   name="imports_importrun_imported_has_time"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.file_name}"

    def get_absolute_url(self):
        return reverse("imports:run", args=[self.pk])

    @property
    def can_confirm(self):
        return self.status == self.Status.PREVIEWED and (self.new or self.changed)
