"""One loan: its schedule with what is paid, every payment and how it was split, covers, history."""
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from core.dates import today
from groups.selectors import rules_for
from loans.models import LoanStatus
from loans.offers import approval_refusal, cover_refusal, payback_owed
from loans.positions import loan_position
from loans.quality import classify
from loans.quality_selectors import group_regime
from loans.rates import rates_for_schedule
from loans.selectors import can_approve_loans, can_record_loans, get_loan_for_user, loan_audit_trail, loan_history

STEP_LABELS = {
    "loans.apply": _("Application recorded"),
    "loans.decide": _("Group decision recorded"),
    "loans.manager_approve": _("Approved by the manager"),
    "loans.disburse": _("Disbursed"),
    "loans.bulk_disburse": _("Disbursed"),
    "loans.reschedule": _("Rescheduled"),
}


def loan_detail(request, pk):
    loan = get_loan_for_user(request.user, pk)
    on = today()
    position = loan_position(loan, as_of=on) if loan.disbursed_on else None
    regime = group_regime(loan.group, on)
    can_record = can_record_loans(request.user)
    trail = list(loan_audit_trail(loan))
    for event in trail:
        event.label = STEP_LABELS.get(event.action, event.action)
    payments = list(loan_history(loan))
    for p in payments:
        # A cover paid back in full, or one with paybacks (which cannot be reversed), offers no such step.
        p.owed = payback_owed(p) if p.kind == "cover" else 0
        p.has_paybacks = bool(p.kind == "cover" and p.paybacks.all())
    can_approve = can_approve_loans(request.user) and loan.status == LoanStatus.AWAITING_MANAGER
    can_pay = can_record and loan.status == LoanStatus.ACTIVE
    refusals = {
        "approve": approval_refusal(loan, request.user) if can_approve else None,
        "cover": cover_refusal(loan, rules=rules_for(loan.group, on), position=position, on=on) if can_pay else None,
    }
    rates = None
    current = loan.schedules.order_by("-version").first()
    if current is not None and loan.rate is not None:
        totals = [p + i for p, i in current.instalments.order_by("number").values_list("principal", "interest")]
        rates = rates_for_schedule(regime, principal=current.principal, instalments=totals, rate=loan.rate,
                                   method=loan.method) if totals else None
    return render(request, "loans/loan_detail.html", {
        "rates": rates,
        "loan": loan,
        "position": position,
        "quality": classify(regime, dpd=position.days_past_due, on=on) if position else None,
        "regime": regime,
        "payments": payments,
        "schedules": loan.schedules.order_by("-version"),
        "trail": trail,
        "can_record": can_record,
        "can_decide": can_record and loan.status == LoanStatus.APPLIED,
        "can_approve": can_approve and not refusals["approve"],
        "can_disburse": can_record and loan.status == LoanStatus.APPROVED,
        "can_pay": can_pay,
        "can_cover": can_pay and not refusals["cover"],
        "can_write_off": can_approve_loans(request.user) and loan.status == LoanStatus.ACTIVE,
        "can_recover": can_record and loan.status == LoanStatus.WRITTEN_OFF,
        "refusals": [reason for reason in refusals.values() if reason],
    })
