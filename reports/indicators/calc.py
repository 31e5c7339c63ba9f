"""Pure indicator arithmetic, following /docs indicators.md exactly (no database here).

Ratios are ``Decimal`` fractions (0.1339 for 13.39 %), rounded half up to four places, and
``None`` where the denominator is zero: the pages show "—" instead of a made-up number.
"""
from decimal import ROUND_HALF_UP, Decimal

PLACES = Decimal("0.0001")


def ratio(numerator, denominator):
    """Return numerator / denominator as a 4-place Decimal, or None when the denominator is 0."""
    if not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(PLACES, rounding=ROUND_HALF_UP)


def growth(start, end):
    """Return end / start − 1 (PEARLS S5, S10), or None when there was nothing at the start."""
    if not start:
        return None
    return (Decimal(end) / Decimal(start) - 1).quantize(PLACES, rounding=ROUND_HALF_UP)


def retention(*, active_start, active_end, joined):
    """Return (active at end − joined in period) / active at start (the project's Decision)."""
    return ratio(active_end - joined, active_start)


def median(values):
    """Return the median of ``values`` as a Decimal (mean of the middle two), or None if empty."""
    ordered = sorted(values)
    if not ordered:
        return None
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return Decimal(ordered[mid])
    return (Decimal(ordered[mid - 1]) + Decimal(ordered[mid])) / 2


def portfolio_at_risk(exposures, *, over_days):
    """Return PAR: outstanding principal of loans with DPD > ``over_days`` (or rescheduled) / GLP.

    ``exposures`` are (outstanding principal, days past due, rescheduled) triples for every loan
    in the portfolio; the whole outstanding of a loan at risk counts, not only its overdue part.
    """
    glp = at_risk = 0
    for outstanding, dpd, rescheduled in exposures:
        glp += outstanding
        if dpd > over_days or rescheduled:
            at_risk += outstanding
    return ratio(at_risk, glp)


def repayment_rate(*, received, prepayments, due):
    """Return (principal + interest received − prepayments) / (principal + interest due) (Sa-Dhan p.84)."""
    return ratio(received - prepayments, due)


def operational_self_sufficiency(*, revenue, expense):
    """Return operating revenue / (financial + loan-loss provision + operating expense) (Sa-Dhan p.99)."""
    return ratio(revenue, expense)


def annualised(value, *, months):
    """Return a per-period ratio scaled to a year (× 12 / months), or None."""
    if value is None or not months:
        return None
    return (value * 12 / Decimal(months)).quantize(PLACES, rounding=ROUND_HALF_UP)
