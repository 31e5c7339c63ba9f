"""Form helpers shared by the apps."""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.money import parse_rupiah


class DateInput(forms.DateInput):
    """The browser's own date picker (ISO value), which phones show natively."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class RupiahField(forms.CharField):
    """A whole number of Rupiah typed the Indonesian way ("1.250.000", "Rp 1250000"); cleaned to int."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            amount = parse_rupiah(value)
        except ValueError:
            raise ValidationError(_("Enter a whole number of Rupiah, e.g. 1.250.000."), code="invalid") from None
        if amount <= 0:
            raise ValidationError(_("Enter an amount of at least Rp 1."), code="not_positive")
        return amount


def add_service_errors(form, exc: ValidationError):
    """Show a service's ValidationError on the form: on fields where it names them, else on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
