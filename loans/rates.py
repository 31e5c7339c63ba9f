"""Effective interest rates of a schedule, and the regime's caps (regulation.md, "Interest caps").

The monthly rate ``i`` is the internal rate of return of the schedule's cash flows: the principal
paid out at month 0 and each instalment at month 1, 2, … n, so that P = Σ instalmentₜ / (1 + i)ᵗ.
It is found by bisection in ``Decimal`` (60 steps bound it to far below 0.0001 %). From it:

- the **effective annual rate** (1 + i)¹² − 1, compounded (the brief's definition, EAR);
- the **declining-balance equivalent** 12 × i: the annual rate a declining-balance loan with the
  same instalments would state, what Indonesian lenders call "bunga efektif" (a 2 % a month
  declining loan is "24 % efektif"; Kopdit Pintu Air's move to "24 % effective (declining)").

Worked example (tests/loans/test_rates.py): Rp 12.000.000 flat 2 % a month over 12 months pays
Rp 1.240.000 a month; i = 3,4753 % a month, so 12 × i = 41,70 % (regulation.md's "about 41.5 %";
over 10 months it is 41,52 %)
and (1 + i)¹² − 1 = 50,67 %. The fee deducted at disbursement is left out (it would raise both).
A regime's loan cap reads either the nominal rate (the monthly rate × 12) or the effective one,
taken as the declining-balance equivalent 12 × i, the reading by which "24 % efektif (menurun)"
meets a 24 % cap.
"""
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

from groups.regimes import EFFECTIVE, Regime

from .schedule import Schedule, build_schedule

HUNDRED = Decimal(100)
TWELVE = Decimal(12)
# The principal and rounding the rules form uses to show a rule's effective rate (no loan yet).
EXAMPLE_PRINCIPAL = 12_000_000


def monthly_irr(principal: int, instalments: Sequence[int]) -> Decimal:
    """Return the monthly IRR (a fraction, Decimal) of paying ``principal`` out and receiving ``instalments``."""
    with localcontext() as ctx:
        ctx.prec = 40
        p = Decimal(principal)

        def value(rate: Decimal) -> Decimal:
            one = 1 + rate
            return sum((Decimal(a) / one ** t for t, a in enumerate(instalments, start=1)), Decimal(0)) - p

        if sum(instalments) <= principal:
            return Decimal(0)
        low, high = Decimal(0), Decimal(1)
        while value(high) > 0:
            high *= 2
        for _ in range(60):
            mid = (low + high) / 2
            if value(mid) > 0:
                low = mid
            else:
                high = mid
        return +((low + high) / 2)


@dataclass(frozen=True)
class EffectiveRate:
    """Rates of one schedule in percent: monthly IRR, 12 × IRR and the compounded annual rate."""

    monthly: Decimal
    annual_declining: Decimal
    annual_compound: Decimal
    nominal_annual: Decimal


def _pct(fraction: Decimal) -> Decimal:
    return (fraction * HUNDRED).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def effective_rate(schedule: Schedule) -> "EffectiveRate":
    """Return the :class:`EffectiveRate` of a ``loans.schedule.Schedule``."""
    return effective_rate_of(schedule.principal, [line.total for line in schedule.lines], schedule.rate)


def effective_rate_of(principal: int, instalments: Sequence[int], rate: Decimal | int | str) -> "EffectiveRate":
    """Return the :class:`EffectiveRate` of ``principal`` repaid by ``instalments`` at a stated ``rate`` % a month."""
    i = monthly_irr(principal, instalments)
    with localcontext() as ctx:
        ctx.prec = 40
        compound = (1 + i) ** 12 - 1
    return EffectiveRate(monthly=(i * HUNDRED).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP),
                         annual_declining=_pct(i * TWELVE), annual_compound=_pct(compound),
                         nominal_annual=(Decimal(rate) * TWELVE).quantize(Decimal("0.01")))


