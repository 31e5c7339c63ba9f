"""Forms for the treasurer's books."""
from django import forms
from django.utils.translation import gettext_lazy as _

from core.dates import today
from core.forms import DateField, OnceForm, RupiahField


class PeriodForm(forms.Form):
    """A date range; the current month until today when not given."""

    start = DateField(label=_("From"), required=False)
    end = DateField(label=_("Until"), required=False)

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
    date = DateField(label=_("Date"))
    amount = RupiahField(label=_("Amount (Rp)"))
    memo = forms.CharField(label=_("Description"), max_length=255)

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > today():
            raise forms.ValidationError(_("The date cannot be in the future."), code="future_date")
        return date


class ExpenseForm(BookEntryForm):
    account = forms.ChoiceField(label=_("Expense"), choices=EXPENSE_ACCOUNTS)


class ReversalForm(OnceForm):
    """The reason for reversing an entry, or a savings row with its entry (``savings.forms`` uses it too)."""

    reason = forms.CharField(label=_("Reason"), max_length=255,
                             help_text=_("Why the transaction was wrong, e.g. the wrong member or amount."))
