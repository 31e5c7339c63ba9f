"""The SHU arithmetic, with no database: pools from the percentages, shares by largest remainder.

UU 25/1992 Pasal 45: after the reserve, the surplus is shared among the members by the business
each did with the cooperative (jasa anggota) and by her capital (jasa modal), in the percentages
of the AD/ART (indicators.md, "SHU example"). Every split is by the largest-remainder method
(``core.money.split_by_weight``), so the parts sum exactly to what is split.
"""
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.money import split_by_weight

POOLS = ("reserves", "other_funds", "jasa_anggota", "jasa_modal")
MEMBER_POOLS = ("jasa_anggota", "jasa_modal")


def rules_percentages(rules):
    """Return {pool: percent} of a rules version, in the order of :data:`POOLS`."""
    return {"reserves": rules.shu_reserve_pct, "other_funds": rules.shu_other_funds_pct,
            "jasa_anggota": rules.shu_jasa_anggota_pct, "jasa_modal": rules.shu_jasa_modal_pct}


def shu_allocate(surplus, percentages):
    """Split the year's ``surplus`` into its named parts ({name: percent}); a loss splits into zeros.

    The percentages (reserves, funds, jasa anggota, jasa modal, ...) must sum to exactly 100 and
    none be negative, otherwise nothing is split and a ValidationError says by how much they are off.
    """
    total = sum((Decimal(p) for p in percentages.values()), Decimal(0))
    if total != 100:
        raise ValidationError(
            _("The SHU percentages add up to %(total)s %%, not 100 %%; correct them before dividing the surplus.")
            % {"total": format(total.normalize(), "f")},
            code="shu_not_100",
        )
    if any(Decimal(p) < 0 for p in percentages.values()):
        raise ValidationError(_("An SHU percentage cannot be negative."), code="shu_negative")
    if surplus <= 0:
        return dict.fromkeys(percentages, 0)
    # Percentages may have decimals: weigh them in hundredths so the split stays integer.
    return split_by_weight(surplus, {name: int(Decimal(p) * 100) for name, p in percentages.items()})


def share_pool(pool, weights):
    """Return ({key: part}, undistributed) for ``pool`` shared in proportion to ``weights`` ({key: int ≥ 0}).

    With nothing to weigh by (no member saved or borrowed) nobody gets a part and the whole pool
    is returned as undistributed.
    """
    weights = {key: max(int(w), 0) for key, w in weights.items()}
    if pool <= 0 or not any(weights.values()):
        return dict.fromkeys(weights, 0), max(pool, 0)
    return split_by_weight(pool, weights), 0
