"""Opening balances at the cut-over date: savings by kind, loans still outstanding, the rest of the books."""
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.instance_loaders import CachedInstanceLoader

from books.models import Account, EntryKind, JournalLine
from books.services import Line, credit, debit, journal_post
from core.dates import today
from core.money import format_rupiah
from groups.models import Group
from groups.rules import InterestMethod
from groups.selectors import rules_on, rules_versions
from loans.models import Loan
from loans.opening import (
    OpeningLoan,
    arrears_at,
    fully_paid_count,
    opening_problems,
    paid_for_instalments,
    paid_parts,
)
from loans.services.opening import loans_open_outstanding
from members.models import Member
from savings.selectors import KINDS, existing_openings, first_row_dates
from savings.services import Opening, opening_problem, savings_open_balances

from ..widgets import (
    ChoiceWidget,
    CodeWidget,
    DateWidget,
    RateWidget,
    RupiahWidget,
    TextWidget,
    WholeNumberWidget,
    YesNoWidget,
    cell_text,
)
from .base import LkpResource, SameTermsMixin
from .base import cell_field as _field

BOOKS_REF = "opening-books:"
# Accounts whose opening balances come per member, with the savings and loans files.
OWN_FILES = {"savings_pokok", "savings_wajib", "savings_sukarela", "loans_receivable", "opening_equity"}


class OpeningSavingsResource(LkpResource):
    """Opening savings balances by kind at the cut-over date, one row per member.

    Rows are checked here so each problem is named with its row; the balances are posted by
    ``savings.services.savings_open_balances``, which checks them again.
    """

    code = _field("code", "Kode anggota", TextWidget())
    opening_date = _field("opening_date", "Tanggal saldo awal", DateWidget())
    opening_pokok = _field("opening_pokok", "Simpanan pokok", RupiahWidget())
    opening_wajib = _field("opening_wajib", "Simpanan wajib", RupiahWidget())
    opening_sukarela = _field("opening_sukarela", "Simpanan sukarela", RupiahWidget())

    example = {"Kode anggota": "CONTOH-001-001", "Tanggal saldo awal": "2024-12-31", "Simpanan pokok": "50000",
               "Simpanan wajib": "1200000", "Simpanan sukarela": "350000"}
    required_columns = ("Kode anggota", "Tanggal saldo awal", "Simpanan pokok", "Simpanan wajib",
                        "Simpanan sukarela")

    class Meta:
        model = Member
        fields = ("code", "opening_date", "opening_pokok", "opening_wajib", "opening_sukarela")
        import_id_fields = ("code",)
        instance_loader_class = CachedInstanceLoader
        use_bulk = True  # no savepoint per row: save_instance only queues, after_import posts in bulk

    def before_import(self, dataset, **kwargs):
        codes = [cell_text(c) for c in dataset[self.fields["code"].column_name]]
        # Lock the members before reading what they already have, as every savings service does.
        ids = list(Member.objects.select_for_update().filter(code__in=codes).values_list("pk", flat=True))
        self.existing = existing_openings(codes)
        self.first_rows = first_row_dates(ids)
        self.pending = []

    def after_init_instance(self, instance, new, row, **kwargs):
        have = self.existing.get(instance.code, {}) if not new else {}
        instance.opening_date = have.get("date")
        for kind in KINDS:
            setattr(instance, f"opening_{kind}", have.get(kind, 0))
        instance._has_opening = bool(have)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        nothing = (instance.pk is not None and not import_validation_errors
                   and not any(getattr(instance, f"opening_{k}") for k in KINDS))
        return nothing or super().skip_row(instance, original, row, import_validation_errors)

    def _openings(self, instance):
        return [Opening(member=instance, kind=kind, amount=getattr(instance, f"opening_{kind}"),
                        date=instance.opening_date) for kind in KINDS if getattr(instance, f"opening_{kind}")]

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if instance.pk is None:
            errors["code"] = [ValidationError(_("'%(code)s' is not a known member code"), code="cell_member",
                                              params={"code": instance.code})]
        elif instance._has_opening:
            errors["code"] = [ValidationError(
                _("this member's opening balances were already imported; correct them with a reversal"),
                code="opening_exists")]
        elif "opening_date" not in errors:
            # The service's own checks, so the file says what the service would refuse, row by row.
            openings = self._openings(instance) or [Opening(instance, KINDS[0], 1, instance.opening_date)]
            problem = opening_problem(openings[0], first_row=self.first_rows.get(instance.pk))
            if problem:
                errors["opening_date"] = [ValidationError(problem[1], code=problem[2])]
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        """Keep the member as she is; queue her opening balances, posted together after the last row."""
        self.pending.extend(self._openings(instance))

    def after_import(self, dataset, result, **kwargs):
        # Every row was checked above; the dry run skips the bulk writes, which cannot change the preview.
        if not kwargs.get("dry_run"):
            savings_open_balances(openings=self.pending, actor=self.actor)


