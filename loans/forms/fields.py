"""Form fields shared by the loan forms."""
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, RupiahField  # noqa: F401  (re-exported for the loan forms)


def date_field(label=None):
    return forms.DateField(label=label or _("Date"), widget=DateInput())
