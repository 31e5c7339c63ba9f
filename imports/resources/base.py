"""What every import shares: natural keys, unchanged rows skipped, errors named by their column."""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources


def column_phrase(column):
    """Return a header as it reads inside a sentence: "Tanggal masuk" → "tanggal masuk", "NIK" stays."""
    if len(column) > 1 and column[1].isupper():
        return column
    return column[:1].lower() + column[1:]


def cell_field(attribute, column, widget):
    return fields.Field(attribute=attribute, column_name=column, widget=widget)


class LkpResource(resources.ModelResource):
    """What every import shares: natural keys, unchanged rows skipped, errors named by column."""

    #: column → value for the example row of the downloadable template
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

    def column_for(self, attribute):
        for field in self.fields.values():
            if field.attribute == attribute:
                return field.column_name
        return None
