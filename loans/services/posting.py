"""The journal lines and memos of loan money movements, shared by the services and the bulk path."""
from collections.abc import Iterable

from django.utils.translation import gettext as _

from books.models import EntryKind
from books.services import Line, credit, debit
from loans.models import Repayment
from members.models import Member

INCOME_ACCOUNT = {"principal": "loans_receivable", "interest": "interest_income", "penalty": "penalty_income"}


def disbursement_lines(*, amount: int, fee: int, deducted: bool, member: Member) -> list[Line]:
    """Dr loans receivable / Cr cash; the fee is kept back from the cash, or paid in cash (both shown)."""
    if deducted:
        return [debit("loans_receivable", amount, member), credit("cash", amount - fee),
                credit("fee_income", fee, member)]
    return [debit("loans_receivable", amount, member), debit("cash", fee), credit("cash", amount),
            credit("fee_income", fee, member)]


def disbursement_memo(member: Member) -> str:
    return _("Loan disbursed: %(code)s %(name)s") % {"code": member.code, "name": member.full_name}


def payment_lines(*, amount: int, held: int, totals: dict[str, int], member: Member,
                  debit_account: str = "cash") -> list[Line]:
    """Dr cash (or cover receivable) / Cr principal, interest and penalty; ``held`` goes to savings."""
    lines = [debit(debit_account, amount - held)]
    for component in ("principal", "interest", "penalty"):
        lines.append(credit(INCOME_ACCOUNT[component], totals.get(component, 0), member))
    return lines


def payment_entry_kind(kind: str) -> str:
    return EntryKind.LOAN_COVER if kind == Repayment.Kind.COVER else EntryKind.LOAN_REPAYMENT


def payment_memo(kind: str, member: Member) -> str:
    label = _("Cover") if kind == Repayment.Kind.COVER else _("Repayment")
    return f"{label}: {member.code} {member.full_name}"


def component_totals(parts: Iterable[tuple[object, str, int]]) -> dict[str, int]:
    """Return {component: amount} summed over ``parts`` of (instalment, component, amount)."""
    totals: dict[str, int] = {}
    for _instalment, component, amount in parts:
        totals[component] = totals.get(component, 0) + amount
    return totals
