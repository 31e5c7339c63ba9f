"""Post the money columns of a submitted sheet through the savings and loans code.

Called by :func:`sheet.services.sheet_submit` inside its transaction, after the meeting row
is locked: one failing row rolls everything back. Errors name the cell as ``<member id>.<column>``
so the page shows each on its row.

Savings go through ``savings.bulk.bulk_post`` (the same rows, entries and audit events as the
services, proven equal by the savings tests) so a 30-member sheet posts in a constant number of
queries; the members' rows are locked first, as the savings services lock them. Instalments go
through ``loans.bulk.bulk_post_repayments`` in one batch (what ``loan_repay`` on each would post,
proven equal by the loans tests); covers and disbursements, rare, through the loan services one
by one, each locking its loan.
"""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.money import format_rupiah
from loans.bulk import Payment, bulk_post_repayments
from loans.models import Loan, LoanStatus
from loans.services import loan_cover, loan_disburse
from members.services import lock_members
from savings.bulk import Movement, bulk_post

SAVINGS_COLUMNS = (("pokok", "pokok", "deposit"), ("wajib", "wajib", "deposit"),
                   ("sukarela_in", "sukarela", "deposit"), ("sukarela_out", "sukarela", "withdrawal"))


def _active_loans(member_ids):
    """Return {member_id: [active loan, ...]} oldest first (one query)."""
    result = {}
    for loan in (Loan.objects.filter(member_id__in=member_ids, status=LoanStatus.ACTIVE)
                 .select_related("member", "group").order_by("disbursed_on", "pk")):
        result.setdefault(loan.member_id, []).append(loan)
    return result


def _precheck(rows, dues, loans, errors):
    """Find the cells the services would refuse, so each error lands on its own row."""
    for member_id, row in rows.items():
        d = dues[member_id]
        available = d.sukarela_balance + row.get("sukarela_in", 0)
        if row.get("sukarela_out", 0) > available:
            errors[f"{member_id}.sukarela_out"] = [
                _("Her sukarela balance is %(balance)s; she cannot take %(amount)s.") % {
                    "balance": format_rupiah(available), "amount": format_rupiah(row["sukarela_out"])}]
        if row.get("instalment", 0) and not loans.get(member_id):
            errors[f"{member_id}.instalment"] = [_("She has no loan running.")]
        if row.get("cover_amount", 0) and not loans.get(row.get("cover_for")):
            errors[f"{member_id}.cover_amount"] = [_("The member she covers has no loan running.")]
        disbursed = row.get("disbursed", 0)
        if disbursed and (d.approved_loan is None or disbursed != d.approved_loan.amount):
            errors[f"{member_id}.disbursed"] = [
                _("Only an approved loan is disbursed, and whole (%(amount)s).") % {
                    "amount": format_rupiah(d.approved_loan.amount)} if d.approved_loan
                else _("She has no approved loan to disburse.")]


def _service(errors, key, call):
    """Run one loan service; file its ValidationError under ``key`` and carry on with the others."""
    try:
        return call()
    except ValidationError as exc:
        errors[key] = exc.messages
        return None


def _repayments(*, meeting, amount, loans, dues_by_loan):
    """Split ``amount`` over her loans: each what it owes now, oldest first; the rest on the last one."""
    payments = []
    for i, loan in enumerate(loans):
        last = i == len(loans) - 1
        part = amount if last else min(amount, dues_by_loan.get(loan.pk, 0))
        if part <= 0:
            continue
        amount -= part
        payments.append(Payment(loan, part, meeting.date, idempotency_key=f"meeting-{meeting.pk}-loan-{loan.pk}",
                                meeting=meeting))
    return payments


def _refused(errors):
    def refused(payment, error):
        errors.setdefault(f"{payment.loan.member_id}.instalment", error.messages)
    return refused


def post_money(*, meeting, rows, actor, dues):
    """Post each row's money with ``meeting=meeting``; raise a ValidationError naming every failing cell.

    ``dues`` is :func:`meetings.selectors.dues_for_sheet` for the sheet's members.
    """
    ids = list(rows)
    members = lock_members(ids)  # members by id, then their loans: the services' lock order
    loans = _active_loans(ids)
    errors = {}
    _precheck(rows, dues, loans, errors)
    if errors:
        raise ValidationError(errors, code="bad_rows")
    movements = [Movement(member=members[member_id], kind=kind, type=type_, amount=row[column], date=meeting.date,
                          meeting=meeting)
                 for member_id, row in rows.items() for column, kind, type_ in SAVINGS_COLUMNS if row.get(column, 0)]
    try:
        bulk_post(movements, actor=actor)
    except ValidationError as exc:
        raise ValidationError({"__all__": exc.messages}, code="savings_refused") from exc
    # One batch for every instalment paid (loans.bulk: what loan_repay would post, in a few queries).
    payments = [payment for member_id, row in rows.items() if row.get("instalment", 0)
                for payment in _repayments(meeting=meeting, amount=row["instalment"],
                                           loans=loans[member_id], dues_by_loan=dues[member_id].loan_owed)]
    if payments:
        bulk_post_repayments(payments=payments, actor=actor, refused=_refused(errors))
    for member_id, row in rows.items():
        if row.get("cover_amount", 0):
            borrower_loan = loans[row["cover_for"]][0]
            _service(errors, f"{member_id}.cover_amount", lambda row=row, loan=borrower_loan, m=member_id: loan_cover(
                loan=loan, amount=row["cover_amount"], date=meeting.date, actor=actor, coverer=members[m],
                meeting=meeting))
    for member_id, row in rows.items():
        if row.get("disbursed", 0):
            _service(errors, f"{member_id}.disbursed", lambda m=member_id: loan_disburse(
                loan=dues[m].approved_loan, date=meeting.date, actor=actor, meeting=meeting))
    if errors:
        raise ValidationError(errors, code="bad_rows")
