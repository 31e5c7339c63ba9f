"""The group's books: a double-entry journal, one per group.

Design overview
---------------
* Every group has its own chart of :class:`Account` rows, seeded from :data:`CHART` when the
  group is created. System accounts are found by ``key`` ("cash", "savings_sukarela", ...),
  never by name, so a treasurer may rename them.
* Money moves only as a :class:`JournalEntry` with two or more :class:`JournalLine` rows whose
  debits equal their credits. Entries and lines are append-only (model, queryset and database
  triggers refuse UPDATE and DELETE). A mistake is undone by a reversing entry that points at
  the original (``reverses``, unique: an entry is reversed at most once) with a reason and user.
* Balances are never stored: they are sums of lines up to a date (see ``books.selectors``).
* Each app posts through ``books.services.journal_post`` inside its own service transaction,
  so the subledger row (a savings transaction, a repayment) and its entry commit together.
* A :class:`ClosedPeriod` closes the books up to its ``end`` (the year end was posted): a
  database trigger refuses any entry dated on or before it, whoever inserts it (``books.periods``).
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.db import AppendOnlyModel


class AccountType(models.TextChoices):
    ASSET = "asset", _("Asset")
    LIABILITY = "liability", _("Liability")
    EQUITY = "equity", _("Equity")
    INCOME = "income", _("Income")
    EXPENSE = "expense", _("Expense")


DEBIT_NORMAL = {AccountType.ASSET, AccountType.EXPENSE}

# key, code, Indonesian name (the books are kept in Indonesian), type
CHART = [
    ("cash", "101", "Kas", AccountType.ASSET),
    ("loans_receivable", "111", "Piutang pinjaman anggota", AccountType.ASSET),
    ("cover_receivable", "112", "Piutang tanggung renteng", AccountType.ASSET),
    ("loan_loss_allowance", "119", "Penyisihan piutang tak tertagih", AccountType.ASSET),
    ("savings_sukarela", "201", "Simpanan sukarela", AccountType.LIABILITY),
    ("settlement_payable", "202", "Utang pengembalian simpanan", AccountType.LIABILITY),
    # The year end (yearend): the SHU funds set aside (education, social, ...) are owed to their
    # purpose, and a member's share not credited to her savings is owed to her.
    ("shu_funds", "203", "Dana SHU (pendidikan, sosial)", AccountType.LIABILITY),
    ("shu_payable", "204", "Utang SHU anggota", AccountType.LIABILITY),
    ("savings_pokok", "301", "Simpanan pokok", AccountType.EQUITY),
    ("savings_wajib", "302", "Simpanan wajib", AccountType.EQUITY),
    ("reserves", "311", "Cadangan", AccountType.EQUITY),
    ("grants", "312", "Hibah / dana stimulan", AccountType.EQUITY),
    ("joint_liability_fund", "313", "Dana tanggung renteng", AccountType.EQUITY),
    ("retained_surplus", "314", "SHU belum dibagi", AccountType.EQUITY),
    ("opening_equity", "319", "Ekuitas saldo awal", AccountType.EQUITY),
    ("interest_income", "401", "Pendapatan jasa pinjaman", AccountType.INCOME),
    ("fee_income", "402", "Pendapatan administrasi", AccountType.INCOME),
    ("penalty_income", "403", "Pendapatan denda", AccountType.INCOME),
    ("recovery_income", "404", "Penerimaan piutang yang dihapus", AccountType.INCOME),
    ("other_income", "409", "Pendapatan lain-lain", AccountType.INCOME),
    ("savings_interest_expense", "501", "Beban jasa simpanan", AccountType.EXPENSE),
    ("loan_loss_expense", "502", "Beban penghapusan piutang", AccountType.EXPENSE),
    # The month-end loss reserve (loans.services.provisions): Dr here / Cr the allowance (119).
    ("provision_expense", "505", "Beban penyisihan piutang", AccountType.EXPENSE),
    ("meeting_expense", "503", "Beban pertemuan", AccountType.EXPENSE),
    ("stationery_expense", "504", "Beban alat tulis", AccountType.EXPENSE),
    ("operating_expense", "509", "Beban operasional lain", AccountType.EXPENSE),
]


class Account(models.Model):
    group = models.ForeignKey("groups.Group", verbose_name=_("group"), on_delete=models.PROTECT,
                              related_name="accounts")
    key = models.SlugField(_("key"), max_length=40)
    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("name"), max_length=120)
    type = models.CharField(_("type"), max_length=10, choices=AccountType.choices)

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["group", "code"]
        constraints = [
            models.UniqueConstraint(fields=["group", "key"], name="books_account_unique_key"),
            models.UniqueConstraint(fields=["group", "code"], name="books_account_unique_code"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def debit_normal(self):
        return self.type in DEBIT_NORMAL


class EntryKind(models.TextChoices):
    OPENING = "opening", _("Opening balance")
    SAVINGS_DEPOSIT = "savings_deposit", _("Savings deposit")
    SAVINGS_WITHDRAWAL = "savings_withdrawal", _("Savings withdrawal")
    SAVINGS_INTEREST = "savings_interest", _("Savings interest")
    EXIT_SETTLEMENT = "exit_settlement", _("Exit settlement")
    LOAN_DISBURSEMENT = "loan_disbursement", _("Loan disbursement")
    LOAN_REPAYMENT = "loan_repayment", _("Loan repayment")
    LOAN_PENALTY = "loan_penalty", _("Late penalty")
    LOAN_COVER = "loan_cover", _("Joint liability cover")
    COVER_PAYBACK = "cover_payback", _("Cover payback")
    LOAN_WRITE_OFF = "loan_write_off", _("Write-off")
    LOAN_RECOVERY = "loan_recovery", _("Recovery of written-off loan")
    LOAN_PROVISION = "loan_provision", _("Loan-loss provision")
    OTHER_INCOME = "other_income", _("Other income")
    EXPENSE = "expense", _("Expense")
    GRANT = "grant", _("Grant")
    TRANSFER = "transfer", _("Transfer between accounts")
    YEAR_END_CLOSING = "year_end_closing", _("Year-end closing")
    SHU_DISTRIBUTION = "shu_distribution", _("SHU distribution")
    SHU_PAYOUT = "shu_payout", _("SHU paid out to a member")
    REVERSAL = "reversal", _("Reversal")


# Entries that move the year's income and expenses into the SHU account at the year end. A
# period's income statement (and every income or expense flow) leaves them out, and their
# reversals: they are not income or cost of the period but its closing (``books.selectors``).
CLOSING_KINDS = (EntryKind.YEAR_END_CLOSING,)


class JournalEntry(AppendOnlyModel):
    group = models.ForeignKey("groups.Group", verbose_name=_("group"), on_delete=models.PROTECT,
                              related_name="journal_entries")
    date = models.DateField(_("value date"), db_index=True)
    kind = models.CharField(_("kind"), max_length=24, choices=EntryKind.choices)
    memo = models.CharField(_("description"), max_length=255, blank=True)
    reference = models.CharField(_("reference"), max_length=60, blank=True, db_index=True)
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"),
                                   on_delete=models.PROTECT, related_name="+")
    reverses = models.OneToOneField(
        "self", verbose_name=_("reverses"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="reversed_by",
    )
    reason = models.CharField(_("reason"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["group", "date"], name="books_entry_group_date")]
        constraints = [
            models.CheckConstraint(condition=Q(reverses__isnull=True) | ~Q(reason=""),
                                   name="books_entry_reversal_has_reason"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.date} {self.get_kind_display()}"


class JournalLine(AppendOnlyModel):
    entry = models.ForeignKey(JournalEntry, verbose_name=_("entry"), on_delete=models.PROTECT,
                              related_name="lines")
    account = models.ForeignKey(Account, verbose_name=_("account"), on_delete=models.PROTECT,
                                related_name="lines")
    debit = models.BigIntegerField(_("debit"), default=0)
    credit = models.BigIntegerField(_("credit"), default=0)
    member = models.ForeignKey("members.Member", verbose_name=_("member"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="journal_lines")

    class Meta:
        verbose_name = _("journal line")
        verbose_name_plural = _("journal lines")
        ordering = ["entry_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(debit__gt=0) & Q(credit=0)) | (Q(debit=0) & Q(credit__gt=0)),
                name="books_line_one_side_positive",
            ),
        ]

    def __str__(self):
        return f"{self.account}: D {self.debit} K {self.credit}"


class MonthTotal(models.Model):
    """The debits and credits of one account in one month: a cache of the journal lines, kept by the database.

    A trigger adds every inserted :class:`JournalLine` to its account's month (lines are
    append-only, so totals only ever grow). Reports over years read these instead of millions
    of lines (``books.totals``); ``tests/books/test_totals.py`` checks them against the lines.
    """

    account = models.ForeignKey(Account, verbose_name=_("account"), on_delete=models.PROTECT,
                                related_name="month_totals")
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    debit = models.BigIntegerField(_("debit"), default=0)
    credit = models.BigIntegerField(_("credit"), default=0)

    class Meta:
        verbose_name = _("month total")
        verbose_name_plural = _("month totals")
        constraints = [
            models.UniqueConstraint(fields=["account", "month"], name="books_monthtotal_unique"),
            models.CheckConstraint(condition=Q(debit__gte=0) & Q(credit__gte=0), name="books_monthtotal_nonnegative"),
        ]

    def __str__(self):
        return f"{self.account} {self.month:%Y-%m}: D {self.debit} K {self.credit}"


class ClosedPeriod(models.Model):
    """The group's books closed up to ``end``: no entry may be dated on or before it while it stands.

    Written by the year end (``yearend.services``) after its closing entry, reopened only by its
    reversal (``reopened_at``, with the reason), never deleted. A trigger on the journal
    (``books.periods.closed_period_trigger``) enforces it for every writer: services, bulk paths,
    imports and raw SQL alike.
    """

    group = models.ForeignKey("groups.Group", verbose_name=_("group"), on_delete=models.PROTECT,
                              related_name="closed_periods")
    start = models.DateField(_("from"))
    end = models.DateField(_("closed up to"))
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("closed by"), on_delete=models.PROTECT,
                                  related_name="+")
    closed_at = models.DateTimeField(_("closed at"), auto_now_add=True)
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True)
    reopened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reopened by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    reopen_reason = models.CharField(_("reason for reopening"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("closed period")
        verbose_name_plural = _("closed periods")
        ordering = ["group", "end"]
        constraints = [
            models.UniqueConstraint(fields=["group", "end"], condition=Q(reopened_at__isnull=True),
                                    name="books_closedperiod_one_per_end"),
            models.CheckConstraint(condition=Q(start__lte=models.F("end")), name="books_closedperiod_start_before_end"),
            models.CheckConstraint(condition=Q(reopened_at__isnull=True) | ~Q(reopen_reason=""),
                                   name="books_closedperiod_reopen_has_reason"),
        ]

    def __str__(self):
        return f"{self.group} ≤ {self.end:%Y-%m-%d}"
