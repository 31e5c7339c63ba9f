from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.forms import DateField, ModelChoiceField, SearchField, bounded_formfield
from core.inputs import is_ascii_digits

from .models import Group, GroupOfficer, Region
from .regimes import LegalForm
from .rules import GroupRules


class GroupFilterForm(forms.Form):
    q = SearchField(label=_("Search"))
    region = ModelChoiceField(label=_("Region"), queryset=Region.objects.all(), required=False)
    officer = ModelChoiceField(
        label=_("Field officer"), required=False,
        queryset=User.objects.filter(role=User.Role.FIELD_OFFICER).order_by("first_name"),
    )
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All"))] + list(Group.Status.choices))


class GroupForm(forms.ModelForm):
    class Meta:
        model = Group
        fields = ["code", "name", "region", "village", "address", "founded_on", "lkp_founded_on", "status",
                  "legal_form", "meeting_week", "meeting_weekday", "meeting_place"]
        formfield_callback = bounded_formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left out (an older form, an import): the group keeps its legal form, a new one is informal.
        self.fields["legal_form"].required = False

    def clean_legal_form(self):
        return self.cleaned_data.get("legal_form") or self.instance.legal_form or Group._meta.get_field(
            "legal_form").default


RULES_FIELDS = [
    "pokok_amount", "wajib_amount", "sukarela_interest_rate", "sukarela_interest_schedule",
    "sukarela_interest_basis", "loan_interest_method", "loan_interest_rate", "loan_terms", "loan_max_amount",
    "loan_max_savings_multiple", "loan_min_membership_months", "loan_min_attendance_rate",
    "loan_attendance_window", "loan_require_wajib_current", "loan_require_no_arrears", "loan_max_concurrent",
    "loan_admin_fee_type", "loan_admin_fee_value", "loan_admin_fee_deducted", "loan_penalty_type",
    "loan_penalty_value", "loan_penalty_grace_days", "loan_rounding", "loan_due_at", "loan_first_due_min_days",
    "loan_dues_follow_meeting", "loan_allocation_order",
    "loan_manager_approval_above", "loan_joint_liability", "shu_jasa_anggota_pct", "shu_jasa_modal_pct",
    "shu_reserve_pct", "shu_other_funds_pct", "shu_jasa_modal_basis", "shu_jasa_anggota_basis", "shu_leavers_share",
    "shu_paid_as",
]


class RulesVersionForm(forms.ModelForm):
    """A new version of the rules; the service decides whether it may start on that date."""

    class Meta:
        model = GroupRules
        fields = ["effective_from", "decision_note"] + RULES_FIELDS
        formfield_callback = bounded_formfield

    def clean_loan_terms(self):
        value = self.cleaned_data["loan_terms"]
        parts = [p.strip() for p in value.split(",") if p.strip()]
        if not parts or not all(is_ascii_digits(p) and 0 < int(p) <= 60 for p in parts):
            raise forms.ValidationError(_("Write whole months between 1 and 60, separated by commas."),
                                        code="invalid_terms")
        return ",".join(str(int(p)) for p in parts)


class LegalFormChangeForm(forms.Form):
    """The LKP's new legal form from a date (its deed or approval); the service checks the date."""

    legal_form = forms.ChoiceField(label=_("New legal form"), choices=LegalForm.choices)
    effective_from = DateField(label=_("In force from"))
    decision_note = forms.CharField(label=_("Decision (deed, approval)"), max_length=255, required=False)


class AssignmentForm(forms.Form):
    officer = ModelChoiceField(
        label=_("Field officer"), queryset=User.objects.filter(role=User.Role.FIELD_OFFICER, is_active=True)
    )
    start = DateField(label=_("From"))


class OfficerForm(forms.Form):
    role = forms.ChoiceField(label=_("Office"), choices=GroupOfficer.Role.choices)
    member = ModelChoiceField(label=_("Member"), queryset=None)
    start = DateField(label=_("From"))

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = group.members.filter(exited_on__isnull=True).order_by("full_name")
