"""A job: long work (a batch of PDFs, an import) done by a worker while the person watches its page.

The app sits low in the layers (above groups, below every app that enqueues): it knows kinds only
by their key in ``jobs.registry``, never the reports or imports that register them.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

ACTIVE = ("pending", "running")


class Job(models.Model):
    """Who asked for what (kind, scope, parameters), how far it is, and its file or its error."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a worker")
        RUNNING = "running", _("Running")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=60)
    # What makes two requests the same job: the kind's own key of its parameters (group, period, paper).
    scope_key = models.CharField(_("scope key"), max_length=200)
    params = models.JSONField(_("parameters"), default=dict)
    # The scope: a group (visible to whoever sees the group), a district (managers), or neither (managers).
    group = models.ForeignKey("groups.Group", verbose_name=_("group"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("groups.Region", verbose_name=_("district"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("asked by"),
                                     on_delete=models.PROTECT, related_name="+")
    language = models.CharField(_("language"), max_length=10, default="id")
    title = models.CharField(_("title"), max_length=200)
    upload = models.BinaryField(_("uploaded file"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    percent = models.PositiveSmallIntegerField(_("percent done"), default=0)
    step = models.CharField(_("step"), max_length=200, blank=True)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last progress at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    result = models.BinaryField(_("file"), null=True, blank=True)
    result_name = models.CharField(_("file name"), max_length=200, blank=True)
    result_type = models.CharField(_("file type"), max_length=100, blank=True)
    result_size = models.PositiveIntegerField(_("file size"), default=0)
    result_url = models.CharField(_("result page"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at", "-id"]
        constraints = [
            # The same job asked twice while it waits or runs is one job.
            models.UniqueConstraint(fields=["kind", "scope_key"], condition=Q(status__in=ACTIVE),
                                    name="jobs_job_one_active_per_scope"),
            models.CheckConstraint(condition=Q(percent__lte=100), name="jobs_job_percent_range"),
            models.CheckConstraint(condition=Q(status__in=ACTIVE) | Q(finished_at__isnull=False),
                                   name="jobs_job_finished_has_time"),
            models.CheckConstraint(condition=~Q(status="failed") | ~Q(error=""), name="jobs_job_failed_has_error"),
        ]
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="jobs_job_by_user")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("jobs:detail", args=[self.pk])

    @property
    def is_active(self):
        return self.status in ACTIVE
