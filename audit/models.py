"""The audit trail: who changed what, when. Append-only like the ledger."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.db import AppendOnlyModel


class AuditEvent(AppendOnlyModel):
    """One recorded change, written by a service function in the same transaction."""

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="audit_events"
    )
    action = models.CharField(_("action"), max_length=60, db_index=True)
    group = models.ForeignKey(
        "groups.Group", verbose_name=_("group"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="audit_events",
    )
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object id"), max_length=40)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]
        # The newest event of a group is the version of its cached figures (core.cache.group_versions).
        indexes = [models.Index(fields=["group", "id"], name="audit_group_newest_idx")]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_type}#{self.object_id}"


class GroupVersion(models.Model):
    """The newest audit event of one group: the version of its cached figures (``core.cache``).

    Written by ``audit.services`` in the same transaction as the event, so a scope's versions are
    one primary-key lookup per group instead of a walk down the audit trail's index.
    """

    group = models.OneToOneField("groups.Group", verbose_name=_("group"), primary_key=True,
                                 on_delete=models.CASCADE, related_name="+")
    event_id = models.BigIntegerField(_("newest audit event"))

    class Meta:
        verbose_name = _("group version")
        verbose_name_plural = _("group versions")

    def __str__(self):
        return f"{self.group_id}: {self.event_id}"