class OpeningLoanResource(SameTermsMixin, LkpResource):
    """Loans outstanding at the cut-over date with their original terms and what was paid by then.

    What was paid is given as principal and interest paid to date (so a partly paid instalment
    and arrears can be written), or as a number of instalments paid in full; with both, they must
    agree. The rows are checked here with ``loans.opening.opening_problems`` so every problem is
    named with its row, and posted by ``loans.services.loans_open_outstanding``. An imported loan
    with the same terms is unchanged (its payments since then are its own); other terms are refused.
    """

    member = _field("member", "Kode anggota", CodeWidget(
        Member, "code", unknown=gettext_lazy("'%(value)s' is not a known member code")))
    disbursed_on = _field("disbursed_on", "Tanggal cair", DateWidget())
    amount = _field("amount", "Pokok pinjaman", RupiahWidget())
    term = _field("term", "Jangka waktu (bulan)", WholeNumberWidget())
    method = _field("method", "Metode bunga", ChoiceWidget(InterestMethod.choices))
    rate = _field("rate", "Bunga (% per bulan)", RateWidget())
    paid_instalments = _field("paid_instalments", "Angsuran sudah dibayar", WholeNumberWidget())
    principal_paid = _field("principal_paid", "Pokok sudah dibayar", RupiahWidget())
    interest_paid = _field("interest_paid", "Bunga sudah dibayar", RupiahWidget())
    arrears = _field("arrears", "Tunggakan", RupiahWidget())
    cut_over = _field("cut_over", "Tanggal saldo awal", DateWidget())
    rescheduled = _field("rescheduled", "Dijadwal ulang", YesNoWidget())
    purpose = _field("purpose", "Keperluan", TextWidget())

    example = {"Kode anggota": "CONTOH-001-001", "Tanggal cair": "2024-08-13", "Pokok pinjaman": "2000000",
               "Jangka waktu (bulan)": "10", "Metode bunga": "flat", "Bunga (% per bulan)": "2",
               "Angsuran sudah dibayar": "3", "Pokok sudah dibayar": "700000", "Bunga sudah dibayar": "160000",
               "Tunggakan": "100000", "Tanggal saldo awal": "2024-12-31", "Dijadwal ulang": "Tidak",
               "Keperluan": "Modal rakik maco"}
    required_columns = ("Kode anggota", "Tanggal cair", "Pokok pinjaman", "Jangka waktu (bulan)", "Metode bunga",
                        "Bunga (% per bulan)", "Tanggal saldo awal")
    TERMS = ("amount", "term", "method", "rate")
    terms_refusal = ("member", gettext_lazy(
        "a loan of this member disbursed on this date was already imported with other terms"), "loan_exists")

    class Meta:
        model = Loan
        fields = ("member", "disbursed_on", "amount", "term", "method", "rate", "paid_instalments", "principal_paid",
                  "interest_paid", "arrears", "cut_over", "rescheduled", "purpose")
        import_id_fields = ("member", "disbursed_on")
        use_bulk = True  # no savepoint per row: save_instance only queues, after_import posts in bulk

    def before_import(self, dataset, **kwargs):
        """Read the members, their loans and their groups' rules once for the whole file."""
        self.pending = []
        members = self.file_members(dataset, Member.objects.select_related("group"))
        self.loans = {(loan.member_id, loan.disbursed_on): loan
                      for loan in Loan.objects.filter(member__in=members)}
        self.rules = rules_versions({m.group_id for m in members})

    def get_instance(self, instance_loader, row):
        try:
            member = self.fields["member"].clean(row)
            disbursed_on = self.fields["disbursed_on"].clean(row)
        except ValueError:
            return None
        return self.loans.get((member.pk, disbursed_on))

    def after_init_instance(self, instance, new, row, **kwargs):
        instance.paid_instalments = instance.arrears = instance.cut_over = None
        instance.principal_paid = instance.interest_paid = 0

    def validate_new(self, instance, errors):
        return {**errors, **self._terms_errors(instance, errors)}

    @staticmethod
    def _opening(loan):
        return OpeningLoan(member=loan.member, disbursed_on=loan.disbursed_on, amount=loan.amount, term=loan.term,
                           method=loan.method, rate=loan.rate, cut_over=loan.cut_over,
                           principal_paid=loan.principal_paid, interest_paid=loan.interest_paid,
                           purpose=loan.purpose, rescheduled=loan.rescheduled)

    def _terms_errors(self, loan, errors):
        found = {}

        def refuse(field, message, **params):
            found.setdefault(field or NON_FIELD_ERRORS, []).append(
                ValidationError(message, code="terms", params=params or None))

        for field in ("disbursed_on", "amount", "term", "method", "rate", "cut_over"):
            if field not in errors and getattr(loan, field) in (None, ""):
                refuse(field, _("is empty"))
        if errors or found:
            return found
        if loan.paid_instalments is not None and loan.paid_instalments >= loan.term:
            refuse("paid_instalments", _("every instalment is paid: the loan is not outstanding"))
            return found
        item = self._opening(loan)
        rules = rules_on(self.rules.get(loan.member.group_id, []), loan.disbursed_on)
        problems, schedule = opening_problems(item, rules)
        for field, message in problems:
            refuse(field, message)
        if found:
            return found
        by_count = paid_for_instalments(schedule, loan.paid_instalments or 0)
        if not (item.principal_paid or item.interest_paid):
            item.principal_paid, item.interest_paid = by_count
        parts = paid_parts(schedule, principal_paid=item.principal_paid, interest_paid=item.interest_paid)
        whole = fully_paid_count(schedule, parts)
        if loan.paid_instalments is not None and whole != loan.paid_instalments:
            refuse("paid_instalments", _("the amounts paid pay %(whole)s instalments in full, not %(given)s"),
                   whole=whole, given=loan.paid_instalments)
        arrears = arrears_at(schedule, parts, loan.cut_over)
        if loan.arrears and loan.arrears != arrears:
            refuse("arrears", _("the file says %(given)s but the schedule gives %(computed)s"),
                   given=format_rupiah(loan.arrears), computed=format_rupiah(arrears))
        loan.opening = item
        return found

    def save_instance(self, instance, is_create, row, **kwargs):
        """Queue the loan; every loan of the file is written together after the last row."""
        self.pending.append(instance.opening)

    def after_import(self, dataset, result, **kwargs):
        # Every row and its schedule were checked above; the dry run skips the bulk writes.
        if not kwargs.get("dry_run"):
            loans_open_outstanding(openings=self.pending, actor=self.actor)


