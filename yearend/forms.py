"""Forms of the year end: the RAT's decision that posts it, and the reason for a reversal."""
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput


class PostForm(forms.Form):
    """The RAT's decision. The hidden key, made when the form is shown, posts it once however often it is sent."""

    decided_on = forms.DateField(label=_("Date of the RAT"), widget=DateInput())
    agreed_by = forms.CharField(label=_("Who agreed"), max_length=255,
                                help_text=_("E.g. \"RAT, 18 of 20 members present, agreed unanimously\"."))
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)


class ReverseForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255,
                             help_text=_("Every entry of the year end is reversed and the year opens again."))
