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


class InterestForm(OnceForm):
    period_end = DateField(label=_("Period ending on"),
                                 help_text=_("The last day of the month (or of the year) being credited."))