def rule_effective_rate(*, rate: Decimal | int | str, term: int, method: str) -> EffectiveRate:
    """Return the :class:`EffectiveRate` of a rule (rate % a month, ``term`` months) on an example loan."""
    return effective_rate(build_schedule(principal=EXAMPLE_PRINCIPAL, rate=rate, term=term, method=method))


@dataclass(frozen=True)
class CapCheck:
    cap: Decimal
    basis: str
    reading: Decimal  # the rate compared with the cap, % a year
    term: int
    source: str

    @property
    def exceeded(self) -> bool:
        return self.reading > self.cap


def loan_cap_check(regime: Regime | None, *, rate: Decimal | int | str, method: str,
                   terms: Sequence[int]) -> CapCheck | None:
    """Return the :class:`CapCheck` of the highest reading over ``terms`` under ``regime``, or None without a cap."""
    if regime is None or regime.loan_cap_pa is None or not terms:
        return None
    if regime.loan_cap_basis == EFFECTIVE:
        readings = [(rule_effective_rate(rate=rate, term=t, method=method).annual_declining, t) for t in terms]
    else:
        readings = [((Decimal(rate) * TWELVE).quantize(Decimal("0.01")), t) for t in terms]
    reading, term = max(readings)
    return CapCheck(regime.loan_cap_pa, regime.loan_cap_basis, reading, term, regime.cap_source)


def savings_cap_check(regime: Regime | None, *, monthly_rate: Decimal | int | str) -> CapCheck | None:
    """Return the :class:`CapCheck` of a sukarela rate (% a month) against the regime's savings cap, or None."""
    if regime is None or regime.savings_cap_pa is None:
        return None
    return CapCheck(regime.savings_cap_pa, "nominal", (Decimal(monthly_rate) * TWELVE).quantize(Decimal("0.01")), 0,
                    regime.cap_source)


@dataclass(frozen=True)
class RulesRates:
    """What a page shows beside a rule's flat (or other) rate: the effective rate per term and the caps."""

    regime: Regime | None
    rate: Decimal
    method: str
    by_term: tuple[tuple[int, EffectiveRate], ...]  # ((term, EffectiveRate), ...)
    loan_cap: CapCheck | None
    savings_cap: CapCheck | None

    @property
    def warnings(self) -> list[CapCheck]:
        return [check for check in (self.loan_cap, self.savings_cap) if check is not None and check.exceeded]


def rates_for_rules(regime: Regime | None, *, rate: Decimal | int | str, method: str, terms: Iterable[int],
                    sukarela_rate: Decimal | int | str | None = None) -> RulesRates:
    """Return the :class:`RulesRates` of a rule's loan rate over its ``terms`` (and savings rate) under ``regime``."""
    terms = sorted(t for t in terms if 0 < t <= 360)
    by_term = tuple((t, rule_effective_rate(rate=rate, term=t, method=method)) for t in terms)
    return RulesRates(regime, Decimal(rate), method, by_term,
                      loan_cap_check(regime, rate=rate, method=method, terms=terms),
                      savings_cap_check(regime, monthly_rate=sukarela_rate) if sukarela_rate is not None else None)


def rates_for_schedule(regime: Regime | None, *, principal: int, instalments: Sequence[int],
                       rate: Decimal | int | str, method: str) -> RulesRates:
    """Return the :class:`RulesRates` of one schedule (the simulator, a loan): its own instalments, its term."""
    term = len(instalments)
    eff = effective_rate_of(principal, instalments, rate)
    cap = None
    if regime is not None and regime.loan_cap_pa is not None:
        reading = eff.annual_declining if regime.loan_cap_basis == EFFECTIVE else eff.nominal_annual
        cap = CapCheck(regime.loan_cap_pa, regime.loan_cap_basis, reading, term, regime.cap_source)
    return RulesRates(regime, Decimal(rate), method, ((term, eff),), cap, None)
