"""Form fields shared by the loan forms."""
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import RupiahField  # noqa: F401  (re-exported for the loan forms)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)




def date_field(label=None):
    return forms.DateField(label=label or _("Date"), widget=DateInput())
