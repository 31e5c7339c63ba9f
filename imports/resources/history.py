"""Savings transactions from the paper books, before or after the cut-over, posted by ``savings.bulk``.

Each row is one deposit or withdrawal of one member. Rows are checked one by one with the
savings app's own :class:`savings.bulk.MovementChecker`, in the order of the file (list a
member's rows by date: a withdrawal needs the deposits that cover it above it), so every refused
row is named; confirming posts them all through :func:`savings.bulk.bulk_post`, which checks them
again and writes exactly what the savings services would. A row is found again by its natural key
(member code, date, kind, type, amount and the row's own reference, "No. bukti"), stored as the
row's idempotency key, so importing the same file twice posts nothing the second time.
"""
import hashlib

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.models import Member
from savings.bulk import Movement, MovementChecker, bulk_post
from savings.models import SavingsKind, SavingsTransaction, TxnType
from savings.selectors import existing_openings

from ..widgets import ChoiceWidget, CodeWidget, DateWidget, RupiahWidget, TextWidget, cell_text
from .base import LkpResource
from .base import cell_field as _field

KEY_PREFIX = "history:"
EXPORTED = "#"  # "No. bukti" of an exported row: "#" and the row's id
HISTORY_TYPES = [(TxnType.DEPOSIT, TxnType.DEPOSIT.label), (TxnType.WITHDRAWAL, TxnType.WITHDRAWAL.label)]


def history_key(member_code, date, kind, type, amount, reference):
    """Return the idempotency key of one imported row: a digest of its natural key (fits the 80 characters)."""
    natural = "|".join(str(part) for part in (member_code, date.isoformat(), kind, type, amount, reference))
    return KEY_PREFIX + hashlib.sha256(natural.encode()).hexdigest()[:40]


class SavingsHistoryResource(LkpResource):
    """Deposits and withdrawals from the group's books, one row each."""

    member = _field("member", "Kode anggota", CodeWidget(
        Member, "code", unknown=gettext_lazy("'%(value)s' is not a known member code")))
    value_date = _field("value_date", "Tanggal", DateWidget())
    kind = _field("kind", "Jenis simpanan", ChoiceWidget(SavingsKind.choices))
    type = _field("type", "Transaksi", ChoiceWidget(HISTORY_TYPES))
    amount = _field("amount", "Jumlah", RupiahWidget())
    reference = _field("reference", "No. bukti", TextWidget())
    note = _field("note", "Keterangan", TextWidget())

    example = {"Kode anggota": "PDG-001-001", "Tanggal": "2024-06-14", "Jenis simpanan": "wajib",
               "Transaksi": "setoran", "Jumlah": "10000", "No. bukti": "BKM-2024-061", "Keterangan": "Pertemuan Juni"}
    required_columns = ("Kode anggota", "Tanggal", "Jenis simpanan", "Transaksi", "Jumlah")

    class Meta:
        model = SavingsTransaction
        fields = ("member", "value_date", "kind", "type", "amount", "reference", "note")
        import_order = export_order = fields
        use_bulk = True  # no savepoint per row: save_instance only queues, after_import posts in bulk

    @classmethod
    def column_names(cls):
        return [cls.fields[name].column_name for name in cls._meta.fields]  # not the model's order

    @classmethod
    def key_columns(cls):
        """Rows are told apart by a digest of their cells (see ``history_key``), not by one column."""
        return []

    def before_import(self, dataset, **kwargs):
        """Lock the file's members and read their savings state once for the whole file."""
        member_widget = self.fields["member"].widget
        member_widget.warm(dataset[self.fields["member"].column_name])
        codes = list(member_widget.cache)
        members = list(Member.objects.select_for_update().filter(code__in=codes))
        member_widget.cache.update({m.code: m for m in members})
        self.openings = existing_openings(codes)
        self.existing = set(SavingsTransaction.objects.filter(member__in=members)
                            .filter(idempotency_key__startswith=KEY_PREFIX).values_list("idempotency_key", flat=True))
        # An exported row names its own row ("#<id>"): found again by it, the export imports again unchanged.
        ids = [int(ref[1:]) for ref in (cell_text(c) for c in dataset[self.fields["reference"].column_name])
               if ref.startswith(EXPORTED) and ref[1:].isdigit()] if "No. bukti" in dataset.headers else []
        self.posted = {pk: (m, day, kind, type_, amount) for pk, m, day, kind, type_, amount in
                       SavingsTransaction.objects.filter(pk__in=ids, member__in=members).values_list(
                           "pk", "member_id", "value_date", "kind", "type", "amount")}
        self.checker = MovementChecker(members)
        self.seen = {}
        self.pending = []

    def get_instance(self, instance_loader, row):
        return None  # every row is a new movement; one already posted is skipped by its key

    def before_import_row(self, row, **kwargs):
        self.row_number = self.sheet_row(kwargs.get("row_number"))

    def after_init_instance(self, instance, new, row, **kwargs):
        instance.reference = ""  # the column may be left out of the file

    def dehydrate_reference(self, txn):
        return f"{EXPORTED}{txn.pk}"

    def _already_posted(self, txn):
        if txn.key in self.existing:
            return True
        ref = txn.reference
        if not (ref.startswith(EXPORTED) and ref[1:].isdigit()):
            return False
        return self.posted.get(int(ref[1:])) == (txn.member.pk, txn.value_date, txn.kind, txn.type, txn.amount)

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        instance.key = (history_key(instance.member.code, instance.value_date, instance.kind, instance.type,
                                    instance.amount, instance.reference) if instance.value_date else None)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        return not import_validation_errors and self._already_posted(instance)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if not errors:
            errors.update(self._movement_errors(instance))
        if errors:
            raise ValidationError(errors)

    def _movement_errors(self, txn):
        if txn.value_date is None:
            return {"value_date": [ValidationError(_("is empty"), code="cell_empty")]}
        if txn.key in self.seen:
            return {"reference": [ValidationError(
                _("the same movement as row %(row)s; give each its own No. bukti"), code="repeated",
                params={"row": self.seen[txn.key]})]}
        self.seen[txn.key] = self.row_number
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
        txn.movement = mv
        return {}

    def save_instance(self, instance, is_create, row, **kwargs):
        """Queue the movement; the file's movements are posted together after the last row."""
        self.pending.append(instance.movement)

    def after_import(self, dataset, result, **kwargs):
        # Every row was checked above; the dry run skips the bulk writes, which cannot change the preview.
        if not kwargs.get("dry_run"):
            bulk_post(self.pending, actor=self.actor)
