"""The steps of a loan after its application. Each view parses a form, calls one service, redirects."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.dates import today
from core.forms import OnceForm, add_service_errors
from groups.selectors import rules_for
from loans import services
from loans.forms.steps import (
    CoverForm,
    DateOnlyForm,
    DecisionForm,
    PaybackForm,
    ReasonForm,
    RepaymentForm,
    RescheduleForm,
)
from loans.models import LoanStatus, Repayment
from loans.offers import approval_refusal, cover_refusal
from loans.positions import loan_position
from loans.selectors import can_approve_loans, can_record_loans, get_loan_for_user, loans_visible_to


def _step(request, loan, form, call, *, title, done, submit=None, refusal=None):
    """Run ``call(**cleaned_data)`` on a valid POST and redirect to the loan; else show the form.

    ``refusal``: why the step cannot succeed for this user or these rules (loans.offers); the page
    then says so instead of offering a form the service would refuse.
    """
    if refusal:
        return render(request, "loans/step_form.html", {"loan": loan, "title": title, "refusal": refusal},
                      status=400 if request.method == "POST" else 200)
    if request.method == "POST" and form.is_valid():
        try:
            call(**form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(loan)
    return render(request, "loans/step_form.html", {"loan": loan, "form": form, "title": title,
                                                    "submit_label": submit or title})


def _loan_for_recorder(request, pk):
    loan = get_loan_for_user(request.user, pk)
    if not can_record_loans(request.user):
        raise PermissionDenied
    return loan


def loan_decide(request, pk):
    loan = _loan_for_recorder(request, pk)
    form = DecisionForm(request.POST or None, initial={"date": today()},
                        meetings=loan.group.meetings.order_by("-date"))
    return _step(request, loan, form, lambda **d: services.loan_decide(loan=loan, actor=request.user, **d),
                 title=gettext_lazy("Record the group's decision"), done=_("Decision recorded."))


def loan_approve(request, pk):
    loan = get_loan_for_user(request.user, pk)
    if not can_approve_loans(request.user):
        raise PermissionDenied
    # Its POST holds only the CSRF token and the form's key: bound on any POST.
    form = OnceForm(request.POST if request.method == "POST" else None)
    return _step(request, loan, form, lambda **d: services.loan_manager_approve(loan=loan, actor=request.user, **d),
                 title=gettext_lazy("Manager approval"), done=_("Loan approved."), submit=_("Approve"),
                 refusal=approval_refusal(loan, request.user))


def loan_disburse(request, pk):
    loan = _loan_for_recorder(request, pk)
    form = DateOnlyForm(request.POST or None, initial={"date": today()})
    return _step(request, loan, form, lambda **d: services.loan_disburse(loan=loan, actor=request.user, **d),
                 title=gettext_lazy("Disburse the loan"), done=_("Loan disbursed; the schedule is ready."))


def loan_repay(request, pk):
    loan = _loan_for_recorder(request, pk)
    # The form's key is kept on the repayment row: submitting the same form twice posts it once.
    form = RepaymentForm(request.POST or None, initial={"date": today()})
    return _step(request, loan, form, lambda **d: services.loan_repay(loan=loan, actor=request.user, **d),
                 title=gettext_lazy("Record a repayment"), done=_("Repayment recorded."))


def loan_cover(request, pk):
    loan = _loan_for_recorder(request, pk)
    form = CoverForm(request.POST or None, initial={"date": today()},
                     members=loan.group.members.active().exclude(pk=loan.member_id))
    on = today()
    refusal = None
    if loan.status == LoanStatus.ACTIVE:
        refusal = cover_refusal(loan, rules=rules_for(loan.group, on), position=loan_position(loan, as_of=on), on=on)
    return _step(request, loan, form, lambda **d: services.loan_cover(loan=loan, actor=request.user, **d),
                 title=gettext_lazy("Cover an instalment (tanggung renteng)"), done=_("Cover recorded."),
                 refusal=refusal)


def _payment_for_recorder(request, pk):
    payment = get_object_or_404(Repayment.objects.filter(loan__in=loans_visible_to(request.user)), pk=pk)
    if not can_record_loans(request.user):
        raise PermissionDenied
    return payment


def cover_payback(request, pk):
    cover = _payment_for_recorder(request, pk)
    form = PaybackForm(request.POST or None, initial={"date": today()})
    return _step(request, cover.loan, form,
                 lambda **d: services.cover_payback(cover=cover, actor=request.user, **d),
                 title=gettext_lazy("Pay back a cover"), done=_("Payback recorded."))


def repayment_reverse(request, pk):
    payment = _payment_for_recorder(request, pk)
    form = ReasonForm(request.POST or None, initial={"date": today()})
    return _step(request, payment.loan, form,
                 lambda **d: services.repayment_reverse(repayment=payment, actor=request.user, **d),
                 title=gettext_lazy("Reverse a payment"), done=_("Payment reversed."))


def loan_reschedule(request, pk):
    loan = _loan_for_recorder(request, pk)
    form = RescheduleForm(request.POST or None, initial={"date": today()})
    return _step(request, loan, form, lambda **d: services.loan_reschedule(loan=loan, actor=request.user, **d),
                 title=gettext_lazy("Reschedule the remaining principal"), done=_("New schedule made."))


def loan_write_off(request, pk):
    loan = get_loan_for_user(request.user, pk)
    if not can_approve_loans(request.user):
        raise PermissionDenied
    form = ReasonForm(request.POST or None, initial={"date": today()})
    return _step(request, loan, form, lambda **d: services.loan_write_off(loan=loan, actor=request.user, **d),
                 title=gettext_lazy("Write off the loan"), done=_("Loan written off."))


def loan_recover(request, pk):
    loan = _loan_for_recorder(request, pk)
    form = PaybackForm(request.POST or None, initial={"date": today()})
    return _step(request, loan, form, lambda **d: services.loan_recover(loan=loan, actor=request.user, **d),
                 title=gettext_lazy("Record a recovery"), done=_("Recovery recorded."))
