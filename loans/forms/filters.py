"""Filters of the group's loan list."""
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import SearchField
from loans.models import LoanStatus


class LoanFilterForm(forms.Form):
    q = SearchField(label=_("Member"))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All"))] + LoanStatus.choices)
    late = forms.BooleanField(label=_("Only overdue"), required=False)
