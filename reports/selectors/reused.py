"""Each group's report figures kept in the shared cache under that group's version (``core.cache``).

A scope's figures are the sum of its groups' raw figures, so a change in one group recomputes that
group alone; the groups missing from the cache are computed together, in the selectors' usual
fixed number of grouped queries. Every value here equals a fresh computation (tests/reports/test_reused.py).
"""
from core.cache import reuse_per_group
from groups.models import Group

from .dashboard import monthly_trend_by_group
from .indicators import group_figures
from .portfolio import quality_by_group
from .trends import month_ends, par_trend_by_group, repayment_trend_by_group


def figures_by_group(groups, *, start, end):
    """Return ``group_figures(groups, start=start, end=end)``, each group's figures reused until it changes."""
    return reuse_per_group("figures", groups, (start, end),
                           lambda ids: group_figures(Group.objects.filter(pk__in=ids), start=start, end=end))


def quality_for_groups(groups, *, as_of):
    """Return {group_id: ``quality_by_group``'s figures} for every group of ``groups``."""
    def compute(ids):
        found = quality_by_group(ids, as_of=as_of)
        return {gid: found.get(gid, {"regime": None, "classes": {}, "late": []}) for gid in ids}

    return reuse_per_group("quality", groups, (as_of,), compute)


def trends_for_groups(groups, *, end, months):
    """Return {group_id: {"points", "par", "repayment"}}: the dashboard's monthly series of each group.

    ``points``: savings, loans and members at each month end; ``par``: (principal at risk, portfolio);
    ``repayment``: (received, due), amounts that add up over groups.
    """
    ends = month_ends(end, months)

    def compute(ids):
        zeros = [0] * len(ends)
        points = monthly_trend_by_group(ids, end=end, months=months)
        par = par_trend_by_group(ids, ends=ends)
        repayment = repayment_trend_by_group(ids, ends=ends)
        return {gid: {"points": points.get(gid) or [{"date": day, "savings": 0, "loans": 0, "members": 0}
                                                     for day in ends],
                      "par": par.get(gid, (zeros, zeros)), "repayment": repayment.get(gid, (zeros, zeros))}
                for gid in ids}

    return reuse_per_group("trends", groups, (end, months), compute)
