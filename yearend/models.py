"""The year end: the books of a book year closed, its surplus (SHU) shared as the RAT decided.

Design overview
---------------
* A :class:`YearEnd` is one posting of one group's book year (1 January – 31 December): the
  RAT's decision (date, who agreed), the surplus and its pools by the rules in force at the year
  end, and what it posted — the closing entry dated the last day of the year (every income and
  expense account into "SHU belum dibagi"), the closed period that keeps the year closed, and the
  distribution dated the RAT's day (reserves, funds, shares held as payable). A named partial
  unique constraint allows one standing posting per group and year.
* A :class:`YearEndShare` is one member's part: her savings and business bases, her jasa modal
  and jasa anggota, and how it was paid (her sukarela row, or held as payable). Shares are
  append-only.
* Nothing is edited afterwards except the reversal marker: ``yearend.services.year_end_reverse``
  posts linked reversals of every entry and savings row, reopens the year and records who and why.
"""
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.db import AppendOnlyModel
from groups.rules import ShuPaidAs


class YearEnd(models.Model):
    group = models.ForeignKey("groups.Group", verbose_name=_("group"), on_delete=models.PROTECT,
                              related_name="year_ends")
    year = models.PositiveSmallIntegerField(_("book year"))
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    rules = models.ForeignKey("groups.GroupRules", verbose_name=_("rules applied"), on_delete=models.PROTECT,
                              related_name="+")
    decided_on = models.DateField(_("date of the RAT"))
    agreed_by = models.CharField(_("who agreed"), max_length=255)
    surplus = models.BigIntegerField(_("surplus (SHU)"))
    reserves = models.BigIntegerField(_("reserves"))
    other_funds = models.BigIntegerField(_("other funds"))
    jasa_anggota = models.BigIntegerField(_("jasa anggota"))
    jasa_modal = models.BigIntegerField(_("jasa modal"))
    undistributed = models.BigIntegerField(
        _("left undistributed"), default=0,
        help_text=_("A members' pool nobody could share (no savings or no business): it stays in SHU belum dibagi."))
    closing_entry = models.OneToOneField("books.JournalEntry", verbose_name=_("closing entry"), null=True,
                                         blank=True, on_delete=models.PROTECT, related_name="+")
    distribution_entry = models.OneToOneField("books.JournalEntry", verbose_name=_("distribution entry"),
                                              null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    closed_period = models.OneToOneField("books.ClosedPeriod", verbose_name=_("closed period"),
                                         on_delete=models.PROTECT, related_name="year_end")
    idempotency_key = models.CharField(_("idempotency key"), max_length=64, null=True, blank=True, unique=True)
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("posted by"), on_delete=models.PROTECT,
                                  related_name="+")
    posted_at = models.DateTimeField(_("posted at"), auto_now_add=True)
    reversed_at = models.DateTimeField(_("reversed at"), null=True, blank=True)
    reversed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reversed by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    reversal_reason = models.CharField(_("reason for the reversal"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("year end")
        verbose_name_plural = _("year ends")
        ordering = ["group", "-year", "-posted_at"]
        constraints = [
            models.UniqueConstraint(fields=["group", "year"], condition=Q(reversed_at__isnull=True),
                                    name="yearend_one_posting_per_year"),
            models.CheckConstraint(
                condition=Q(reserves__gte=0, other_funds__gte=0, jasa_anggota__gte=0, jasa_modal__gte=0,
                            undistributed__gte=0),
                name="yearend_pools_nonnegative"),
            models.CheckConstraint(
                condition=Q(surplus__lte=0, reserves=0, other_funds=0, jasa_anggota=0, jasa_modal=0)
                | Q(surplus=F("reserves") + F("other_funds") + F("jasa_anggota") + F("jasa_modal")),
                name="yearend_pools_sum_to_surplus"),
            models.CheckConstraint(condition=Q(decided_on__gt=F("end")), name="yearend_decided_after_year_end"),
            models.CheckConstraint(condition=~Q(agreed_by=""), name="yearend_agreed_by_given"),
            models.CheckConstraint(condition=Q(reversed_at__isnull=True) | ~Q(reversal_reason=""),
                                   name="yearend_reversal_has_reason"),
        ]

    def __str__(self):
        return f"{self.group} {self.year}"

    @property
    def is_reversed(self):
        return self.reversed_at is not None

    @property
    def pools(self):
        return {"reserves": self.reserves, "other_funds": self.other_funds, "jasa_anggota": self.jasa_anggota,
                "jasa_modal": self.jasa_modal}


class YearEndShare(AppendOnlyModel):
    year_end = models.ForeignKey(YearEnd, verbose_name=_("year end"), on_delete=models.PROTECT,
                                 related_name="shares")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="shu_shares")
    savings_basis = models.BigIntegerField(_("savings counted"))
    business_basis = models.BigIntegerField(_("business counted"))
    jasa_modal = models.BigIntegerField(_("jasa modal"))
    jasa_anggota = models.BigIntegerField(_("jasa anggota"))
    total = models.BigIntegerField(_("share"))
    paid_as = models.CharField(_("paid as"), max_length=10, choices=ShuPaidAs.choices)
    savings_txn = models.OneToOneField("savings.SavingsTransaction", verbose_name=_("sukarela credit"), null=True,
                                       blank=True, on_delete=models.PROTECT, related_name="shu_share")

    class Meta:
        verbose_name = _("SHU share")
        verbose_name_plural = _("SHU shares")
        ordering = ["year_end", "member__code"]
        constraints = [
            models.UniqueConstraint(fields=["year_end", "member"], name="yearend_share_one_per_member"),
            models.CheckConstraint(
                condition=Q(savings_basis__gte=0, business_basis__gte=0, jasa_modal__gte=0, jasa_anggota__gte=0),
                name="yearend_share_nonnegative"),
            models.CheckConstraint(condition=Q(total=F("jasa_modal") + F("jasa_anggota")),
                                   name="yearend_share_total_is_sum"),
            models.CheckConstraint(condition=Q(total=0) | ~Q(paid_as="sukarela") | Q(savings_txn__isnull=False),
                                   name="yearend_share_sukarela_has_row"),
        ]

    def __str__(self):
        return f"{self.member} {self.year_end.year}: {self.total}"


class ShuPayout(AppendOnlyModel):
    """Cash paid to a member from the SHU held as payable to her (Dr SHU payable / Cr cash).

    Written only by ``yearend.services.shu_payout``; a share is paid in one or more payouts, never
    beyond what is owed. The form's key posts it once however often it is sent.
    """

    year_end = models.ForeignKey(YearEnd, verbose_name=_("year end"), on_delete=models.PROTECT,
                                 related_name="payouts")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="shu_payouts")
    amount = models.BigIntegerField(_("amount"))
    paid_on = models.DateField(_("paid on"))
    entry = models.OneToOneField("books.JournalEntry", verbose_name=_("journal entry"), on_delete=models.PROTECT,
                                 related_name="+")
    idempotency_key = models.CharField(_("idempotency key"), max_length=64)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("paid by"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("SHU payout")
        verbose_name_plural = _("SHU payouts")
        ordering = ["year_end", "paid_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="yearend_payout_amount_positive"),
            models.UniqueConstraint(fields=["idempotency_key"], name="yearend_payout_idempotency_key_unique"),
            models.CheckConstraint(condition=~Q(idempotency_key=""), name="yearend_payout_key_given"),
        ]

    def __str__(self):
        return f"{self.member} {self.year_end.year}: {self.amount}"
