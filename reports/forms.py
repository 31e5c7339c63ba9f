"""Choosers for the report pages: a scope (group, region, field officer) and a period."""

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.forms import DateField, ModelChoiceField
from groups.models import Region
from groups.selectors import groups_visible_to
from loans.forms.provisions import recent_month_ends

from .selectors.scope import default_period, officers_visible_to, period_ending, regions_visible_to


class PeriodForm(forms.Form):
    start = DateField(label=_("From"), required=False)
    end = DateField(label=_("Until"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:  # show the period the page reports on, not empty boxes
            start, end = default_period()
            self.initial.setdefault("start", start)
            self.initial.setdefault("end", end)

    def clean(self):
        data = super().clean()
        data["end"] = data.get("end") or default_period()[1]
        data["start"] = data.get("start") or period_ending(data["end"]).start
        if data["start"] > data["end"]:
            raise forms.ValidationError(_("The period must start on or before its last day."), code="bad_period")
        if (data["end"] - data["start"]).days > 366 * 30:
            raise forms.ValidationError(_("Choose a period of at most thirty years."), code="long_period")
        return data


class ScopeForm(PeriodForm):
    """A period and one of: a group, a region (any level), a field officer; nothing means all.

    The choices are the ones ``reports.selectors.scope.scope_from_params`` accepts; the views
    read the scope with it first, so a choice out of scope is a 404 before this form sees it.
    """

    group = ModelChoiceField(label=_("Group"), required=False, queryset=None)
    region = ModelChoiceField(label=_("Region"), required=False, queryset=None)
    officer = ModelChoiceField(label=_("Field officer"), required=False, queryset=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups_visible_to(user).order_by("name")
        self.fields["region"].queryset = regions_visible_to(user).order_by("name")
        self.fields["officer"].queryset = officers_visible_to(user).order_by("first_name")
        if user.is_treasurer:
            del self.fields["region"], self.fields["officer"]


class DistrictStatementsForm(PeriodForm):
    """A district (city or regency), a period and the paper, for every member's statement of its groups."""

    region = ModelChoiceField(label=_("City / regency"), queryset=Region.objects.filter(
        level=Region.Level.DISTRICT).order_by("name"))
    paper = forms.ChoiceField(label=_("Paper"), choices=[("A4", "A4"), ("F4", "F4")], initial="A4")


class MonthEndProvisionsForm(forms.Form):
    """The month whose loss reserve is posted for every group: a month end that has passed."""

    month = forms.TypedChoiceField(label=_("Month end"), coerce=lambda v: v, choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ends = {d.isoformat(): d for d in recent_month_ends()}
        self.fields["month"].choices = [(key, date_format(d, "F Y")) for key, d in ends.items()]
        self.fields["month"].coerce = ends.get
        self.initial.setdefault("month", next(iter(ends)))
