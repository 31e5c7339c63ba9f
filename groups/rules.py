"""The group's own rules (AD/ART), versioned by the date they take effect.

A rules row is never edited: a change is a new version from a chosen date, so what was
due, charged or allowed in the past is always read from the version in force then.
"""
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.db import AppendOnlyError, AppendOnlyQuerySet

ZERO = Decimal("0")


class InterestMethod(models.TextChoices):
    FLAT = "flat", _("Flat (bunga flat)")
    DECLINING = "declining", _("Declining balance (bunga menurun)")
    ANNUITY = "annuity", _("Annuity (anuitas)")


class AllocationOrder(models.TextChoices):
    # Fineract "mifos-standard-strategy": within each instalment, oldest first.
    PENALTY_INTEREST_PRINCIPAL = "penalty_interest_principal", _(
        "Per instalment, oldest first: penalty → interest → principal"
    )
    INTEREST_FIRST = "interest_first", _("All penalties, then all interest, then principal (oldest first)")
    PRINCIPAL_INTEREST_PENALTY = "principal_interest_penalty", _(
        "Per instalment, oldest first: principal → interest → penalty"
    )


class DueAt(models.TextChoices):
    MEETING = "meeting", _("At the group's monthly meetings (its calendar)")
    MONTHLY = "monthly", _("Monthly to the day from the disbursement")


class ShuModalBasis(models.TextChoices):
    POKOK_WAJIB = "pokok_wajib", _("Simpanan pokok + wajib at the year end")
    ALL_SAVINGS = "all_savings", _("All her savings at the year end (sukarela too)")


class ShuBusinessBasis(models.TextChoices):
    INTEREST_PAID = "interest_paid", _("Loan interest she paid in the year")
    PRINCIPAL_DISBURSED = "principal_disbursed", _("Loan principal disbursed to her in the year")


class ShuPaidAs(models.TextChoices):
    SUKARELA = "sukarela", _("Credited to her simpanan sukarela")
    PAYABLE = "payable", _("Held for her as SHU payable (paid out in cash later)")


class GroupRulesQuerySet(AppendOnlyQuerySet):
    def in_force(self, on):
        return self.filter(effective_from__lte=on).order_by("-effective_from")


