"""The month-end loss reserve, posted or reversed by a manager from the portfolio page (POST only)."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.money import format_rupiah
from groups.selectors import get_group_for_user
from loans import services
from loans.forms.provisions import ProvisionForm, ProvisionReverseForm
from loans.models import LoanProvision
from loans.selectors import can_approve_loans


def _back(group):
    return redirect(reverse("reports:portfolio") + f"?group={group.pk}#provisions")


def _refused(request, exc):
    messages.error(request, " ".join(exc.messages))


@require_POST
def provision_post(request, group_pk):
    """Post the group's loss reserve at a month end: a manager only, a group in her scope (else 404)."""
    group = get_group_for_user(request.user, group_pk)
    if not can_approve_loans(request.user):
        raise PermissionDenied
    form = ProvisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a month that has ended."))
        return _back(group)
    try:
        provision = services.loan_provision_post(group=group, month=form.cleaned_data["month"], actor=request.user,
                                                 idempotency_key=form.cleaned_data["idempotency_key"])
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Loss reserve at %(month)s: %(required)s required, %(posted)s posted.") % {
            "month": date_format(provision.month), "required": format_rupiah(provision.required),
            "posted": format_rupiah(provision.amount)})
    return _back(group)


@require_POST
def provision_reverse(request, group_pk):
    """Reverse the group's latest standing month-end reserve (the one the page showed), with a reason."""
    group = get_group_for_user(request.user, group_pk)
    if not can_approve_loans(request.user):
        raise PermissionDenied
    form = ProvisionReverseForm(request.POST)
    latest = LoanProvision.objects.filter(group=group, reversed_at__isnull=True).order_by("-month").first()
    if not form.is_valid():
        messages.error(request, _("Give the reason for the reversal."))
        return _back(group)
    if latest is None or latest.pk != form.cleaned_data["provision"]:
        messages.error(request, _("That reserve is no longer the latest one posted; look again."))
        return _back(group)
    try:
        services.loan_provision_reverse(provision=latest, actor=request.user, reason=form.cleaned_data["reason"],
                                        idempotency_key=form.cleaned_data["idempotency_key"])
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("The reserve at %(month)s is reversed.") % {"month": date_format(latest.month)})
    return _back(group)
