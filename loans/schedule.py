"""Loan repayment schedules in integer Rupiah: flat, declining balance and annuity.

Pure arithmetic with no database access, following the definitions in
``shared/reference/indicators.md`` ("Loan schedules") exactly:

- ``round_k(x)`` rounds half up to the nearest multiple of the rounding ``k``;
- **flat**: interest every month = round_k(P × r); principal = round_k(P / (n − g)) after the
  grace months;
- **declining**: principal as flat; interest = round_k(balance before the instalment × r);
- **annuity**: A = round_k(P·r / (1 − (1 + r)^−m)); interest = round_k(balance × r);
  principal = A − interest;
- the **last** instalment's principal is whatever balance remains, so principals sum exactly
  to P and the balance ends at 0;
- during the first ``g`` grace months no principal is due, but interest still is.

**Decision** (not fixed by the reference): with a grace period the annuity is spread over the
``m = n − g`` months that repay principal, so those instalments stay equal. A regular
principal larger than the balance still owed (possible only with a coarse rounding on a small
loan) is cut to that balance, so no amount is ever negative.
"""
import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import cast

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.dates import add_months
from core.money import round_half_up

FLAT = "flat"
DECLINING = "declining"
ANNUITY = "annuity"
METHODS = (FLAT, DECLINING, ANNUITY)
MAX_TERM = 360  # thirty years of monthly instalments: far beyond any LKP loan, bounds the work
MAX_RATE = Decimal("100")  # percent per month


@dataclass(frozen=True)
class ScheduleLine:
    """One monthly instalment; ``balance`` is the principal still owed after paying it."""

    number: int
    due_date: datetime.date | None  # None when the schedule has no start date
    principal: int
    interest: int
    total: int
    balance: int


@dataclass(frozen=True)
class Schedule:
    """The inputs of a schedule and its instalments, oldest first."""

    principal: int
    rate: Decimal
    term: int
    method: str
    rounding: int
    grace: int
    lines: tuple[ScheduleLine, ...]

    @property
    def total_principal(self) -> int:
        return sum(line.principal for line in self.lines)

    @property
    def total_interest(self) -> int:
        return sum(line.interest for line in self.lines)

    @property
    def total(self) -> int:
        return sum(line.total for line in self.lines)

    @property
    def smallest_instalment(self) -> int:
        return min(line.total for line in self.lines)

    @property
    def largest_instalment(self) -> int:
        return max(line.total for line in self.lines)

    @property
    def has_due_dates(self) -> bool:
        return self.lines[0].due_date is not None

    def as_dicts(self) -> list[dict[str, int]]:
        """Return the instalments as plain dicts of integers (for JSON)."""
        return [
            {"number": line.number, "principal": line.principal, "interest": line.interest,
             "total": line.total, "balance": line.balance}
            for line in self.lines
        ]


def _whole_number(value: object) -> int | None:
    """Return ``value`` as an int if it is a whole number (not a bool or a fraction), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite() or number != number.to_integral_value():
        return None
    return int(number)


def _as_rate(value: object) -> Decimal | None:
    if isinstance(value, bool):
        return None
    try:
        rate = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return rate if rate.is_finite() else None


def validate_inputs(*, principal: object, rate: object, term: object, method: str, rounding: object = 1,
                    grace: object = 0) -> tuple[int, Decimal, int, str, int, int]:
    """Return the inputs normalised (int, Decimal, int, str, int, int) or raise ValidationError.

    Errors are keyed by field name so a form can show each beside its field.
    """
    errors: dict[str, ValidationError] = {}
    p = _whole_number(principal)
    if p is None or p <= 0:
        errors["principal"] = ValidationError(
            _("The loan amount must be a whole number of Rupiah greater than 0."), code="principal_invalid"
        )
    r = _as_rate(rate)
    if r is None or r < 0 or r > MAX_RATE:
        errors["rate"] = ValidationError(
            _("The interest rate must be a number of percent per month from 0 to %(max)s."),
            code="rate_invalid", params={"max": MAX_RATE},
        )
    n = _whole_number(term)
    if n is None or n < 1 or n > MAX_TERM:
        errors["term"] = ValidationError(
            _("The term must be a whole number of months from 1 to %(max)s."),
            code="term_invalid", params={"max": MAX_TERM},
        )
    if method not in METHODS:
        errors["method"] = ValidationError(
            _("The interest method must be flat, declining or annuity."), code="method_invalid"
        )
    k = _whole_number(rounding)
    if k is None or k < 1:
        errors["rounding"] = ValidationError(
            _("The rounding must be a whole number of Rupiah of at least 1."), code="rounding_invalid"
        )
    g = _whole_number(grace)
    if g is None or g < 0:
        errors["grace"] = ValidationError(
            _("The grace period must be a whole number of months, 0 or more."), code="grace_invalid"
        )
    elif n is not None and "term" not in errors and g >= n:
        errors["grace"] = ValidationError(
            _("The grace period (%(grace)s months) must be shorter than the term (%(term)s months)."),
            code="grace_not_shorter_than_term", params={"grace": g, "term": n},
        )
    if errors:
        raise ValidationError(errors)
    # No error, so none of them is None.
    return cast(int, p), cast(Decimal, r), cast(int, n), method, cast(int, k), cast(int, g)


def annuity_instalment(principal: int, rate: Decimal | int | str, months: int, rounding: int = 1) -> int:
    """Return A = round_k(P·r / (1 − (1 + r)^−m)); with a zero rate, round_k(P / m)."""
    r = Decimal(rate) / 100
    if r == 0:
        return round_half_up(Decimal(principal) / months, rounding)
    return round_half_up(Decimal(principal) * r / (1 - (1 + r) ** -months), rounding)


def build_schedule(*, principal: object, rate: object, term: object, method: str, rounding: object = 1,
                   grace: object = 0, first_due: datetime.date | None = None,
                   due_dates: Sequence[datetime.date] | None = None) -> Schedule:
    """Return the :class:`Schedule` of a loan of ``principal`` at ``rate`` % a month over ``term`` months.

    ``due_dates`` (one date per instalment, e.g. the group's meetings from ``groups.calendar``)
    gives each instalment its due date; or ``first_due`` (a date) gives instalment 1 its due date
    and the next ones fall monthly after it. Raise ValidationError (keyed by field) on impossible inputs.
    """
    p, rate, n, method, k, g = validate_inputs(
        principal=principal, rate=rate, term=term, method=method, rounding=rounding, grace=grace
    )
    r = rate / 100
    repaying_months = n - g
    regular_principal = round_half_up(Decimal(p) / repaying_months, k)
    flat_interest = round_half_up(p * r, k)
    annuity = annuity_instalment(p, rate, repaying_months, k) if method == ANNUITY else None

    lines = []
    balance = p
    due: datetime.date | None
    for number in range(1, n + 1):
        interest = flat_interest if method == FLAT else round_half_up(balance * r, k)
        if number <= g:
            part = 0
        elif number == n:
            part = balance
        elif method == ANNUITY:
            part = min(annuity - interest, balance)
        else:
            part = min(regular_principal, balance)
        balance -= part
        if due_dates is not None:
            due = due_dates[number - 1]
        else:
            due = add_months(first_due, number - 1) if first_due else None
        lines.append(ScheduleLine(number, due, part, interest, part + interest, balance))
    return Schedule(p, rate, n, method, k, g, tuple(lines))
