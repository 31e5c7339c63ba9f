"""Forms for the steps after the application: decision, disbursement, payments, end of a loan."""
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ModelChoiceField, OnceForm

from .fields import RupiahField, date_field


class DecisionForm(OnceForm):
    approved = forms.TypedChoiceField(label=_("Group decision"), coerce=lambda v: v == "yes",
                                      choices=[("yes", _("Approved")), ("no", _("Rejected"))],
                                      widget=forms.RadioSelect)
    date = date_field(_("Decision date"))
    meeting = ModelChoiceField(label=_("Meeting"), queryset=None, required=False)
    agreed_by = forms.CharField(label=_("Who agreed"), max_length=255,
                                help_text=_("E.g. \"all members present\" or their names."))

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings


class DateOnlyForm(OnceForm):
    date = date_field()


class RepaymentForm(OnceForm):
    amount = RupiahField(label=_("Amount (Rp)"))
    date = date_field()
    overpayment = forms.ChoiceField(
        label=_("If she pays more than the loan still owes"), initial="refuse",
        choices=[("refuse", _("Refuse the payment")), ("sukarela", _("Keep the rest as simpanan sukarela"))])


class CoverForm(OnceForm):
    amount = RupiahField(label=_("Amount (Rp)"))
    date = date_field()
    coverer = ModelChoiceField(label=_("Covered by"), queryset=None, required=False,
                                     empty_label=_("The group fund"))

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coverer"].queryset = members


class PaybackForm(OnceForm):
    amount = RupiahField(label=_("Amount (Rp)"))
    date = date_field()


class ReasonForm(OnceForm):
    date = date_field()
    reason = forms.CharField(label=_("Reason"), max_length=255)


class RescheduleForm(ReasonForm):
    term = forms.IntegerField(label=_("New term (months)"), min_value=1, max_value=120)
