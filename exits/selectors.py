"""Reads for a member's exit: what she would receive, after what she owes on loans is deducted."""
from loans.selectors import exit_deductions
from savings.selectors import Settlement, member_balances


def settlement_for(member, *, on):
    """Return the :class:`Settlement` of ``member`` leaving on ``on``.

    Her savings first pay off what she still owes the institution (open loans, covers by the
    group fund: ``loans.selectors.exit_deductions``); the rest is paid out.
    """
    balances = member_balances(member, as_of=on)
    return Settlement(member=member, on=on, balances=balances,
                      deductions=exit_deductions(member, on=on, available=sum(balances.values())))
