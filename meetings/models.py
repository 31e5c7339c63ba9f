"""Meetings held by a group, who attended them, and the draft of the monthly meeting sheet.

Design overview
---------------
* A :class:`Meeting` moves draft → submitted → verified. While it is a draft the field officer
  fills the sheet as the meeting goes; each member's line is a :class:`SheetRow` (what she
  paid, withdrew, covered or received), saved as she goes so reopening the page shows it.
* Sheet rows hold *entered* amounts, not money: nothing in a draft moves a balance. Money moves
  only when the sheet is submitted, through the savings and loans services, and is then
  append-only in those apps. A verified meeting is locked: corrections are reversals there.
* ``submission_id`` makes submission idempotent: the phone makes a UUID when she presses
  "Kirim" and sends it with the sheet however many times the network makes it resend (double
  click, a queue replayed after the signal returns, two tabs). The first submission posts and
  keeps the id, a named unique constraint holds one meeting per id, and a repeat of the id is
  answered with the meeting already posted. A different id for a meeting already submitted (a
  second phone) is refused: the meeting posts once.
"""
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


def new_token():
    """Return a random token (migration 0002 made ``submit_token`` with it; ``submission_id`` replaced it)."""
    return secrets.token_hex(16)


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

    CAPACITY_BUILDING = (Type.THEMATIC, Type.TRAINING, Type.CO_TRAINING, Type.NETWORK)

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
    participants = models.ManyToManyField("members.Member", verbose_name=_("participants"), blank=True,
                                          related_name="events_attended")
    cash_counted = models.BigIntegerField(_("cash counted"), null=True, blank=True)
    cash_difference_note = models.CharField(_("explanation of the cash difference"), max_length=255,
                                            blank=True)
    submission_id = models.UUIDField(_("submission id"), null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("verified by"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["group", "date", "type"], name="meetings_meeting_unique_per_day"),
            models.CheckConstraint(condition=Q(cash_counted__isnull=True) | Q(cash_counted__gte=0),
                                   name="meetings_meeting_cash_nonnegative"),
            # One meeting per submission id: the id the phone made when she pressed "Kirim".
            models.UniqueConstraint(fields=["submission_id"], name="meetings_meeting_submission_id_unique"),
        ]

    def __str__(self):
        # Shown in choices and on the loan page: the date as the reader writes it (13 Mei 2024), not ISO.
        return f"{self.group} · {date_format(self.date)} · {self.get_type_display()}"

    def get_absolute_url(self):
        return reverse("meetings:detail", args=[self.pk])

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    @property
    def has_sheet(self):
        """Only the routine monthly meeting handles money; the others record participants."""
        return self.type == self.Type.ROUTINE


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


class SheetRow(models.Model):
    """One member's line on the meeting sheet as entered (a draft until the sheet is submitted)."""

    AMOUNT_FIELDS = ("pokok", "wajib", "sukarela_in", "sukarela_out", "instalment", "cover_amount", "disbursed")

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT,
                                related_name="sheet_rows")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="sheet_rows")
    attendance = models.CharField(_("attendance"), max_length=12, choices=Attendance.Status.choices,
                                  blank=True)
    pokok = models.BigIntegerField(_("simpanan pokok"), default=0)
    wajib = models.BigIntegerField(_("simpanan wajib"), default=0)
    sukarela_in = models.BigIntegerField(_("sukarela deposit"), default=0)
    sukarela_out = models.BigIntegerField(_("sukarela withdrawal"), default=0)
    instalment = models.BigIntegerField(_("instalment paid"), default=0)
    cover_amount = models.BigIntegerField(_("cover (tanggung renteng)"), default=0)
    cover_for = models.ForeignKey("members.Member", verbose_name=_("covers for"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    disbursed = models.BigIntegerField(_("loan disbursed"), default=0)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("sheet row")
        verbose_name_plural = _("sheet rows")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="meetings_sheetrow_unique"),
            models.CheckConstraint(
                condition=Q(pokok__gte=0) & Q(wajib__gte=0) & Q(sukarela_in__gte=0) & Q(sukarela_out__gte=0)
                & Q(instalment__gte=0) & Q(cover_amount__gte=0) & Q(disbursed__gte=0),
                name="meetings_sheetrow_amounts_nonnegative"),
            models.CheckConstraint(condition=Q(cover_amount=0) | Q(cover_for__isnull=False),
                                   name="meetings_sheetrow_cover_names_member"),
            models.CheckConstraint(condition=~Q(cover_for=models.F("member")),
                                   name="meetings_sheetrow_no_self_cover"),
        ]

    def __str__(self):
        return f"{self.meeting}: {self.member}"
