"""Who may borrow and how much: a pure function of participation facts and the group's rules.

A member qualifies by taking part (membership, attendance, savings kept up), never by owning
things: there is no fact here about collateral, family card, business permit or husband.
The caller (the loans selectors) gathers :class:`EligibilityFacts` from the database; this
module only judges them, one :class:`Check` per rule with a one-line explanation, e.g.
"Hadir 10 dari 12 pertemuan terakhir (83 %) — minimal 75 %".
"""
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core.money import format_rupiah, round_half_up

ACTIVE_MEMBER = "active_member"
MEMBERSHIP = "membership"
ATTENDANCE = "attendance"
WAJIB_CURRENT = "wajib_current"
NO_ARREARS = "no_arrears"
CONCURRENT = "concurrent"
CEILING = "ceiling"


@dataclass(frozen=True)
class EligibilityFacts:
    """What the group knows about a member on the day she asks (integer Rupiah, counts)."""

    months_of_membership: int
    attended: int  # meetings attended among those considered
    meetings_considered: int  # the group's last N meetings (N = the rules' window), fewer if newer
    savings_total: int  # pokok + wajib + sukarela
    wajib_arrears: int
    loans_in_arrears: int
    active_loans: int
    is_active_member: bool


@dataclass(frozen=True)
class Check:
    """One rule: whether it passed and a one-line, translated explanation."""

    key: str
    passed: bool
    message: str
    label: str = ""


@dataclass(frozen=True)
class Eligibility:
    """The verdict: ``max_amount`` is what she may borrow now (0 when a rule fails)."""

    max_amount: int
    eligible: bool
    checks: list
    ceiling: int = 0  # the amount limit alone, before the other rules

    @property
    def failed(self):
        return [check for check in self.checks if not check.passed]


def _number(value):
    """Write a Decimal without trailing zeros, in the active language (62,5 in Indonesian)."""
    value = Decimal(value).normalize()
    if value.as_tuple().exponent > 0:
        value = value.quantize(Decimal(1))
    return number_format(value)


def ceiling_for(savings_total, rules):
    """Return min(loan_max_amount, savings multiple × savings) — the multiple only when set."""
    ceiling = rules.loan_max_amount
    if rules.loan_max_savings_multiple is not None:
        by_savings = int((Decimal(rules.loan_max_savings_multiple) * max(savings_total, 0)).to_integral_value(
            rounding=ROUND_FLOOR))
        ceiling = min(ceiling, by_savings)
    return ceiling


def _active_member(facts, rules):
    message = _("Active member") if facts.is_active_member else _("Not an active member")
    return Check(ACTIVE_MEMBER, facts.is_active_member, message, _("Membership"))


def _membership(facts, rules):
    minimum = rules.loan_min_membership_months
    message = _("Member for %(months)s months — minimum %(minimum)s months") % {
        "months": facts.months_of_membership, "minimum": minimum}
    return Check(MEMBERSHIP, facts.months_of_membership >= minimum, message, _("Months of membership"))


def _attendance(facts, rules):
    minimum = Decimal(rules.loan_min_attendance_rate)
    considered = facts.meetings_considered
    if considered == 0:
        message = _("No meetings recorded yet — minimum %(minimum)s %% attendance") % {"minimum": _number(minimum)}
        return Check(ATTENDANCE, minimum == 0, message, _("Attendance"))
    rate = round_half_up(Decimal(facts.attended) * 100 / considered)
    message = _("Attended %(attended)s of the last %(considered)s meetings (%(rate)s %%) — minimum %(minimum)s %%") % {
        "attended": facts.attended, "considered": considered, "rate": rate, "minimum": _number(minimum)}
    # Compare the exact fraction, not the rounded percent shown.
    return Check(ATTENDANCE, facts.attended * 100 >= minimum * considered, message, _("Attendance"))


def _not_required(key, label):
    return Check(key, True, _("Not required by the group's rules"), label)


def _wajib_current(facts, rules):
    label = _("Simpanan wajib")
    if not rules.loan_require_wajib_current:
        return _not_required(WAJIB_CURRENT, label)
    if facts.wajib_arrears <= 0:
        return Check(WAJIB_CURRENT, True, _("Simpanan wajib up to date"), label)
    message = _("Simpanan wajib in arrears: %(amount)s — must be up to date") % {
        "amount": format_rupiah(facts.wajib_arrears)}
    return Check(WAJIB_CURRENT, False, message, label)


def _no_arrears(facts, rules):
    label = _("Other loans")
    if not rules.loan_require_no_arrears:
        return _not_required(NO_ARREARS, label)
    if facts.loans_in_arrears <= 0:
        return Check(NO_ARREARS, True, _("No arrears on another loan"), label)
    message = _("%(count)s other loan(s) in arrears — none allowed") % {"count": facts.loans_in_arrears}
    return Check(NO_ARREARS, False, message, label)


def _concurrent(facts, rules):
    maximum = rules.loan_max_concurrent
    message = _("%(active)s loan(s) running — at most %(maximum)s at once") % {
        "active": facts.active_loans, "maximum": maximum}
    return Check(CONCURRENT, facts.active_loans < maximum, message, _("Loans at once"))


def _ceiling(facts, rules, ceiling):
    if rules.loan_max_savings_multiple is None:
        message = _("Ceiling %(ceiling)s (the group's limit)") % {"ceiling": format_rupiah(ceiling)}
    else:
        message = _("Ceiling %(ceiling)s: the lower of the group's limit %(limit)s and %(multiple)s × savings "
                    "%(savings)s") % {
            "ceiling": format_rupiah(ceiling), "limit": format_rupiah(rules.loan_max_amount),
            "multiple": _number(rules.loan_max_savings_multiple), "savings": format_rupiah(facts.savings_total)}
    return Check(CEILING, ceiling > 0, message, _("Loan ceiling"))


def evaluate(facts, rules):
    """Return the :class:`Eligibility` of a member with ``facts`` under the group's ``rules``.

    ``rules`` is a GroupRules version (or anything with its ``loan_*`` fields). Every rule is
    checked and explained even after one fails, so the member sees all she needs to do.
    """
    ceiling = ceiling_for(facts.savings_total, rules)
    checks = [
        _active_member(facts, rules),
        _membership(facts, rules),
        _attendance(facts, rules),
        _wajib_current(facts, rules),
        _no_arrears(facts, rules),
        _concurrent(facts, rules),
        _ceiling(facts, rules, ceiling),
    ]
    eligible = all(check.passed for check in checks)
    return Eligibility(ceiling if eligible else 0, eligible, checks, ceiling)
