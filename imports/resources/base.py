"""What every import shares: natural keys, unchanged rows skipped, errors named by their column."""
import hashlib

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources

from core.inputs import is_ascii_digits

from ..widgets import cell_text


def column_phrase(column):
    """Return a header as it reads inside a sentence: "Tanggal masuk" → "tanggal masuk", "NIK" stays."""
    if len(column) > 1 and column[1].isupper():
        return column
    return column[:1].lower() + column[1:]


def cell_field(attribute, column, widget):
    return fields.Field(attribute=attribute, column_name=column, widget=widget)


# The codes of the templates' example rows begin so; a row with such a cell is refused (imports.reading),
# so the example left in a file can neither rename a real member nor bring in a made-up one.
EXAMPLE_MARK = "CONTOH-"


class LkpResource(resources.ModelResource):
    """What every import shares: natural keys, unchanged rows skipped, errors named by column."""

    #: column → value for the example row of the downloadable template (codes begin with EXAMPLE_MARK)
    example = {}
    #: columns a file must have
    required_columns = ()

    def __init__(self, *, actor=None, row_numbers=None):
        super().__init__()
        self.actor = actor
        self.row_numbers = row_numbers  # the spreadsheet row of each data row (blank rows are left out)

    def sheet_row(self, number):
        """Return the row number the person sees in the spreadsheet for data row ``number`` (from 1)."""
        if self.row_numbers and number is not None and 0 < number <= len(self.row_numbers):
            return self.row_numbers[number - 1]
        return number

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True
        store_instance = True
        skip_html_diff = True

    @classmethod
    def column_names(cls):
        return [f.column_name for f in cls.fields.values()]

    @classmethod
    def key_columns(cls):
        return [cls.fields[name].column_name for name in cls._meta.import_id_fields]

    def get_instance(self, instance_loader, row):
        """Treat a row whose key cannot be read as new; import_instance then names the bad cell."""
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            return None

    def import_instance(self, instance, row, **kwargs):
        """Read every cell, turning a widget's complaint into "<column> <complaint>" for that field."""
        errors = {}
        for field in self.get_import_fields():
            try:
                self.import_field(field, instance, row, **kwargs)
            except ValueError as exc:
                errors[field.attribute] = ValidationError(
                    _("%(column)s %(problem)s") % {"column": column_phrase(field.column_name), "problem": exc},
                    code="cell",
                )
        if errors:
            raise ValidationError(errors)

    def file_members(self, dataset, queryset=None):
        """Read every member the file names in one query (``queryset`` may lock them) and return them."""
        widget = self.fields["member"].widget
        widget.warm(dataset[self.fields["member"].column_name], queryset=queryset)
        return list(widget.cache.values())

    def column_for(self, attribute):
        for field in self.fields.values():
            if field.attribute == attribute:
                return field.column_name
        return None


class SameTermsMixin:
    """For records an import never edits (a rules version, a loan brought in): same terms again, unchanged.

    A row whose record exists already is skipped as unchanged when its ``TERMS`` are those of the
    record, and refused with ``terms_refusal`` (attribute, message, code) when they are not: such a
    record is corrected by its own service, never by a file. A new row is checked by ``validate_new``.
    """

    TERMS = ()
    terms_refusal = None

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or instance._state.adding:
            return False
        return all(getattr(instance, f) == getattr(original, f) for f in self.TERMS)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if instance._state.adding:
            errors = self.validate_new(instance, errors)
        else:
            attribute, message, code = self.terms_refusal
            errors[attribute] = [ValidationError(message, code=code)]
        if errors:
            raise ValidationError(errors)

    def validate_new(self, instance, errors):
        """Return ``errors`` (attribute → errors) with the problems of a new row added."""
        return errors


class HistoryResource(LkpResource):
    """What the history files share: every row a new movement, posted together after the last row.

    A row is found again by its natural key, stored as a digest (``KEY_PREFIX`` + :func:`digest_key`)
    in the row's ``idempotency_key``, or, in an exported file, by its "No. bukti" "#<id>" naming the
    row itself; either way it is skipped as unchanged. Subclasses set ``instance.key`` in
    ``import_instance``, say in ``posted_as`` what an exported row must still match, queue
    ``instance.queued`` once checked and post the queue with ``post``.
    """

    KEY_PREFIX = ""
    EXPORTED = "#"  # "No. bukti" of an exported row: "#" and the row's id

    @classmethod
    def column_names(cls):
        return [cls.fields[name].column_name for name in cls._meta.fields]  # not the model's order

    @classmethod
    def key_columns(cls):
        """Rows are told apart by a digest of their cells, not by one column."""
        return []

    def read_posted(self, dataset, rows, *values):
        """Read which of ``rows`` this kind of file posted already, and ``values`` of those an export names."""
        self.existing = set(rows.filter(idempotency_key__startswith=self.KEY_PREFIX)
                            .values_list("idempotency_key", flat=True))
        column = self.fields["reference"].column_name
        ids = ([int(ref[1:]) for ref in (cell_text(c) for c in dataset[column])
                if ref.startswith(self.EXPORTED) and is_ascii_digits(ref[1:]) and len(ref) < 19]
               if column in dataset.headers else [])
        self.posted = {pk: tuple(rest) for pk, *rest in rows.filter(pk__in=ids).values_list("pk", *values)}
        self.seen = {}
        self.pending = []

    def get_instance(self, instance_loader, row):
        return None  # every row is a new movement; one already posted is skipped by its key

    def before_import_row(self, row, **kwargs):
        self.row_number = self.sheet_row(kwargs.get("row_number"))

    def after_init_instance(self, instance, new, row, **kwargs):
        instance.reference = ""  # the column may be left out of the file

    def dehydrate_reference(self, obj):
        return f"{self.EXPORTED}{obj.pk}"

    def posted_as(self, instance):
        """Return what the row an exported "#<id>" names must still hold for this row to be it."""
        raise NotImplementedError

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or instance.key is None:
            return False
        ref = instance.reference
        exported = (ref.startswith(self.EXPORTED) and is_ascii_digits(ref[1:]) and len(ref) < 19
                    and self.posted.get(int(ref[1:])) == self.posted_as(instance))
        return instance.key in self.existing or exported

    def repeated(self, instance):
        """Return the error of a row whose key an earlier row of the file has (remembering this one's), or {}."""
        if instance.key in self.seen:
            return {"reference": [ValidationError(
                _("the same movement as row %(row)s; give each its own No. bukti"), code="repeated",
                params={"row": self.seen[instance.key]})]}
        self.seen[instance.key] = self.row_number
        return {}

    def save_instance(self, instance, is_create, row, **kwargs):
        """Queue the checked movement; the file's movements are posted together after the last row."""
        self.pending.append(instance.queued)

    def after_import(self, dataset, result, **kwargs):
        # Every row was checked; the dry run skips the bulk writes, which cannot change the preview.
        if not kwargs.get("dry_run"):
            self.post(self.pending)

    def post(self, pending):
        """Post the file's checked movements ``pending`` as ``self.actor``."""
        raise NotImplementedError


def digest_key(prefix, *parts):
    """Return ``prefix`` and a digest of a row's natural key ``parts`` (fits an idempotency key column)."""
    natural = "|".join(str(part) for part in parts)
    return prefix + hashlib.sha256(natural.encode()).hexdigest()[:40]
