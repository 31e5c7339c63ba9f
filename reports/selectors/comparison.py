"""The indicators page's table: each indicator with the previous period and the other groups."""
from django.utils.translation import gettext_lazy as _

from ..indicators import calc
from ..indicators.registry import ACCESSIBILITY, SUSTAINABILITY, indicators_in
from .indicators import indicators_by_group, indicators_for, rank_among

SECTIONS = [(ACCESSIBILITY, _("Accessibility")), (SUSTAINABILITY, _("Sustainability"))]


def indicator_report(*, scope, period, comparison_groups):
    """Return values, previous values and per-indicator rows in two sections for ``scope``.

    For one group, each row carries its rank among ``comparison_groups``; for several groups,
    the median over the scope's groups. Eighteen queries at most, whatever the number of groups.
    """
    values = indicators_for(scope.groups, start=period.start, end=period.end)
    before = period.previous()
    previous = indicators_for(scope.groups, start=before.start, end=before.end)
    by_group = indicators_by_group(comparison_groups, start=period.start, end=period.end)
    in_scope = set(scope.groups.values_list("pk", flat=True))
    mine = {gid: v for gid, v in by_group.items() if gid in in_scope}
    sections = []
    for key, label in SECTIONS:
        rows = []
        for indicator in indicators_in(key):
            if indicator.key not in values:
                continue
            value = values[indicator.key]
            row = {"indicator": indicator, "value": value, "previous": previous[indicator.key], "rank": None,
                   "median": None}
            if scope.group is not None:
                row["rank"] = rank_among(by_group, indicator.key, value,
                                         higher_is_better=indicator.higher_is_better)
            else:
                row["median"] = calc.median([v[indicator.key] for v in mine.values()
                                             if v[indicator.key] is not None])
            rows.append(row)
        sections.append({"key": key, "label": label, "rows": rows})
    return {"values": values, "previous": previous, "previous_period": before, "sections": sections}
