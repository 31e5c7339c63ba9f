"""Loans outstanding at a cut-over date, as the group's books had them on paper (pure, no writes).

An :class:`OpeningLoan` is a loan disbursed before the cut-over with its original terms, and
what was paid on it before the cut-over as two amounts: principal paid and interest paid. Each
amount is spread over the schedule's instalments of its component, oldest first — what every
allocation order of the group rules does, since each serves the oldest instalment first — so a
partly paid instalment and arrears come out as they were. ``loans.services.loans_open_outstanding``
posts them; ``imports`` checks a file with :func:`opening_problems` row by row first.

Not expressible (documented in docs/architecture.md): penalties charged before the cut-over,
covers under joint liability still owed to the group fund or a member (bring the cover in as paid
and the debt as an opening balance of the books), and the history of a rescheduling (a
rescheduled loan comes in with its new terms, from the rescheduling date, flagged ``rescheduled``).
"""
import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from books.periods import closed_message
from core.dates import today
from core.money import format_rupiah
from groups.calendar import due_dates_for

from .schedule import build_schedule

if TYPE_CHECKING:
    from members.models import Member

PRINCIPAL, INTEREST = "principal", "interest"


@dataclass
class OpeningLoan:
    """One loan outstanding at ``cut_over``; ``principal_paid`` and ``interest_paid`` are what was paid by then."""

    member: "Member"
    disbursed_on: datetime.date
    amount: int
    term: int
    method: str
    rate: Decimal
    cut_over: datetime.date
    principal_paid: int = 0
    interest_paid: int = 0
    purpose: str = ""
    rescheduled: bool = False


def opening_key(member, disbursed_on):
    """Return the reference of the loan's opening entries: a loan is found again by member and date."""
    return f"opening-loan:{member.code}:{disbursed_on.isoformat()}"[:60]


def schedule_for(item, rules):
    """Return the schedule of ``item`` with the rounding of the ``rules`` in force when it was disbursed.

    Its instalments fall due on the group's calendar by those rules (``groups.calendar.due_dates_for``),
    as for a loan disbursed here.
    """
    return build_schedule(principal=item.amount, rate=item.rate, term=item.term, method=item.method,
                          rounding=rules.loan_rounding,
                          due_dates=due_dates_for(item.member.group, rules, start=item.disbursed_on,
                                                  count=item.term))


def paid_for_instalments(schedule, count):
    """Return (principal, interest) of the first ``count`` instalments: what paying them in full paid."""
    lines = schedule.lines[:count]
    return sum(ln.principal for ln in lines), sum(ln.interest for ln in lines)


def paid_parts(schedule, *, principal_paid, interest_paid):
    """Return [(instalment number, component, amount)]: each amount over its component, oldest first."""
    parts = []
    for component, left in ((PRINCIPAL, principal_paid), (INTEREST, interest_paid)):
        for ln in schedule.lines:
            take = min(getattr(ln, component), left)
            if take:
                parts.append((ln.number, component, take))
                left -= take
    return sorted(parts, key=lambda p: (p[0], p[1] != PRINCIPAL))


def _paid_by_line(parts):
    paid = {}
    for number, _component, amount in parts:
        paid[number] = paid.get(number, 0) + amount
    return paid


def fully_paid_count(schedule, parts):
    """Return how many instalments, from the first, ``parts`` pay in full."""
    paid = _paid_by_line(parts)
    count = 0
    for ln in schedule.lines:
        if paid.get(ln.number, 0) < ln.total:
            break
        count += 1
    return count


def arrears_at(schedule, parts, on):
    """Return what was due by ``on`` and is not paid by ``parts`` (principal + interest)."""
    paid = _paid_by_line(parts)
    return sum(ln.total - paid.get(ln.number, 0) for ln in schedule.lines if ln.due_date <= on)


def opening_problems(item, rules, *, closed=None):
    """Return ([(field, message)], schedule): what makes ``item`` impossible, and its schedule when it has one.

    ``rules`` are the group's rules in force on the disbursement date (None if there are none);
    ``closed`` the day the group's books are closed up to (``books.periods``), if any.
    Fields are the attribute names of :class:`OpeningLoan`.
    """
    found = []
    if item.amount <= 0:
        found.append(("amount", _("the loan must be at least Rp 1")))
    if item.term <= 0:
        found.append(("term", _("the term must be at least one month")))
    if found:
        return found, None
    if not item.disbursed_on < item.cut_over <= today():
        found.append(("cut_over", _("the cut-over date must be after the disbursement and not in the future")))
    if closed is not None and item.cut_over <= closed:
        found.append(("cut_over", closed_message(closed)))
    if item.disbursed_on < item.member.joined_on:
        found.append(("disbursed_on", _("the loan was disbursed before she joined the group")))
    if rules is None:
        found.append(("disbursed_on", _("the group has no rules in force on that date")))
    if found:
        return found, None
    try:
        schedule = schedule_for(item, rules)
    except ValidationError as exc:
        return [(None, "; ".join(exc.messages))], None
    interest = sum(ln.interest for ln in schedule.lines)
    if item.principal_paid > item.amount:
        found.append(("principal_paid", _("more than the loan's principal (%(amount)s)") % {
            "amount": format_rupiah(item.amount)}))
    if item.interest_paid > interest:
        found.append(("interest_paid", _("more than the schedule's interest (%(amount)s)") % {
            "amount": format_rupiah(interest)}))
    if not found and (item.principal_paid, item.interest_paid) == (item.amount, interest):
        found.append(("principal_paid", _("every instalment is paid: the loan is not outstanding")))
    return found, schedule
