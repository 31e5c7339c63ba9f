"""Forms of the year end: the RAT's decision that posts it, the reason for a reversal, an SHU payout."""
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateField, DateInput, OnceForm, RupiahField


class PostForm(forms.Form):
    """The RAT's decision. The hidden key, made when the form is shown, posts it once however often it is sent."""

    decided_on = forms.DateField(label=_("Date of the RAT"), widget=DateInput())
    agreed_by = forms.CharField(label=_("Who agreed"), max_length=255,
                                help_text=_("E.g. \"RAT, 18 of 20 members present, agreed unanimously\"."))
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)


class ReverseForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255,
                             help_text=_("Every entry of the year end is reversed and the year opens again."))


class PayoutForm(OnceForm):
    """Cash paid to a member from the SHU held for her; ``owed`` are ``shu_owed_rows``, the unpaid ones offered."""

    member = forms.TypedChoiceField(label=_("Member"), coerce=int)
    amount = RupiahField(label=_("Amount paid"))
    paid_on = DateField(label=_("Paid on"), widget=DateInput())

    def __init__(self, *args, owed=(), **kwargs):
        super().__init__(*args, **kwargs)
        unpaid = [row["member"] for row in owed if row["owed"] > 0]  # only those still owed are offered
        self.members = {m.pk: m for m in unpaid}
        self.fields["member"].choices = [(m.pk, f"{m.code} {m.full_name}") for m in unpaid]
