"""The indicators page's table: each indicator with the previous period and the other groups."""
from django.utils.translation import gettext_lazy as _

from groups.models import Group

from ..indicators import calc
from ..indicators.registry import ACCESSIBILITY, SUSTAINABILITY, indicators_in
from .indicators import combine, rank_among
from .reused import figures_by_group

SECTIONS = [(ACCESSIBILITY, _("Accessibility")), (SUSTAINABILITY, _("Sustainability"))]


def indicator_report(*, scope, period, comparison_groups):
    """Return values, previous values and per-indicator rows in two sections for ``scope``.

    For one group, each row carries its rank among ``comparison_groups``; for several groups,
    the median over the scope's groups. The scope is among the comparison groups, so the period's
    figures are read once for all of them (``group_figures`` twice in all, whatever the number of groups),
    each group's reused until that group changes (``reused.figures_by_group``).
    """
    in_scope = set(scope.groups.values_list("pk", flat=True))
    compared = Group.objects.filter(pk__in=set(comparison_groups.values_list("pk", flat=True)) | in_scope)
    figures = figures_by_group(compared, start=period.start, end=period.end)
    values = combine([raw for gid, raw in figures.items() if gid in in_scope], start=period.start, end=period.end)
    before = period.previous()
    previous = combine(figures_by_group(scope.groups, start=before.start, end=before.end).values(),
                       start=before.start, end=before.end)
    by_group = {gid: combine([raw], start=period.start, end=period.end) for gid, raw in figures.items()}
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
