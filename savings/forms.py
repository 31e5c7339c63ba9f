"""Forms for savings at the office; the services decide what is allowed."""
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, OnceForm, RupiahField

from .models import SavingsKind


class DepositForm(OnceForm):
    kind = forms.ChoiceField(label=_("Savings"), choices=SavingsKind.choices)
    amount = RupiahField(label=_("Amount (Rp)"))
    date = forms.DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


class WithdrawalForm(OnceForm):
    amount = RupiahField(label=_("Amount (Rp)"), help_text=_("From simpanan sukarela only."))
    date = forms.DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


class ReversalForm(OnceForm):
    reason = forms.CharField(label=_("Reason"), max_length=255,
                             help_text=_("Why the transaction was wrong, e.g. the wrong member or amount."))


class ExitPreviewForm(forms.Form):
    date = forms.DateField(label=_("Exit date"), widget=DateInput())

    def preview_date(self, default):
        return self.cleaned_data["date"] if self.is_valid() else default


class ExitForm(OnceForm):
    date = forms.DateField(label=_("Exit date"), widget=DateInput())
    confirm = forms.BooleanField(label=_("The member has received the payout in cash"))


class InterestForm(OnceForm):
    period_end = forms.DateField(label=_("Period ending on"), widget=DateInput(),
                                 help_text=_("The last day of the month (or of the year) being credited."))
