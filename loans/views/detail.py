"""One loan: its schedule with what is paid, every payment and how it was split, covers, history."""
from django.shortcuts import render

from core.dates import today
from loans.models import LoanStatus
from loans.quality import collectibility
from loans.selectors import can_approve_loans, can_record_loans, get_loan_for_user, loan_history, loan_position


def loan_detail(request, pk):
    loan = get_loan_for_user(request.user, pk)
    on = today()
    position = loan_position(loan, as_of=on) if loan.disbursed_on else None
    can_record = can_record_loans(request.user)
    return render(request, "loans/loan_detail.html", {
        "loan": loan,
        "position": position,
        "quality": collectibility(position.days_past_due) if position else None,
        "payments": loan_history(loan),
        "schedules": loan.schedules.order_by("-version"),
        "can_record": can_record,
        "can_decide": can_record and loan.status == LoanStatus.APPLIED,
        "can_approve": can_approve_loans(request.user) and loan.status == LoanStatus.AWAITING_MANAGER,
        "can_disburse": can_record and loan.status == LoanStatus.APPROVED,
        "can_pay": can_record and loan.status == LoanStatus.ACTIVE,
        "can_write_off": can_approve_loans(request.user) and loan.status == LoanStatus.ACTIVE,
        "can_recover": can_record and loan.status == LoanStatus.WRITTEN_OFF,
    })
