"""Savings pages: a member's savings, office deposits, withdrawals, reversals, exit and interest.

Every view reaches its member or group through the scoped selectors (out of scope = 404), then
checks the role (see :mod:`savings.permissions`), calls one service and redirects.
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.dates import today
from core.forms import add_service_errors
from groups.selectors import get_group_for_user
from members.selectors import get_member_for_user

from . import services
from .forms import DepositForm, InterestForm, ReversalForm, WithdrawalForm
from .permissions import can_correct_savings, can_record_savings
from .selectors import (
    REVERSIBLE_TYPES,
    member_history_page,
    savings_summary,
    savings_visible_to,
)


def member_savings(request, pk):
    """Show her balances by kind, wajib arrears and her history with running balances, paged."""
    member = get_member_for_user(request.user, pk)
    on = today()
    return render(request, "savings/member_savings.html", {
        "member": member,
        "summary": savings_summary(member, as_of=on),
        "page": member_history_page(member, page_number=request.GET.get("page")),
        "can_record": can_record_savings(request.user, member.group) and member.exited_on is None,
        "can_correct": can_correct_savings(request.user, member.group) and member.exited_on is None,
        "reversible": REVERSIBLE_TYPES,
        "today": on,
    })


def _record(request, pk, form_class, post, template, success):
    member = get_member_for_user(request.user, pk)
    if not can_record_savings(request.user, member.group):
        raise PermissionDenied
    form = form_class(request.POST or None, initial={"date": today()})
    if request.method == "POST" and form.is_valid():
        try:
            post(member, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect("savings:member", pk=member.pk)
    return render(request, template, {"form": form, "member": member,
                                      "summary": savings_summary(member, as_of=today())})


def deposit(request, pk):
    """Record a deposit taken at the office."""
    def post(member, data):
        services.savings_deposit(member=member, kind=data["kind"], amount=data["amount"], date=data["date"],
                                 note=data["note"], actor=request.user, idempotency_key=data["idempotency_key"])
    return _record(request, pk, DepositForm, post, "savings/deposit_form.html", _("Deposit recorded."))


def withdraw(request, pk):
    """Record a withdrawal of sukarela savings paid out at the office."""
    def post(member, data):
        services.savings_withdraw(member=member, amount=data["amount"], date=data["date"], note=data["note"],
                                  actor=request.user, idempotency_key=data["idempotency_key"])
    return _record(request, pk, WithdrawalForm, post, "savings/withdrawal_form.html", _("Withdrawal recorded."))


def reverse(request, pk):
    """Reverse a mistaken transaction, with the reason."""
    txn = get_object_or_404(savings_visible_to(request.user).select_related("member", "group"), pk=pk)
    if not can_correct_savings(request.user, txn.group):
        raise PermissionDenied
    form = ReversalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.savings_reverse(txn=txn, reason=form.cleaned_data["reason"], actor=request.user,
                                     idempotency_key=form.cleaned_data["idempotency_key"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Transaction reversed."))
            return redirect("savings:member", pk=txn.member_id)
    return render(request, "savings/reversal_form.html", {"form": form, "txn": txn, "member": txn.member})


def credit_interest(request, pk):
    """Credit sukarela interest to the group's members for a period, as the rules say."""
    group = get_group_for_user(request.user, pk)
    if not can_correct_savings(request.user, group):
        raise PermissionDenied
    form = InterestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rows = services.savings_credit_interest(group=group, period_end=form.cleaned_data["period_end"],
                                                    actor=request.user,
                                                    idempotency_key=form.cleaned_data["idempotency_key"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Interest credited to %(n)s members.") % {"n": len(rows)})
            return redirect(group)
    return render(request, "savings/interest_form.html", {"form": form, "group": group})
