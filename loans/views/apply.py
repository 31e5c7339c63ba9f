"""The loan application page: the member's eligibility, explained, beside the form."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.dates import today
from core.forms import add_service_errors
from groups.selectors import rules_for
from loans import services
from loans.forms.application import ApplicationForm
from loans.quality_selectors import group_regime
from loans.rates import rates_for_rules
from loans.selectors import can_record_loans, eligibility_for_members
from members.selectors import get_member_for_user


def loan_apply(request, member_pk):
    member = get_member_for_user(request.user, member_pk)
    if not can_record_loans(request.user):
        raise PermissionDenied
    on = today()
    rules = rules_for(member.group, on)
    if rules is None:
        raise Http404("no rules")
    form = ApplicationForm(request.POST or None, terms=rules.allowed_terms, initial={"date": on})
    if request.method == "POST" and form.is_valid():
        try:
            loan = services.loan_apply(member=member, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Application recorded. The group decides next."))
            return redirect(loan)
    eligibility = eligibility_for_members([member], on=on).get(member.pk)
    rates = rates_for_rules(group_regime(member.group, on), rate=rules.loan_interest_rate,
                            method=rules.loan_interest_method, terms=rules.allowed_terms)
    return render(request, "loans/apply.html", {"member": member, "form": form, "eligibility": eligibility,
                                                "rules": rules, "rates": rates})
