"""Loan repayments from the paper books after a loan came in, checked row by row and posted by ``loans.bulk``.

A row names the loan by its member and disbursement date (as the outstanding-loans file does),
and the payment by its date and amount. Rows are checked one by one in file order with the loans
app's :class:`loans.bulk.RepaymentChecker`, which refuses what ``loans.services.loan_repay`` would
refuse, with the service's own message — more than the loan still owes, a date before the loan's
last payment or in the future, a loan already paid off — each named with its row; a row that
passes counts for the next ones (penalties, allocation, closing). Confirming posts them all through
:func:`loans.bulk.bulk_post_repayments`, which checks them again and writes what calling the
service row by row would. List each loan's payments by date. What was paid up to a loan's cut-over
is already in its opening balance, so only later payments are accepted. Like the savings history,
the natural key (member, disbursement date, payment date, amount, "No. bukti") is stored as a
digest in the repayment's ``idempotency_key``, and importing the same file again posts nothing.
"""
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from books.models import EntryKind
from loans.bulk import Payment, RepaymentChecker, bulk_post_repayments
from loans.models import Loan, Repayment
from members.models import Member

from ..widgets import CodeWidget, DateWidget, RupiahWidget, TextWidget
from .base import HistoryResource, digest_key
from .base import cell_field as _field

KEY_PREFIX = "loan-history:"
SERVICE_FIELDS = {"date": "value_date", "amount": "amount"}


def repayment_key(member_code, disbursed_on, date, amount, reference):
    """Return the idempotency key of one imported payment: a digest of its natural key (fits 64 characters)."""
    return digest_key(KEY_PREFIX, member_code, disbursed_on, date, amount, reference)


class LoanRepaymentHistoryResource(HistoryResource):
    """The member's own payments on her loans, one row each."""

    member = _field("member", "Kode anggota", CodeWidget(
        Member, "code", unknown=gettext_lazy("'%(value)s' is not a known member code")))
    disbursed_on = _field("disbursed_on", "Tanggal cair", DateWidget())
    value_date = _field("value_date", "Tanggal bayar", DateWidget())
    amount = _field("amount", "Jumlah", RupiahWidget())
    reference = _field("reference", "No. bukti", TextWidget())

    example = {"Kode anggota": "CONTOH-001-001", "Tanggal cair": "2024-08-13", "Tanggal bayar": "2025-01-13",
               "Jumlah": "240000", "No. bukti": "BKM-2025-011"}
    required_columns = ("Kode anggota", "Tanggal cair", "Tanggal bayar", "Jumlah")

    class Meta:
        model = Repayment
        fields = ("member", "disbursed_on", "value_date", "amount", "reference")
        import_order = export_order = fields
        use_bulk = True  # no savepoint per row: save_instance only queues, after_import posts in bulk

    KEY_PREFIX = KEY_PREFIX

    def before_import(self, dataset, **kwargs):
        """Lock the file's members' loans, then read them and the payments already imported once for the file."""
        members = self.file_members(dataset, Member.objects.select_for_update().order_by("pk"))  # members, then loans
        loans = (Loan.objects.select_for_update(of=("self",)).filter(member__in=members, disbursed_on__isnull=False)
                 .order_by("pk"))
        self.loans = {(loan.member_id, loan.disbursed_on): loan for loan in loans.select_related("disbursement_entry")}
        self.read_posted(dataset, Repayment.objects.filter(member__in=members), "loan_id", "value_date", "amount")
        self.checker = RepaymentChecker(list(self.loans.values()))

    def posted_as(self, payment):
        return (payment.loan_id, payment.value_date, payment.amount)

    def post(self, pending):
        bulk_post_repayments(payments=pending, actor=self.actor)

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        instance.key = None
        if instance.disbursed_on and instance.value_date:
            instance.key = repayment_key(instance.member.code, instance.disbursed_on, instance.value_date,
                                         instance.amount, instance.reference)
            instance.loan = self.loans.get((instance.member.pk, instance.disbursed_on))

    def dehydrate_disbursed_on(self, repayment):
        return repayment.loan.disbursed_on.isoformat()

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        for attribute in ("disbursed_on", "value_date"):
            if attribute not in errors and getattr(instance, attribute) is None:
                errors[attribute] = [ValidationError(_("is empty"), code="cell_empty")]
        if not errors:
            errors.update(self._payment_errors(instance))
        if errors:
            raise ValidationError(errors)

    def _payment_errors(self, payment):
        if repeated := self.repeated(payment):
            return repeated
        loan = getattr(payment, "loan", None)
        if loan is None:
            return {"disbursed_on": [ValidationError(_("she has no loan disbursed on that date"), code="no_loan")]}
        entry = loan.disbursement_entry
        if entry is not None and entry.kind == EntryKind.OPENING and payment.value_date <= entry.date:
            return {"value_date": [ValidationError(
                _("what was paid up to the loan's cut-over on %(date)s is in its opening balance"),
                code="before_cut_over", params={"date": date_format(entry.date)})]}
        payment.queued = Payment(loan, payment.amount, payment.value_date, idempotency_key=payment.key)
        try:
            self.checker.check(payment.queued)
        except ValidationError as exc:
            by_field = exc.error_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.error_list}
            return {SERVICE_FIELDS.get(name, NON_FIELD_ERRORS): [
                ValidationError(e.message % e.params if e.params else e.message, code=e.code) for e in errors]
                for name, errors in by_field.items()}
        return {}
