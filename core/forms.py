"""Form helpers shared by the apps."""
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.inputs import EARLIEST, EARLIEST_BIRTH, EARLIEST_FOUNDING, MAX_SEARCH, date_problem
from core.money import parse_rupiah


class DateInput(forms.DateInput):
    """The browser's own date picker (ISO value), which phones show natively."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateField(forms.DateField):
    """A date in a sane range (``core.inputs``): from ``earliest`` to a year ahead (or today)."""

    widget = DateInput

    def __init__(self, *, earliest=None, future=True, **kwargs):
        self.earliest, self.future = earliest or EARLIEST, future
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["min"] = self.earliest.isoformat()  # the phone's date picker offers only these
        return attrs

    def validate(self, value):
        super().validate(value)
        if value is not None:
            message = date_problem(value, earliest=self.earliest, future=self.future)
            if message:
                raise ValidationError(message, code="date_out_of_range")


def _refuse_huge_ids(field, values):
    """An id that is no bigint (ASCII digits, at most 18) is simply not a choice; SQLite would overflow on it."""
    key = field.to_field_name or "pk"
    if key != "pk":
        return
    for value in values:
        text = str(value)
        if not (text.isascii() and text.isdigit() and len(text) <= 18):
            raise ValidationError(field.error_messages["invalid_choice"], code="invalid_choice",
                                  params={"value": text[:20]})


class ModelChoiceField(forms.ModelChoiceField):
    """A choice of a row by its id, refusing an id that no database integer holds."""

    def to_python(self, value):
        if value not in self.empty_values and not isinstance(value, self.queryset.model):
            _refuse_huge_ids(self, [value])
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        try:
            values = frozenset(value)
        except TypeError:
            values = ()
        try:
            _refuse_huge_ids(self, values)
        except ValidationError:
            raise ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                                  params={"pk": next(iter(values), "")[:20]}) from None
        return super()._check_values(value)


def bounded_formfield(model_field, **kwargs):
    """``formfield_callback`` for model forms: every date field gets the sane range (core.inputs)."""
    if isinstance(model_field, models.DateField) and not isinstance(model_field, models.DateTimeField):
        earliest = {"birth_date": EARLIEST_BIRTH, "founded_on": EARLIEST_FOUNDING,
                    "lkp_founded_on": EARLIEST_FOUNDING}.get(model_field.name, EARLIEST)
        future = model_field.name not in {"birth_date", "founded_on", "lkp_founded_on"}
        kwargs.pop("widget", None)
        return model_field.formfield(form_class=DateField, earliest=earliest, future=future, **kwargs)
    if isinstance(model_field, models.ForeignKey):
        return model_field.formfield(form_class=ModelChoiceField, **kwargs)
    if isinstance(model_field, models.ManyToManyField):
        return model_field.formfield(form_class=ModelMultipleChoiceField, **kwargs)
    return model_field.formfield(**kwargs)


class SearchField(forms.CharField):
    """A search term: at most ``core.inputs.MAX_SEARCH`` characters (longer ones are cut, not refused)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        return super().to_python(value)[:MAX_SEARCH]


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


class OnceForm(forms.Form):
    """A form that posts once: a hidden key made when the form is shown goes with every submission.

    The view passes ``idempotency_key`` to the service (see :mod:`core.idempotency`), which returns
    the first result to a second submission of the same form instead of posting again. A form
    shown again after an error keeps the key it was submitted with.
    """

    idempotency_key = forms.CharField(
        widget=forms.HiddenInput, required=False, max_length=64,
        validators=[RegexValidator(r"^[0-9a-f]{32}$", _("This form is out of date; open it again."),
                                   code="bad_key")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["idempotency_key"] = self.fields.pop("idempotency_key")  # after the fields people fill
        if not self.is_bound:
            self.initial["idempotency_key"] = uuid.uuid4().hex

    def clean_idempotency_key(self):
        return self.cleaned_data["idempotency_key"] or None
