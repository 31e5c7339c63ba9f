"""Loans without collateral: application, decision, schedule, repayments, covers.

Design overview
---------------
* :class:`Loan` is the application and its lifecycle state (applied → decided → approved →
  disbursed → closed / written off). It holds no balances: what is owed is always derived from
  the schedule rows and the posted payment rows, as of any date.
* :class:`ScheduleVersion` and :class:`Instalment` are written once. Rescheduling adds a new
  version of the remaining principal; the old version stays (superseded = a later version
  exists), so history is never rewritten.
  The one exception: an unpaid instalment's due date follows a meeting moved to another day when
  the group's rules say so, recorded by an :class:`InstalmentMove` row (the database allows
  nothing else).
* :class:`Repayment` is every payment to the loan: by the member herself or a cover under joint
  liability (tanggung renteng, ``kind=cover``, by the group fund or a named member). Each is
  split into :class:`Allocation` rows per instalment and component. Covers are their own kind so
  reports can show repayment before and after cover. A correction is a
  :class:`RepaymentReversal`.
* :class:`CoverPayback` records the borrower paying back whoever covered her.
* :class:`WriteOff` and :class:`Recovery` close a loan that cannot be collected, and record money
  received on it later.
Money rows are append-only (model, queryset and database triggers).
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.db import AppendOnlyModel
from groups.rules import InterestMethod


class LoanStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    REJECTED = "rejected", _("Rejected by the group")
    AWAITING_MANAGER = "awaiting_manager", _("Awaiting manager approval")
    APPROVED = "approved", _("Approved, not yet disbursed")
    ACTIVE = "active", _("Disbursed")
    CLOSED = "closed", _("Paid off")
    WRITTEN_OFF = "written_off", _("Written off")


class Loan(models.Model):
    """One loan from application to closing. State only; amounts owed derive from rows."""

    group = models.ForeignKey("groups.Group", verbose_name=_("group"), on_delete=models.PROTECT,
                              related_name="loans")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="loans")
    amount = models.BigIntegerField(_("amount"))
    term = models.PositiveSmallIntegerField(_("term (months)"))
    purpose = models.CharField(_("purpose"), max_length=255)
    business = models.CharField(_("business it serves"), max_length=255)
    applied_on = models.DateField(_("applied on"))
    status = models.CharField(_("status"), max_length=20, choices=LoanStatus.choices, default=LoanStatus.APPLIED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    # The group's decision
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_meeting = models.ForeignKey("meetings.Meeting", verbose_name=_("meeting"), null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="loan_decisions")
    agreed_by = models.CharField(_("who agreed"), max_length=255, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decision recorded by"), null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="+")

    # Manager approval (maker-checker) when the rules ask for it
    manager_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by manager"),
                                            null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    manager_approved_at = models.DateTimeField(_("manager approved at"), null=True, blank=True)

    # Terms fixed at disbursement from the rules version in force that day
    disbursed_on = models.DateField(_("disbursed on"), null=True, blank=True)
    rules = models.ForeignKey("groups.GroupRules", verbose_name=_("rules applied"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    method = models.CharField(_("interest method"), max_length=10, choices=InterestMethod.choices, blank=True)
    rate = models.DecimalField(_("interest, % per month"), max_digits=6, decimal_places=3, null=True, blank=True)
    admin_fee = models.BigIntegerField(_("admin fee"), default=0)
    disbursement_entry = models.OneToOneField("books.JournalEntry", null=True, blank=True, on_delete=models.PROTECT,
                                              related_name="+")
    rescheduled = models.BooleanField(_("rescheduled"), default=False)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("loan")
        verbose_name_plural = _("loans")
        ordering = ["-applied_on", "-id"]
        indexes = [models.Index(fields=["group", "status"], name="loans_loan_group_status")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="loans_loan_amount_positive"),
            models.CheckConstraint(condition=Q(term__gt=0), name="loans_loan_term_positive"),
            models.CheckConstraint(condition=Q(admin_fee__gte=0), name="loans_loan_fee_nonnegative"),
            models.CheckConstraint(
                condition=Q(disbursed_on__isnull=True) | Q(disbursement_entry__isnull=False),
                name="loans_loan_disbursed_has_entry",
            ),
        ]

    def __str__(self):
        return _("Loan #%(id)s %(member)s") % {"id": self.pk, "member": self.member}

    def get_absolute_url(self):
        return reverse("loans:detail", args=[self.pk])

    @property
    def is_open(self):
        return self.status == LoanStatus.ACTIVE


class ScheduleVersion(AppendOnlyModel):
    """One schedule of a loan; a higher ``version`` supersedes the lower ones from its ``start``."""

    loan = models.ForeignKey(Loan, verbose_name=_("loan"), on_delete=models.PROTECT, related_name="schedules")
    version = models.PositiveSmallIntegerField(_("version"))
    start = models.DateField(_("from"))
    principal = models.BigIntegerField(_("principal"))
    term = models.PositiveSmallIntegerField(_("term (months)"))
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("schedule")
        verbose_name_plural = _("schedules")
        ordering = ["loan", "version"]
        constraints = [
            models.UniqueConstraint(fields=["loan", "version"], name="loans_schedule_unique_version"),
            models.CheckConstraint(condition=Q(principal__gt=0), name="loans_schedule_principal_positive"),
        ]


class Instalment(AppendOnlyModel):
    schedule = models.ForeignKey(ScheduleVersion, verbose_name=_("schedule"), on_delete=models.PROTECT,
                                 related_name="instalments")
    loan = models.ForeignKey(Loan, verbose_name=_("loan"), on_delete=models.PROTECT, related_name="instalments")
    number = models.PositiveSmallIntegerField(_("number"))
    due_date = models.DateField(_("due date"), db_index=True)
    principal = models.BigIntegerField(_("principal"))
    interest = models.BigIntegerField(_("interest"))

    class Meta:
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        ordering = ["schedule", "number"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "number"], name="loans_instalment_unique_number"),
            models.CheckConstraint(condition=Q(principal__gte=0) & Q(interest__gte=0),
                                   name="loans_instalment_amounts_nonnegative"),
        ]

    @property
    def total(self):
        return self.principal + self.interest


class InstalmentMove(AppendOnlyModel):
    """An unpaid instalment that followed its meeting to another day (``GroupRules.loan_dues_follow_meeting``).

    The instalment's ``due_date`` is then ``to_date``: the database lets an instalment's due date
    change only when its latest move row says from what to what (``loans/migrations/0005``), and
    nothing else of an instalment ever changes. The rows keep every date it was due on.
    """

    instalment = models.ForeignKey(Instalment, verbose_name=_("instalment"), on_delete=models.PROTECT,
                                   related_name="moves")
    loan = models.ForeignKey(Loan, verbose_name=_("loan"), on_delete=models.PROTECT, related_name="instalment_moves")
    meeting = models.ForeignKey("meetings.Meeting", verbose_name=_("meeting"), on_delete=models.PROTECT,
                                related_name="instalment_moves")
    from_date = models.DateField(_("was due on"))
    to_date = models.DateField(_("now due on"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("instalment moved with its meeting")
        verbose_name_plural = _("instalments moved with their meetings")
        ordering = ["instalment", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(from_date=models.F("to_date")),
                                   name="loans_instalmentmove_changes_day"),
        ]


class PenaltyCharge(AppendOnlyModel):
    """A late penalty charged on one instalment: a due component, income only when paid (cash basis)."""

    instalment = models.OneToOneField(Instalment, verbose_name=_("instalment"), on_delete=models.PROTECT,
                                      related_name="penalty")
    loan = models.ForeignKey(Loan, verbose_name=_("loan"), on_delete=models.PROTECT, related_name="penalties")
    amount = models.BigIntegerField(_("amount"))
    charged_on = models.DateField(_("charged on"))

    class Meta:
        verbose_name = _("penalty")
        verbose_name_plural = _("penalties")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="loans_penaltycharge_amount_positive")]


class Repayment(AppendOnlyModel):
    """Money received on a loan: from the member, or a cover by the group fund or a named member."""

    class Kind(models.TextChoices):
        MEMBER = "member", _("Member's own payment")
        COVER = "cover", _("Joint liability cover")

    loan = models.ForeignKey(Loan, verbose_name=_("loan"), on_delete=models.PROTECT, related_name="repayments")
    group = models.ForeignKey("groups.Group", verbose_name=_("group"), on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey("members.Member", verbose_name=_("borrower"), on_delete=models.PROTECT,
                               related_name="loan_repayments")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.MEMBER)
    coverer = models.ForeignKey("members.Member", verbose_name=_("covered by"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="covers_given",
                                help_text=_("Empty: the group fund."))
    amount = models.BigIntegerField(_("amount"))
    held_as_sukarela = models.BigIntegerField(_("overpayment held as sukarela"), default=0)
    value_date = models.DateField(_("date"), db_index=True)
    meeting = models.ForeignKey("meetings.Meeting", verbose_name=_("meeting"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="loan_repayments")
    entry = models.OneToOneField("books.JournalEntry", on_delete=models.PROTECT, related_name="+")
    idempotency_key = models.CharField(max_length=64, null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("repayment")
        verbose_name_plural = _("repayments")
        ordering = ["value_date", "id"]
        constraints = [
            # Posts once: a repeat of the form's key finds the first result (services catch the refusal).
            models.UniqueConstraint(fields=["idempotency_key"], name="loans_repayment_idempotency_key_unique"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="loans_repayment_amount_positive"),
            models.CheckConstraint(condition=Q(held_as_sukarela__gte=0), name="loans_repayment_held_nonnegative"),
            models.CheckConstraint(condition=Q(kind="cover") | Q(coverer__isnull=True),
                                   name="loans_repayment_coverer_only_on_cover"),
        ]

    def __str__(self):
        day = self.value_date.isoformat() if self.value_date else ""
        return f"{self.member} {day} {self.amount}"


class Allocation(AppendOnlyModel):
    class Component(models.TextChoices):
        PENALTY = "penalty", _("Penalty")
        INTEREST = "interest", _("Interest")
        PRINCIPAL = "principal", _("Principal")

    repayment = models.ForeignKey(Repayment, on_delete=models.PROTECT, related_name="allocations")
    instalment = models.ForeignKey(Instalment, on_delete=models.PROTECT, related_name="allocations")
    component = models.CharField(_("component"), max_length=10, choices=Component.choices)
    amount = models.BigIntegerField(_("amount"))

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="loans_allocation_amount_positive"),
            models.UniqueConstraint(fields=["repayment", "instalment", "component"],
                                    name="loans_allocation_unique_component"),
        ]


class RepaymentReversal(AppendOnlyModel):
    """Undo a repayment entered by mistake: its allocations stop counting from ``date``."""

    repayment = models.OneToOneField(Repayment, on_delete=models.PROTECT, related_name="reversal")
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=255)
    entry = models.OneToOneField("books.JournalEntry", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("repayment reversal")
        verbose_name_plural = _("repayment reversals")
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="loans_repaymentreversal_has_reason")]


class CoverPayback(AppendOnlyModel):
    """The borrower paying back a cover (to the group fund, or to the member who covered her)."""

    cover = models.ForeignKey(Repayment, verbose_name=_("cover"), on_delete=models.PROTECT, related_name="paybacks")
    amount = models.BigIntegerField(_("amount"))
    value_date = models.DateField(_("date"))
    meeting = models.ForeignKey("meetings.Meeting", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    entry = models.OneToOneField("books.JournalEntry", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cover payback")
        verbose_name_plural = _("cover paybacks")
        ordering = ["value_date", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="loans_coverpayback_amount_positive")]


class WriteOff(AppendOnlyModel):
    loan = models.OneToOneField(Loan, on_delete=models.PROTECT, related_name="write_off")
    date = models.DateField(_("date"))
    principal = models.BigIntegerField(_("principal written off"))
    reason = models.CharField(_("reason"), max_length=255)
    entry = models.OneToOneField("books.JournalEntry", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("write-off")
        verbose_name_plural = _("write-offs")
        constraints = [
            models.CheckConstraint(condition=Q(principal__gt=0), name="loans_writeoff_principal_positive"),
            models.CheckConstraint(condition=~Q(reason=""), name="loans_writeoff_has_reason"),
        ]


class Recovery(AppendOnlyModel):
    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="recoveries")
    amount = models.BigIntegerField(_("amount"))
    value_date = models.DateField(_("date"))
    entry = models.OneToOneField("books.JournalEntry", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("recovery")
        verbose_name_plural = _("recoveries")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="loans_recovery_amount_positive")]


class LoanProvision(models.Model):
    """One group's month-end loss reserve (PPAP): the allowance the loans' classes require at ``month``.

    ``required`` is the sum of its :class:`ProvisionLine` reserves; the entry posts the difference
    from the allowance already in the books (``allowance_before``): Dr provision expense / Cr
    allowance when more is needed, the other way when less. One standing provision per group and
    month (``loans_provision_one_per_group_month``); a reversal posts the linked reversal of its
    entry and marks it reversed (``loans.services.provisions``), after which the month may be run again.
    """

    group = models.ForeignKey("groups.Group", verbose_name=_("group"), on_delete=models.PROTECT,
                              related_name="loan_provisions")
    month = models.DateField(_("month end"))
    regime = models.CharField(_("regime"), max_length=40)
    required = models.BigIntegerField(_("allowance required"))
    allowance_before = models.BigIntegerField(_("allowance before"))
    amount = models.BigIntegerField(_("posted"), help_text=_("Positive: provision expense; negative: released."))
    entry = models.OneToOneField("books.JournalEntry", verbose_name=_("entry"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("posted by"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("posted at"), auto_now_add=True)
    reversed_at = models.DateTimeField(_("reversed at"), null=True, blank=True)
    reversed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reversed by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    reversal_reason = models.CharField(_("reason for the reversal"), max_length=255, blank=True)
    reversal_entry = models.OneToOneField("books.JournalEntry", verbose_name=_("reversal entry"), null=True,
                                          blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("loan-loss provision")
        verbose_name_plural = _("loan-loss provisions")
        ordering = ["group", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["group", "month"], condition=Q(reversed_at__isnull=True),
                                    name="loans_provision_one_per_group_month"),
            models.CheckConstraint(condition=Q(required__gte=0), name="loans_provision_required_nonnegative"),
            models.CheckConstraint(condition=Q(amount=models.F("required") - models.F("allowance_before")),
                                   name="loans_provision_amount_is_difference"),
            models.CheckConstraint(condition=Q(reversed_at__isnull=True) | ~Q(reversal_reason=""),
                                   name="loans_provision_reversal_has_reason"),
        ]

    def __str__(self):
        return f"{self.group} {self.month:%Y-%m}: {self.required}"

    @property
    def is_reversed(self):
        return self.reversed_at is not None


class ProvisionLine(AppendOnlyModel):
    """One loan in a month-end provision: its class under the regime and the reserve it requires."""

    provision = models.ForeignKey(LoanProvision, verbose_name=_("provision"), on_delete=models.PROTECT,
                                  related_name="lines")
    loan = models.ForeignKey(Loan, verbose_name=_("loan"), on_delete=models.PROTECT, related_name="provision_lines")
    klass = models.CharField(_("class"), max_length=24)
    days_past_due = models.PositiveIntegerField(_("days past due"))
    months_in_arrears = models.PositiveIntegerField(_("months in arrears"))
    outstanding = models.BigIntegerField(_("outstanding principal"))
    reserve_pct = models.DecimalField(_("reserve %"), max_digits=5, decimal_places=2)
    reserve = models.BigIntegerField(_("reserve"))

    class Meta:
        verbose_name = _("provision line")
        verbose_name_plural = _("provision lines")
        ordering = ["provision", "loan"]
        constraints = [
            models.UniqueConstraint(fields=["provision", "loan"], name="loans_provisionline_unique_loan"),
            models.CheckConstraint(condition=Q(outstanding__gt=0) & Q(reserve__gte=0),
                                   name="loans_provisionline_amounts_valid"),
        ]
