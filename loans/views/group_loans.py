"""The group's loans: filters, outstanding principal and days past due, and downloads."""
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.dates import today
from core.export import export_response, wants_export
from groups.selectors import get_group_for_user
from loans.forms.filters import LoanFilterForm
from loans.models import Loan
from loans.positions import days_past_due_by_loan, outstanding_principal_by_loan
from loans.quality import classify
from loans.quality_selectors import group_regime


def _filtered(group, params):
    form = LoanFilterForm(params or None)
    loans = Loan.objects.filter(group=group).select_related("member")
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            loans = loans.filter(Q(member__full_name__icontains=data["q"]) | Q(member__code__icontains=data["q"]))
        if data["status"]:
            loans = loans.filter(status=data["status"])
    return form, loans.order_by("-applied_on", "-id")


def _rows(loans, on, *, only_late):
    """Attach outstanding principal, days past due and class to ``loans`` (two queries for all)."""
    outstanding = outstanding_principal_by_loan(loans, as_of=on)
    dpd = days_past_due_by_loan(loans, as_of=on)
    if only_late:
        loans = loans.filter(pk__in=list(dpd))
    return loans, outstanding, dpd


def group_loans(request, group_pk):
    group = get_group_for_user(request.user, group_pk)
    form, loans = _filtered(group, request.GET)
    on = today()
    only_late = form.is_valid() and form.cleaned_data["late"]
    loans, outstanding, dpd = _rows(loans, on, only_late=only_late)
    fmt = wants_export(request)
    if fmt:
        return _export(group, loans, outstanding, dpd, fmt)
    page = Paginator(loans, 25).get_page(request.GET.get("page"))
    regime = group_regime(group, on)
    for loan in page.object_list:
        loan.outstanding = outstanding.get(loan.pk, 0) if loan.disbursed_on else None
        loan.dpd = dpd.get(loan.pk, 0)
        loan.quality = classify(regime, dpd=loan.dpd, on=on) if loan.is_open else None
    return render(request, "loans/group_loans.html", {"group": group, "form": form, "page": page, "regime": regime})


def _export(group, loans, outstanding, dpd, fmt):
    headers = [_("Member code"), _("Member"), _("Applied on"), _("Amount"), _("Term (months)"), _("Status"),
               _("Disbursed on"), _("Outstanding principal"), _("Days past due"), _("Rescheduled")]
    rows = [(loan.member.code, loan.member.full_name, loan.applied_on, loan.amount, loan.term,
             loan.get_status_display(), loan.disbursed_on, outstanding.get(loan.pk, 0) if loan.disbursed_on else None,
             dpd.get(loan.pk, 0), _("yes") if loan.rescheduled else "") for loan in loans]
    return export_response(headers=headers, rows=rows, filename=_("loans %(group)s") % {"group": group.code},
                           fmt=fmt)
