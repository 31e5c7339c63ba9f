"""Forms of a member's exit; the service decides what is allowed."""
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateField, OnceForm


class ExitPreviewForm(forms.Form):
    date = DateField(label=_("Exit date"))

    def preview_date(self, default):
        return self.cleaned_data["date"] if self.is_valid() else default


class ExitForm(OnceForm):
    date = DateField(label=_("Exit date"))
    confirm = forms.BooleanField(label=_("The member has received the payout in cash"))
