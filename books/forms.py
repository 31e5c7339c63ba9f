"""Forms for the treasurer's books."""
import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from core.dates import today
from core.forms import DateInput, OnceForm, RupiahField


class PeriodForm(forms.Form):
    """A date range; the current month until today when not given."""

    start = forms.DateField(label=_("From"), widget=DateInput(), required=False)
    end = forms.DateField(label=_("Until"), widget=DateInput(), required=False)

    def period(self):
        """Return (start, end): the chosen dates, or the month so far for what is missing or wrong."""
        on = today()
        start, end = on.replace(day=1), on
        if self.is_valid():
            start = self.cleaned_data["start"] or start
            end = self.cleaned_data["end"] or end
        if end < start:
            start, end = end, start
        return start, end


EXPENSE_ACCOUNTS = [
    ("operating_expense", _("Other operating costs")),
    ("meeting_expense", _("Meeting costs")),
    ("stationery_expense", _("Stationery")),
]


class BookEntryForm(OnceForm):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    amount = RupiahField(label=_("Amount (Rp)"))
    memo = forms.CharField(label=_("Description"), max_length=255)

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > today():
            raise forms.ValidationError(_("The date cannot be in the future."), code="future_date")
        if date < datetime.date(1990, 1, 1):
            raise forms.ValidationError(_("Check the year."), code="too_old")
        return date


class ExpenseForm(BookEntryForm):
    account = forms.ChoiceField(label=_("Expense"), choices=EXPENSE_ACCOUNTS)