class OpeningBooksResource(LkpResource):
    """The rest of a group's books at the cut-over: cash, reserves, grants and the like, one row per account.

    Savings and loans come with their own files (they need the member); every other account's balance
    posts in one opening entry per group against ``opening_equity``, so the balance sheet at the cut-over
    is the one on paper.
    """

    group = _field("group", "Kode KPUK", CodeWidget(
        Group, "code", unknown=gettext_lazy("'%(value)s' is not a known group code")))
    code = _field("code", "Kode akun", TextWidget())
    opening_date = _field("opening_date", "Tanggal saldo awal", DateWidget())
    opening_debit = _field("opening_debit", "Debit", RupiahWidget())
    opening_credit = _field("opening_credit", "Kredit", RupiahWidget())

    example = {"Kode KPUK": "CONTOH-001", "Kode akun": "101", "Tanggal saldo awal": "2024-12-31", "Debit": "2750000",
               "Kredit": ""}
    required_columns = ("Kode KPUK", "Kode akun", "Tanggal saldo awal", "Debit", "Kredit")

    class Meta:
        model = Account
        fields = ("group", "code", "opening_date", "opening_debit", "opening_credit")
        import_id_fields = ("group", "code")
        use_bulk = True  # save_instance only queues; after_import posts one entry per group

    def before_import(self, dataset, **kwargs):
        self.pending = {}
        self.existing = {}
        lines = JournalLine.objects.filter(entry__kind=EntryKind.OPENING, entry__reference__startswith=BOOKS_REF)
        for ln in lines.select_related("entry", "account"):
            self.existing[ln.account_id] = (ln.entry.date, ln.debit, ln.credit)

    def after_init_instance(self, instance, new, row, **kwargs):
        have = self.existing.get(instance.pk) if not new else None
        instance.opening_date, instance.opening_debit, instance.opening_credit = have or (None, 0, 0)
        instance._has_opening = have is not None

    def skip_row(self, instance, original, row, import_validation_errors=None):
        nothing = (instance.pk is not None and not import_validation_errors
                   and not (instance.opening_debit or instance.opening_credit))
        return nothing or super().skip_row(instance, original, row, import_validation_errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if "code" not in errors and "group" not in errors:
            if instance.pk is None:
                errors["code"] = [ValidationError(_("'%(code)s' is not an account of this group"),
                                                  code="unknown_account", params={"code": instance.code})]
            elif instance.key in OWN_FILES:
                errors["code"] = [ValidationError(
                    _("savings and loans come with their own opening files, by member"), code="own_file")]
            elif instance._has_opening:
                errors["code"] = [ValidationError(
                    _("this account's opening balance was already imported; correct it with a journal entry"),
                    code="opening_exists")]
        if instance.opening_debit and instance.opening_credit:
            errors["opening_credit"] = [ValidationError(_("give either a debit or a credit, not both"),
                                                        code="both_sides")]
        if "opening_date" not in errors and instance.opening_date is None:
            errors["opening_date"] = [ValidationError(_("is empty"), code="cell_empty")]
        elif "opening_date" not in errors and instance.opening_date > today():
            errors["opening_date"] = [ValidationError(_("the date is in the future"), code="future")]
        dates = self.pending.get(instance.group_id, {}).get("date")
        if dates and instance.opening_date and dates != instance.opening_date:
            errors["opening_date"] = [ValidationError(_("every row of one group must have the same date"),
                                                      code="one_date")]
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        group = self.pending.setdefault(instance.group_id, {"group": instance.group, "date": instance.opening_date,
                                                              "lines": []})
        group["lines"].append(Line(instance.key, debit=instance.opening_debit, credit=instance.opening_credit))

    def after_import(self, dataset, result, **kwargs):
        if kwargs.get("dry_run"):
            return
        for item in self.pending.values():
            net = sum(ln.debit - ln.credit for ln in item["lines"])
            balance = credit("opening_equity", net) if net > 0 else debit("opening_equity", -net)
            journal_post(group=item["group"], date=item["date"], kind=EntryKind.OPENING, actor=self.actor,
                         lines=[*item["lines"], balance], memo=_("Opening balances of the books"),
                         reference=f"{BOOKS_REF}{item['group'].code}"[:60])
