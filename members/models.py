"""Members (anggota) and their membership history.

There are deliberately no fields for family card, collateral, business permit, husband or
husband's permission: the LKP does not ask for them.
"""
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class MemberQuerySet(models.QuerySet):
    def active_on(self, day):
        return self.filter(joined_on__lte=day).filter(Q(exited_on__isnull=True) | Q(exited_on__gt=day))

    def active(self):
        return self.filter(exited_on__isnull=True)


class Member(models.Model):
    class Business(models.TextChoices):
        RAKIK_MACO = "rakik_maco", _("Rakik maco (fish crackers)")
        CASSAVA = "cassava", _("Cassava products")
        CAKES = "cakes", _("Cakes and snacks")
        CHICKENS = "chickens", _("Free-range chickens")
        YARD_GARDEN = "yard_garden", _("Yard garden")
        WARUNG = "warung", _("Small shop (warung)")
        TAILORING = "tailoring", _("Tailoring")
        TRADING = "trading", _("Market trading")
        OTHER = "other", _("Other")

    code = models.CharField(_("member code"), max_length=20, unique=True)
    group = models.ForeignKey("groups.Group", verbose_name=_("group"), on_delete=models.PROTECT,
                              related_name="members")
    full_name = models.CharField(_("full name"), max_length=120)
    nickname = models.CharField(_("nickname (panggilan)"), max_length=40, blank=True)
    nik = models.CharField(
        _("NIK"), max_length=16, blank=True,
        validators=[RegexValidator(r"^\d{16}$", _("An NIK has exactly 16 digits."), code="invalid_nik")],
        help_text=_("Optional."),
    )
    phone = models.CharField(
        _("phone"), max_length=20, blank=True,
        validators=[RegexValidator(r"^\+?[0-9 \-]{6,20}$", _("Enter a phone number, e.g. 0812 3456 7890."))],
    )
    contact_consent = models.BooleanField(_("agrees to be contacted by phone"), default=False)
    address = models.CharField(_("address"), max_length=255, blank=True)
    village = models.CharField(_("nagari / kelurahan"), max_length=120, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    business_type = models.CharField(_("business"), max_length=20, choices=Business.choices,
                                     default=Business.OTHER)
    business_description = models.CharField(_("business description"), max_length=255, blank=True)
    joined_on = models.DateField(_("joined on"))
    exited_on = models.DateField(_("exited on"), null=True, blank=True)
    travel_minutes = models.PositiveSmallIntegerField(
        _("travel time to the meeting (minutes)"), null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(600)],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["full_name"]
        constraints = [
            models.CheckConstraint(condition=Q(exited_on__isnull=True) | Q(exited_on__gte=models.F("joined_on")),
                                   name="members_member_exit_after_join"),
            models.UniqueConstraint(fields=["nik"], condition=~Q(nik=""), name="members_member_unique_nik"),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("members:detail", args=[self.pk])

    @property
    def is_active(self):
        return self.exited_on is None

    @property
    def display_name(self):
        return f"{self.full_name} ({self.nickname})" if self.nickname else self.full_name


class Membership(models.Model):
    """One stay of a member in a group; a move between groups closes one and opens the next."""

    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="memberships")
    group = models.ForeignKey("groups.Group", verbose_name=_("group"), on_delete=models.PROTECT,
                              related_name="memberships")
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["-joined_on"]
        constraints = [
            models.CheckConstraint(condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                                   name="members_membership_left_after_joined"),
            models.UniqueConstraint(fields=["member"], condition=Q(left_on__isnull=True),
                                    name="members_membership_one_open"),
        ]

    def __str__(self):
        return f"{self.member} @ {self.group}"
