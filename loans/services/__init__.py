"""Writes for loans: every step of the lifecycle is one service (atomic, locked, audited, posted)."""
from .dues import instalments_follow_meeting
from .lifecycle import (
    loan_apply,
    loan_decide,
    loan_disburse,
    loan_manager_approve,
    loan_recover,
    loan_reschedule,
    loan_write_off,
)
from .opening import loans_open_outstanding
from .payments import cover_payback, loan_cover, loan_repay, repayment_reverse
from .provisions import loan_provision_post, loan_provision_reverse, loan_provisions_post_many

__all__ = [
    "cover_payback", "instalments_follow_meeting", "loan_apply", "loan_cover", "loan_decide", "loan_disburse",
    "loan_manager_approve", "loan_provision_post", "loan_provision_reverse", "loan_provisions_post_many",
    "loan_recover", "loan_repay", "loan_reschedule", "loan_write_off", "loans_open_outstanding", "repayment_reverse",
]
