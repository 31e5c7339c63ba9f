from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateField, ModelChoiceField, SearchField, bounded_formfield
from groups.models import Group

from .models import Member


class MemberFilterForm(forms.Form):
    q = SearchField(label=_("Search"))
    group = ModelChoiceField(label=_("Group"), queryset=Group.objects.none(), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[
        ("", _("All")), ("active", _("Active")), ("exited", _("Exited")),
    ])

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups


class MemberForm(forms.ModelForm):
    """Who she is and how to reach her; nothing about collateral, family card or husband."""

    class Meta:
        model = Member
        fields = ["code", "group", "full_name", "nickname", "nik", "phone", "contact_consent", "address",
                  "village", "birth_date", "business_type", "business_description", "joined_on",
                  "travel_minutes"]
        formfield_callback = bounded_formfield

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups
        if self.instance.pk:
            # Moving between groups keeps history, so it has its own form.
            self.fields["group"].disabled = True
            self.fields["joined_on"].disabled = True


class TransferForm(forms.Form):
    to_group = ModelChoiceField(label=_("New group"), queryset=Group.objects.none())
    on = DateField(label=_("From"))

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_group"].queryset = groups
