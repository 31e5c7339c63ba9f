"""Forms for savings at the office; the services decide what is allowed."""
from django import forms
from django.utils.translation import gettext_lazy as _

from books.forms import ReversalForm  # noqa: F401 (the books' reversal form: savings reverses the same way)
from core.forms import DateField, OnceForm, RupiahField

from .models import SavingsKind


class DepositForm(OnceForm):
    kind = forms.ChoiceField(label=_("Savings"), choices=SavingsKind.choices)
    amount = RupiahField(label=_("Amount (Rp)"))
    date = DateField(label=_("Date"))
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


class WithdrawalForm(OnceForm):
    amount = RupiahField(label=_("Amount (Rp)"), help_text=_("From simpanan sukarela only."))
    date = DateField(label=_("Date"))
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


class ExitPreviewForm(forms.Form):
    date = DateField(label=_("Exit date"))

    def preview_date(self, default):
        return self.cleaned_data["date"] if self.is_valid() else default


class ExitForm(OnceForm):
    date = DateField(label=_("Exit date"))
    confirm = forms.BooleanField(label=_("The member has received the payout in cash"))


class InterestForm(OnceForm):
    period_end = DateField(label=_("Period ending on"),
                                 help_text=_("The last day of the month (or of the year) being credited."))
