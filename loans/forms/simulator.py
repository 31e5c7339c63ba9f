"""The loan simulator form: the inputs of a schedule, nothing about a member."""
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateField
from core.money import parse_rupiah
from groups.rules import GroupRules, InterestMethod


class SimulatorForm(forms.Form):
    """Principal, rate, term, method, rounding and grace; the schedule itself checks their combination."""

    principal = forms.CharField(label=_("Loan amount (Rp)"), max_length=20,
                                widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "1.000.000"}))
    rate = forms.DecimalField(label=_("Interest, % per month"), max_digits=6, decimal_places=3, min_value=0,
                              localize=True)
    term = forms.IntegerField(label=_("Term (months)"), min_value=1)
    method = forms.ChoiceField(label=_("Interest method"), choices=InterestMethod.choices)
    rounding = forms.TypedChoiceField(label=_("Round amounts to"), coerce=int, choices=GroupRules.Rounding.choices,
                                      initial=GroupRules.Rounding.ONE)
    grace = forms.IntegerField(label=_("Grace meetings (interest only)"), min_value=0, initial=0, required=False)
    disbursed_on = DateField(label=_("Disbursed on (optional)"), required=False,
                             help_text=_("With a date the schedule shows the due dates: the group's meetings when "
                                         "simulated for a group, else monthly from that day."))

    def clean_principal(self):
        try:
            return parse_rupiah(self.cleaned_data["principal"])
        except ValueError:
            raise forms.ValidationError(_("Enter a whole number of Rupiah, e.g. 1.500.000."), code="principal_format")

    def clean_grace(self):
        return self.cleaned_data["grace"] or 0
