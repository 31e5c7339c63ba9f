"""Split a repayment over what is due, in the order the group's rules choose (pure, no database).

Instalments are served oldest first. The orders are the values of
``groups.rules.AllocationOrder`` (repeated here so this module needs no models):

- ``penalty_interest_principal`` (default; Fineract "mifos-standard-strategy"): within each
  instalment penalty → interest → principal, then the next instalment;
- ``interest_first``: all penalties, then all interest, then all principal, each oldest first;
- ``principal_interest_penalty``: within each instalment principal → interest → penalty.

Example (indicators.md): two overdue instalments of 220 (200 principal + 20 interest) and a
payment of 40 → 20 interest and 20 principal of the first; under ``interest_first`` → 20
interest of each.
"""
from dataclasses import dataclass
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PENALTY = "penalty"
INTEREST = "interest"
PRINCIPAL = "principal"
COMPONENTS = (PENALTY, INTEREST, PRINCIPAL)

PENALTY_INTEREST_PRINCIPAL = "penalty_interest_principal"
INTEREST_FIRST = "interest_first"
PRINCIPAL_INTEREST_PENALTY = "principal_interest_penalty"
ORDERS = (PENALTY_INTEREST_PRINCIPAL, INTEREST_FIRST, PRINCIPAL_INTEREST_PENALTY)


@dataclass(frozen=True)
class Due:
    """What is still owed on one instalment, by component (integer Rupiah)."""

    instalment_number: int
    principal: int = 0
    interest: int = 0
    penalty: int = 0

    @property
    def total(self):
        return self.principal + self.interest + self.penalty


@dataclass(frozen=True)
class Allocation:
    """Part of a payment applied to one component of one instalment."""

    instalment_number: int
    component: str
    amount: int


class AllocationResult(NamedTuple):
    """The allocations in the order applied, and what is left of the payment after all dues."""

    allocations: list
    leftover: int


def _queue(dues, order):
    """Yield (instalment_number, component, amount due) in the order the payment serves them."""
    if order == INTEREST_FIRST:
        for component in COMPONENTS:
            for due in dues:
                yield due.instalment_number, component, getattr(due, component)
        return
    components = COMPONENTS if order == PENALTY_INTEREST_PRINCIPAL else tuple(reversed(COMPONENTS))
    for due in dues:
        for component in components:
            yield due.instalment_number, component, getattr(due, component)


def allocate(payment, dues, order=PENALTY_INTEREST_PRINCIPAL):
    """Return an :class:`AllocationResult` applying ``payment`` to ``dues`` (oldest instalment first).

    ``dues`` is an iterable of :class:`Due` (or anything with ``instalment_number``,
    ``principal``, ``interest`` and ``penalty``). Raise ValidationError on a negative payment or
    amount due, or an unknown order.
    """
    if isinstance(payment, bool) or not isinstance(payment, int) or payment < 0:
        raise ValidationError(_("The payment must be a whole number of Rupiah, 0 or more."), code="payment_invalid")
    if order not in ORDERS:
        raise ValidationError(_("Unknown repayment allocation order: %(order)s."), code="order_invalid",
                              params={"order": order})
    dues = sorted(dues, key=lambda due: due.instalment_number)
    if any(getattr(due, c) < 0 for due in dues for c in COMPONENTS):
        raise ValidationError(_("An amount due cannot be negative."), code="due_negative")
    allocations = []
    remaining = payment
    for number, component, owed in _queue(dues, order):
        if remaining == 0:
            break
        amount = min(owed, remaining)
        if amount:
            allocations.append(Allocation(number, component, amount))
            remaining -= amount
    return AllocationResult(allocations, remaining)


def totals_by_component(allocations):
    """Return {"penalty": x, "interest": y, "principal": z} summed over ``allocations``."""
    totals = dict.fromkeys(COMPONENTS, 0)
    for allocation in allocations:
        totals[allocation.component] += allocation.amount
    return totals
