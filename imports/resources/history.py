"""Savings transactions from the paper books, before or after the cut-over, posted by ``savings.bulk``.

Each row is one deposit or withdrawal of one member. Rows are checked one by one with the
savings app's own :class:`savings.bulk.MovementChecker`, in the order of the file (list a
member's rows by date: a withdrawal needs the deposits that cover it above it), so every refused
row is named; confirming posts them all through :func:`savings.bulk.bulk_post`, which checks them
again and writes exactly what the savings services would. A row is found again by its natural key
(member code, date, kind, type, amount and the row's own reference, "No. bukti"), stored as the
row's idempotency key, so importing the same file twice posts nothing the second time.
"""
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.models import Member
from savings.bulk import Movement, MovementChecker, bulk_post
from savings.models import SavingsKind, SavingsTransaction, TxnType
from savings.selectors import existing_openings

from ..widgets import ChoiceWidget, CodeWidget, DateWidget, RupiahWidget, TextWidget
from .base import HistoryResource, digest_key
from .base import cell_field as _field

KEY_PREFIX = "history:"
HISTORY_TYPES = [(TxnType.DEPOSIT, TxnType.DEPOSIT.label), (TxnType.WITHDRAWAL, TxnType.WITHDRAWAL.label)]


def history_key(member_code, date, kind, type, amount, reference):
    """Return the idempotency key of one imported row: a digest of its natural key (fits the 80 characters)."""
    return digest_key(KEY_PREFIX, member_code, date, kind, type, amount, reference)


class SavingsHistoryResource(HistoryResource):
    """Deposits and withdrawals from the group's books, one row each."""

    member = _field("member", "Kode anggota", CodeWidget(
        Member, "code", unknown=gettext_lazy("'%(value)s' is not a known member code")))
    value_date = _field("value_date", "Tanggal", DateWidget())
    kind = _field("kind", "Jenis simpanan", ChoiceWidget(SavingsKind.choices))
    type = _field("type", "Transaksi", ChoiceWidget(HISTORY_TYPES))
    amount = _field("amount", "Jumlah", RupiahWidget())
    reference = _field("reference", "No. bukti", TextWidget())
    note = _field("note", "Keterangan", TextWidget())

    example = {"Kode anggota": "CONTOH-001-001", "Tanggal": "2024-06-14", "Jenis simpanan": "wajib",
               "Transaksi": "setoran", "Jumlah": "10000", "No. bukti": "BKM-2024-061", "Keterangan": "Pertemuan Juni"}
    required_columns = ("Kode anggota", "Tanggal", "Jenis simpanan", "Transaksi", "Jumlah")

    class Meta:
        model = SavingsTransaction
        fields = ("member", "value_date", "kind", "type", "amount", "reference", "note")
        import_order = export_order = fields
        use_bulk = True  # no savepoint per row: save_instance only queues, after_import posts in bulk

    KEY_PREFIX = KEY_PREFIX

    def before_import(self, dataset, **kwargs):
        """Lock the file's members and read their savings state once for the whole file."""
        members = self.file_members(dataset, Member.objects.select_for_update().order_by("pk"))
        self.openings = existing_openings([m.code for m in members])
        self.read_posted(dataset, SavingsTransaction.objects.filter(member__in=members),
                         "member_id", "value_date", "kind", "type", "amount")
        self.checker = MovementChecker(members)

    def posted_as(self, txn):
        return (txn.member.pk, txn.value_date, txn.kind, txn.type, txn.amount)

    def post(self, pending):
        bulk_post(pending, actor=self.actor)

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        instance.key = (history_key(instance.member.code, instance.value_date, instance.kind, instance.type,
                                    instance.amount, instance.reference) if instance.value_date else None)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if not errors:
            errors.update(self._movement_errors(instance))
        if errors:
            raise ValidationError(errors)

    def _movement_errors(self, txn):
        if txn.value_date is None:
            return {"value_date": [ValidationError(_("is empty"), code="cell_empty")]}
        if repeated := self.repeated(txn):
            return repeated
        opening = self.openings.get(txn.member.code, {})
        if txn.kind in opening and txn.value_date <= opening["date"]:
            return {"value_date": [ValidationError(
                _("her opening balance on %(date)s already includes this; only later rows can be added"),
                code="before_opening", params={"date": date_format(opening["date"])})]}
        mv = Movement(member=txn.member, kind=txn.kind, type=txn.type, amount=txn.amount, date=txn.value_date,
                      note=txn.note, idempotency_key=txn.key)
        try:
            self.checker.check(mv)
        except ValidationError as exc:
            return {"amount" if exc.code in ("amount_not_positive", "insufficient_balance", "pokok_beyond_due")
                    else "value_date": [ValidationError(exc.messages[0], code=exc.code)]}
        txn.queued = mv
        return {}
