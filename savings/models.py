"""Members' savings: simpanan pokok, wajib and sukarela on an append-only ledger.

Design overview
---------------
* One :class:`SavingsTransaction` row per movement of one kind of savings of one member. Rows
  are never changed (model, queryset and database triggers refuse UPDATE and DELETE); a mistake
  is corrected by a ``reversal`` row pointing at the original (``reverses`` is one-to-one, so a
  row is reversed at most once) with a reason and the user.
* ``direction`` is +1 when the row adds to the member's balance (deposit, interest credit, the
  opening balance, the reversal of a withdrawal) and -1 when it takes from it (withdrawal, exit
  settlement, the reversal of a deposit). A balance as of any date is ``Sum(direction * amount)`` over the rows
  dated up to then: one query, nothing cached.
* Every row has its own balanced journal entry (``entry``) in the group's books, posted in the
  same transaction by ``savings.services`` (or ``savings.bulk`` for seeding, with identical rows).
* ``meeting`` says where the cash was taken: a meeting, or the office when empty.
* A ``shu`` row is her share of the year's surplus credited to her sukarela by the year end
  (``yearend``); only the reversal of that year end undoes it.
* An ``opening`` row is her balance of one kind brought in at the cut-over date (Dr opening
  equity, not cash). It counts in every balance but is not money deposited that day, so flows
  of deposits in a period leave it out.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.db import AppendOnlyModel


class SavingsKind(models.TextChoices):
    POKOK = "pokok", _("Simpanan pokok")
    WAJIB = "wajib", _("Simpanan wajib")
    SUKARELA = "sukarela", _("Simpanan sukarela")


class TxnType(models.TextChoices):
    DEPOSIT = "deposit", _("Deposit")
    WITHDRAWAL = "withdrawal", _("Withdrawal")
    INTEREST = "interest", _("Interest credit")
    EXIT = "exit", _("Exit settlement")
    REVERSAL = "reversal", _("Reversal")
    OPENING = "opening", _("Opening balance")
    SHU = "shu", _("SHU share")


# The direction each type moves the member's balance (a reversal takes the opposite of its original).
DIRECTION: dict[str, int] = {TxnType.DEPOSIT: 1, TxnType.INTEREST: 1, TxnType.WITHDRAWAL: -1, TxnType.EXIT: -1,
             TxnType.OPENING: 1, TxnType.SHU: 1}


class SavingsTransaction(AppendOnlyModel):
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="savings_transactions")
    group = models.ForeignKey("groups.Group", verbose_name=_("group"), on_delete=models.PROTECT,
                              related_name="savings_transactions")
    kind = models.CharField(_("savings"), max_length=10, choices=SavingsKind.choices)
    type = models.CharField(_("transaction"), max_length=12, choices=TxnType.choices)
    direction = models.SmallIntegerField(_("direction"))
    amount = models.BigIntegerField(_("amount"))
    value_date = models.DateField(_("value date"))
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"),
                                   on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey("meetings.Meeting", verbose_name=_("meeting"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="savings_transactions")
    entry = models.OneToOneField("books.JournalEntry", verbose_name=_("journal entry"), on_delete=models.PROTECT,
                                 related_name="savings_transaction")
    reverses = models.OneToOneField("self", verbose_name=_("reverses"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="reversed_by")
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=80, null=True, blank=True)

    class Meta:
        verbose_name = _("savings transaction")
        verbose_name_plural = _("savings transactions")
        ordering = ["value_date", "id"]
        indexes = [
            models.Index(fields=["member", "kind", "value_date"], name="savings_txn_member_kind_date"),
            models.Index(fields=["group", "value_date"], name="savings_txn_group_date"),
        ]
        constraints = [
            # Posts once: a repeat of the form's key finds the first result (services catch the refusal).
            models.UniqueConstraint(fields=["idempotency_key"],
                                    name="savings_savingstransaction_idempotency_key_unique"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="savings_savingstransaction_amount_positive"),
            models.CheckConstraint(condition=Q(direction__in=[1, -1]), name="savings_savingstransaction_direction"),
            models.CheckConstraint(
                condition=(Q(type__in=["deposit", "interest", "opening", "shu"], direction=1)
                           | Q(type__in=["withdrawal", "exit"], direction=-1)
                           | Q(type="reversal", reverses__isnull=False)),
                name="savings_savingstransaction_type_direction",
            ),
            models.CheckConstraint(condition=Q(reverses__isnull=True) | ~Q(reason=""),
                                   name="savings_savingstransaction_reversal_reason"),
            models.CheckConstraint(condition=~Q(type="withdrawal") | Q(kind="sukarela"),
                                   name="savings_savingstransaction_withdraw_sukarela"),
        ]

    def __str__(self):
        return f"{self.member} {self.get_kind_display()} {self.get_type_display()} {self.amount}"

    @property
    def signed_amount(self):
        return self.direction * self.amount
