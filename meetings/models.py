"""Meetings held by a group and who attended them."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Meeting(models.Model):
    class Type(models.TextChoices):
        ROUTINE = "routine", _("Routine monthly meeting")
        THEMATIC = "thematic", _("Thematic discussion")
        TRAINING = "training", _("Training")
        CO_TRAINING = "co_training", _("CO training")
        NETWORK = "network", _("Network (JarPuk) meeting")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        VERIFIED = "verified", _("Verified")

    group = models.ForeignKey("groups.Group", verbose_name=_("group"), on_delete=models.PROTECT,
                              related_name="meetings")
    date = models.DateField(_("date"))
    type = models.CharField(_("type"), max_length=12, choices=Type.choices, default=Type.ROUTINE)
    theme = models.CharField(_("theme"), max_length=160, blank=True)
    place = models.CharField(_("place"), max_length=160, blank=True)
    officer_attended = models.BooleanField(_("field officer attended"), default=True)
    topics = models.TextField(_("topics"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["group", "date", "type"], name="meetings_meeting_unique_per_day"),
        ]

    def __str__(self):
        return f"{self.group} {self.date} {self.get_type_display()}"


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        EXCUSED = "excused", _("Excused")
        ABSENT = "absent", _("Absent")
        REPRESENTED = "represented", _("Represented")

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT,
                                related_name="attendance")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="attendance")
    status = models.CharField(_("attendance"), max_length=12, choices=Status.choices)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="meetings_attendance_unique"),
        ]

    def __str__(self):
        return f"{self.member}: {self.get_status_display()}"
