"""Pure indicator arithmetic, following /docs indicators.md exactly (no database here).

Ratios are ``Decimal`` fractions (0.1339 for 13.39 %), rounded half up to four places, and
``None`` where the denominator is zero: the pages show "—" instead of a made-up number.
"""
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

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


def split_by_weight(amount, weights):
    """Split integer ``amount`` in proportion to ``weights`` ({key: int}) by the largest remainder.

    The parts always sum exactly to ``amount``; ties in the remainder go to the larger weight,
    then to the key that sorts first, so the split is the same every time.
    """
    total = sum(weights.values())
    if total <= 0:
        return dict.fromkeys(weights, 0)
    parts, remainders = {}, []
    for key, weight in weights.items():
        whole, rest = divmod(amount * weight, total)
        parts[key] = whole
        remainders.append((-rest, -weight, str(key), key))
    for *_ignored, key in sorted(remainders)[: amount - sum(parts.values())]:
        parts[key] += 1
    return parts


def shu_allocate(pool, percentages):
    """Split the year-end surplus ``pool`` into its named parts ({name: percent}).

    The percentages (jasa anggota, jasa modal, reserves, funds, ...) must sum to exactly 100,
    otherwise nothing is split and a ValidationError says by how much they are off.
    """
    total = sum((Decimal(p) for p in percentages.values()), Decimal(0))
    if total != 100:
        raise ValidationError(
            _("The SHU percentages add up to %(total)s %%, not 100 %%; correct them before dividing the surplus.")
            % {"total": total},
            code="shu_not_100",
        )
    if any(Decimal(p) < 0 for p in percentages.values()):
        raise ValidationError(_("An SHU percentage cannot be negative."), code="shu_negative")
    # Percentages may have decimals: weigh them in hundredths so the split stays integer.
    return split_by_weight(pool, {name: int(Decimal(p) * 100) for name, p in percentages.items()})
