"""The month-end loss reserve forms: which month to post, and the reason for reversing the latest."""
from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.dates import add_months, month_end, today
from core.forms import OnceForm

MONTHS_OFFERED = 24


def recent_month_ends(on=None):
    """Return the last ``MONTHS_OFFERED`` month ends that have passed by ``on``, newest first."""
    on = on or today()
    last = month_end(on) if month_end(on) == on else month_end(add_months(on.replace(day=1), -1))
    return [month_end(add_months(last.replace(day=1), -n)) for n in range(MONTHS_OFFERED)]


class ProvisionForm(OnceForm):
    month = forms.TypedChoiceField(label=_("Month end"), coerce=lambda v: v, choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ends = recent_month_ends()
        self.ends = {d.isoformat(): d for d in ends}
        self.fields["month"].choices = [(d.isoformat(), date_format(d, "F Y")) for d in ends]
        self.fields["month"].coerce = self.ends.get
        self.initial.setdefault("month", ends[0].isoformat())


class ProvisionReverseForm(OnceForm):
    provision = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**62)
    reason = forms.CharField(label=_("Reason for the reversal"), max_length=255)
