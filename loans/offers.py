"""Why a step of a loan that the service would refuse is not offered.

A button that cannot succeed for this user or under these rules is not shown: its reason is,
in the service's own words (loans.services), so nobody fills a form only to be refused. The
services still refuse on their own; these checks only decide what the pages offer.
"""
from django.utils.translation import gettext as _

from loans.models import LoanStatus


def approval_refusal(loan, user):
    """Return why ``user`` cannot give the manager's approval ``loan`` waits for, or None."""
    if loan.status == LoanStatus.AWAITING_MANAGER and user.pk in {loan.created_by_id, loan.decided_by_id}:
        return _("Another person must approve: you recorded this loan.")
    return None


def due_by(position, on):
    """Return what is due by ``on`` and still unpaid: all a cover may pay."""
    return sum(s.unpaid for s in position.instalments if s.due_date <= on)


def cover_refusal(loan, *, rules, position, on):
    """Return why an instalment of ``loan`` cannot be covered on ``on``, or None."""
    if rules is None or not rules.loan_joint_liability:
        return _("The group's rules have no joint liability (tanggung renteng).")
    if position is None or due_by(position, on) <= 0:
        return _("Nothing is due yet: a cover pays only what is due.")
    return None


def payback_owed(cover):
    """Return what is still owed on ``cover`` from its prefetched paybacks (no query)."""
    return cover.amount - sum(b.amount for b in cover.paybacks.all())