class GroupRules(models.Model):
    """One version of a group's savings and loan rules, in force from ``effective_from``."""

    class InterestSchedule(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        YEARLY = "yearly", _("Yearly")

    class InterestBasis(models.TextChoices):
        MINIMUM = "minimum", _("Minimum monthly balance")
        AVERAGE = "average", _("Average monthly balance")

    class FeeType(models.TextChoices):
        PERCENT = "percent", _("Percent of principal")
        FIXED = "fixed", _("Fixed amount")

    class PenaltyType(models.TextChoices):
        NONE = "none", _("No penalty")
        FIXED = "fixed", _("Fixed amount per overdue instalment")
        PERCENT = "percent", _("Percent of the overdue instalment")

    class Rounding(models.IntegerChoices):
        ONE = 1, "1"
        HUNDRED = 100, "100"
        FIVE_HUNDRED = 500, "500"
        THOUSAND = 1000, "1.000"

    group = models.ForeignKey("groups.Group", verbose_name=_("group"), on_delete=models.PROTECT, related_name="rules")
    effective_from = models.DateField(_("in force from"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    decision_note = models.CharField(_("decision (meeting, minutes)"), max_length=255, blank=True)

    # Savings
    pokok_amount = models.BigIntegerField(_("simpanan pokok (once)"), validators=[MinValueValidator(0)])
    wajib_amount = models.BigIntegerField(_("simpanan wajib per month"), validators=[MinValueValidator(0)])
    sukarela_interest_rate = models.DecimalField(
        _("sukarela interest, % per month"), max_digits=6, decimal_places=3, default=ZERO,
        validators=[MinValueValidator(ZERO), MaxValueValidator(Decimal("10"))],
    )
    sukarela_interest_schedule = models.CharField(
        _("sukarela interest credited"), max_length=8, choices=InterestSchedule.choices,
        default=InterestSchedule.MONTHLY,
    )
    sukarela_interest_basis = models.CharField(
        _("sukarela interest on"), max_length=8, choices=InterestBasis.choices, default=InterestBasis.MINIMUM
    )

    # Loans
    loan_interest_method = models.CharField(
        _("interest method"), max_length=10, choices=InterestMethod.choices, default=InterestMethod.FLAT
    )
    loan_interest_rate = models.DecimalField(
        _("loan interest, % per month"), max_digits=6, decimal_places=3, default=Decimal("1.5"),
        validators=[MinValueValidator(ZERO), MaxValueValidator(Decimal("10"))],
    )
    loan_terms = models.CharField(
        _("allowed terms (months)"), max_length=60, default="3,6,10,12",
        help_text=_("Comma-separated numbers of months, e.g. 3,6,10,12"),
    )
    loan_max_amount = models.BigIntegerField(
        _("loan ceiling"), default=5_000_000, validators=[MinValueValidator(0)]
    )
    loan_max_savings_multiple = models.DecimalField(
        _("ceiling as a multiple of savings"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(ZERO)], help_text=_("Empty: no limit by savings."),
    )
    loan_min_membership_months = models.PositiveSmallIntegerField(_("minimum months of membership"), default=3)
    loan_min_attendance_rate = models.DecimalField(
        _("minimum attendance, %"), max_digits=5, decimal_places=2, default=Decimal("75"),
        validators=[MinValueValidator(ZERO), MaxValueValidator(Decimal("100"))],
    )
    loan_attendance_window = models.PositiveSmallIntegerField(
        _("over the last N meetings"), default=6, validators=[MinValueValidator(1)]
    )
    loan_require_wajib_current = models.BooleanField(_("simpanan wajib must be up to date"), default=True)
    loan_require_no_arrears = models.BooleanField(_("no arrears on another loan"), default=True)
    loan_max_concurrent = models.PositiveSmallIntegerField(
        _("loans at once"), default=1, validators=[MinValueValidator(1)]
    )
    loan_admin_fee_type = models.CharField(
        _("admin fee type"), max_length=8, choices=FeeType.choices, default=FeeType.PERCENT
    )
    loan_admin_fee_value = models.DecimalField(
        _("admin fee (percent or Rupiah)"), max_digits=12, decimal_places=2, default=Decimal("1"),
        validators=[MinValueValidator(ZERO)],
    )
    loan_admin_fee_deducted = models.BooleanField(
        _("admin fee deducted from the disbursement"), default=True,
        help_text=_("Otherwise the member pays it in cash at disbursement."),
    )
    loan_penalty_type = models.CharField(
        _("late penalty"), max_length=8, choices=PenaltyType.choices, default=PenaltyType.NONE
    )
    loan_penalty_value = models.DecimalField(
        _("penalty (percent or Rupiah)"), max_digits=12, decimal_places=2, default=ZERO,
        validators=[MinValueValidator(ZERO)],
    )
    loan_penalty_grace_days = models.PositiveSmallIntegerField(_("penalty grace days"), default=7)
    loan_rounding = models.PositiveIntegerField(
        _("rounding multiple"), choices=Rounding.choices, default=Rounding.HUNDRED
    )
    loan_due_at = models.CharField(
        _("instalments fall due"), max_length=8, choices=DueAt.choices, default=DueAt.MEETING,
        help_text=_("Members pay at the meeting: each instalment falls due on a meeting day of the group's calendar."),
    )
    loan_first_due_min_days = models.PositiveSmallIntegerField(
        _("days from disbursement to the first instalment, at least"), default=14,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("The first instalment falls due at the first meeting at least this many days after the "
                    "disbursement; then one at each monthly meeting."),
    )
    loan_dues_follow_meeting = models.BooleanField(
        _("unpaid instalments follow a meeting moved to another day"), default=False,
        help_text=_("When the meeting of a month is held on another day than its calendar day, the unpaid "
                    "instalments due on that day fall due on the day of the meeting instead. Paid ones never move."),
    )
    loan_allocation_order = models.CharField(
        _("repayment allocation"), max_length=30, choices=AllocationOrder.choices,
        default=AllocationOrder.PENALTY_INTEREST_PRINCIPAL,
    )
    loan_manager_approval_above = models.BigIntegerField(
        _("manager must also approve above"), null=True, blank=True, validators=[MinValueValidator(0)],
        help_text=_("Empty: the group's decision is enough."),
    )
    loan_joint_liability = models.BooleanField(_("joint liability (tanggung renteng)"), default=True)

    # Year-end surplus (SHU) split, percent of the surplus; must sum to 100.
    shu_jasa_anggota_pct = models.DecimalField(_("SHU: jasa anggota (by loans) %"), max_digits=5,
                                               decimal_places=2, default=Decimal("25"))
    shu_jasa_modal_pct = models.DecimalField(_("SHU: jasa modal (by savings) %"), max_digits=5,
                                             decimal_places=2, default=Decimal("20"))
    shu_reserve_pct = models.DecimalField(_("SHU: reserves %"), max_digits=5, decimal_places=2,
                                          default=Decimal("40"))
    shu_other_funds_pct = models.DecimalField(_("SHU: other funds %"), max_digits=5, decimal_places=2,
                                              default=Decimal("15"))
    # How the members' pools are shared (AD/ART settings, UU 25/1992 Pasal 45).
    shu_jasa_modal_basis = models.CharField(_("SHU: jasa modal by"), max_length=12, choices=ShuModalBasis.choices,
                                            default=ShuModalBasis.POKOK_WAJIB)
    shu_jasa_anggota_basis = models.CharField(_("SHU: jasa anggota by"), max_length=20,
                                              choices=ShuBusinessBasis.choices,
                                              default=ShuBusinessBasis.INTEREST_PAID)
    shu_leavers_share = models.BooleanField(
        _("SHU: members who left during the year share"), default=False,
        help_text=_("Her savings on the day before she left and her business until then count; her share is "
                    "held as payable."))
    shu_paid_as = models.CharField(_("SHU: members' shares are"), max_length=10, choices=ShuPaidAs.choices,
                                   default=ShuPaidAs.SUKARELA)

    objects = GroupRulesQuerySet.as_manager()

    class Meta:
        verbose_name = _("group rules")
        verbose_name_plural = _("group rules")
        ordering = ["group", "-effective_from"]
        get_latest_by = "effective_from"
        constraints = [
            models.UniqueConstraint(fields=["group", "effective_from"], name="groups_rules_one_version_per_day"),
            models.CheckConstraint(condition=Q(pokok_amount__gte=0) & Q(wajib_amount__gte=0),
                                   name="groups_rules_savings_amounts_nonnegative"),
            models.CheckConstraint(condition=Q(loan_max_amount__gte=0), name="groups_rules_ceiling_nonnegative"),
            models.CheckConstraint(condition=Q(loan_interest_rate__gte=0) & Q(sukarela_interest_rate__gte=0),
                                   name="groups_rules_rates_nonnegative"),
            models.CheckConstraint(condition=Q(loan_rounding__in=[1, 100, 500, 1000]),
                                   name="groups_rules_rounding_allowed"),
            models.CheckConstraint(condition=Q(loan_max_concurrent__gte=1), name="groups_rules_concurrent_min_one"),
            models.CheckConstraint(condition=Q(loan_first_due_min_days__gte=1) & Q(loan_first_due_min_days__lte=60),
                                   name="groups_rules_first_due_days_range"),
            models.CheckConstraint(condition=Q(loan_due_at__in=DueAt.values), name="groups_rules_due_at_known"),
            models.CheckConstraint(condition=Q(shu_jasa_modal_basis__in=ShuModalBasis.values)
                                   & Q(shu_jasa_anggota_basis__in=ShuBusinessBasis.values)
                                   & Q(shu_paid_as__in=ShuPaidAs.values),
                                   name="groups_rules_shu_settings_known"),
        ]

    def __str__(self):
        return f"{self.group} — {self.effective_from:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError()
        super().save(*args, **kwargs)

    @property
    def allowed_terms(self):
        """Return the allowed terms as a sorted list of ints."""
        parts = self.loan_terms.replace(" ", "").split(",")
        return sorted({int(t) for t in parts if t.isascii() and t.isdigit() and 0 < int(t) <= 600})

    @property
    def shu_total_pct(self):
        return (self.shu_jasa_anggota_pct + self.shu_jasa_modal_pct + self.shu_reserve_pct
                + self.shu_other_funds_pct)

    def copy_fields(self):
        """Return the rule values (not identity) as a dict, to start a new version from."""
        skip = {"id", "group", "effective_from", "created_at", "created_by", "decision_note"}
        return {f.name: getattr(self, f.name) for f in self._meta.concrete_fields if f.name not in skip}
