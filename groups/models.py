"""Regions, KPUK groups, their officers, field-officer assignments and versioned rules."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.dates import today

from .legal_forms import LegalFormChange  # noqa: F401  (the form's history lives in its own module)
from .regimes import LegalForm
from .rules import GroupRules  # noqa: F401  (the rules model lives in its own module)


class Region(models.Model):
    """A place in the hierarchy kota/kabupaten → kecamatan → nagari/kelurahan."""

    class Level(models.TextChoices):
        DISTRICT = "district", _("City / regency")
        SUBDISTRICT = "subdistrict", _("Subdistrict (kecamatan)")
        VILLAGE = "village", _("Nagari / kelurahan")

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("part of"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self):
        return self.name


class GroupQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Group.Status.ACTIVE)


class Group(models.Model):
    """A KPUK: a small-business women's group that runs its own LKP."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        DORMANT = "dormant", _("Dormant")
        DISSOLVED = "dissolved", _("Dissolved")

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    class WeekOfMonth(models.IntegerChoices):
        FIRST = 1, _("first")
        SECOND = 2, _("second")
        THIRD = 3, _("third")
        FOURTH = 4, _("fourth")

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=120)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="groups")
    village = models.CharField(_("nagari / kelurahan"), max_length=120, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    founded_on = models.DateField(_("group founded on"), null=True, blank=True)
    lkp_founded_on = models.DateField(_("LKP founded on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    meeting_week = models.PositiveSmallIntegerField(
        _("meeting week of the month"), choices=WeekOfMonth.choices, default=WeekOfMonth.SECOND
    )
    meeting_weekday = models.PositiveSmallIntegerField(
        _("meeting day"), choices=Weekday.choices, default=Weekday.TUESDAY
    )
    meeting_place = models.CharField(_("meeting place"), max_length=160, blank=True)
    legal_form = models.CharField(
        _("legal form"), max_length=10, choices=LegalForm.choices, default=LegalForm.INFORMAL,
        help_text=_("Decides the loan-quality regime, reserves and interest caps that apply (regulation.md)."))
    # Kept by books.services.period_close/period_reopen beside the ClosedPeriod rows (a test holds the
    # two equal) so that apps below books (members) refuse a date in a closed year with one read.
    books_closed_through = models.DateField(_("books closed up to"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = GroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(meeting_week__gte=1) & Q(meeting_week__lte=4), name="groups_group_meeting_week_range"
            ),
            models.CheckConstraint(
                condition=Q(meeting_weekday__gte=0) & Q(meeting_weekday__lte=6), name="groups_group_weekday_range"
            ),
        ]

    def __str__(self):
        return f"KPUK {self.name}"

    def get_absolute_url(self):
        return reverse("groups:detail", args=[self.pk])

    @property
    def meeting_schedule_display(self):
        return _("%(week)s %(day)s of the month") % {
            "week": self.get_meeting_week_display(),
            "day": self.get_meeting_weekday_display(),
        }


class GroupOfficer(models.Model):
    """A group officer (ketua, sekretaris, bendahara, CO) for a date range."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair (ketua)")
        SECRETARY = "secretary", _("Secretary (sekretaris)")
        TREASURER = "treasurer", _("Treasurer (bendahara)")
        COMMUNITY_ORGANIZER = "co", _("Community organizer")

    group = models.ForeignKey(Group, verbose_name=_("group"), on_delete=models.PROTECT, related_name="officers")
    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="offices"
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("group officer")
        verbose_name_plural = _("group officers")
        ordering = ["role", "-start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                                   name="groups_officer_end_after_start"),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.member}"


class AssignmentQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or today()
        return self.filter(start__lte=on).filter(Q(end__isnull=True) | Q(end__gte=on))


class FieldOfficerAssignment(models.Model):
    """A field officer (pendamping) accompanies a group over a date range."""

    group = models.ForeignKey(Group, verbose_name=_("group"), on_delete=models.PROTECT, related_name="assignments")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("field officer"), on_delete=models.PROTECT,
        related_name="assignments",
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("field officer assignment")
        verbose_name_plural = _("field officer assignments")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                                   name="groups_assignment_end_after_start"),
            models.UniqueConstraint(fields=["group", "officer", "start"], name="groups_assignment_unique_start"),
        ]

    def __str__(self):
        return f"{self.officer} → {self.group}"
