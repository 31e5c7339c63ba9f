"""The loan application: amount, term, purpose and the business it serves. Nothing else is asked."""
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import OnceForm

from .fields import RupiahField, date_field


class ApplicationForm(OnceForm):
    amount = RupiahField(label=_("Amount (Rp)"))
    term = forms.TypedChoiceField(label=_("Term (months)"), coerce=int)
    purpose = forms.CharField(label=_("Purpose"), max_length=255)
    business = forms.CharField(label=_("Business it serves"), max_length=255)
    date = date_field(_("Application date"))

    def __init__(self, *args, terms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].choices = [(t, t) for t in terms]
