from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.forms import DateField, ModelChoiceField, SearchField


class AuditFilterForm(forms.Form):
    group = ModelChoiceField(label=_("Group"), queryset=None, required=False)
    actor = ModelChoiceField(label=_("User"), queryset=User.objects.order_by("username"), required=False)
    action = SearchField(label=_("Action"),
                         help_text=_("The start of an action, e.g. \"loans.\" or \"savings.deposit\"."))
    start = DateField(label=_("From"), required=False)
    end = DateField(label=_("Until"), required=False)

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups.order_by("name")
