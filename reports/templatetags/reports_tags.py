"""The reports panel shown on the manager's dashboard (the dashboard view belongs to core)."""
import datetime

from django import template
from django.utils.translation import gettext_lazy as _

from core.cache import reuse_for_scope
from core.dates import add_months, today
from groups.selectors import groups_visible_to

from ..charts import line_chart
from ..indicators.registry import BY_KEY
from ..selectors.dashboard import district_summary, officer_summary
from ..selectors.portfolio import arrears_rows, combine_quality
from ..selectors.reused import figures_by_group, quality_for_groups, trends_for_groups
from ..selectors.trends import month_ends, par_ratios, repayment_rates

register = template.Library()

SERIES = [("savings", _("Member savings"), "money"), ("loans", _("Loans receivable"), "money"),
          ("members", _("Active members"), "count"), ("par30", _("Portfolio at risk > 30 days"), "ratio"),
          ("repayment_rate", _("Repayment rate"), "ratio")]


@register.inclusion_tag("reports/_manager_panel.html", takes_context=True)
def manager_panel(context):
    """Render trends over 12 and 24 months and the last twelve months by district and by field officer.

    Each group's figures are reused until that group changes (``core.cache``), the panel as a whole
    until any of them does.
    """
    groups = groups_visible_to(context["request"].user)
    return reuse_for_scope("manager_panel", groups, (), lambda: _panel(groups))


def _sum_series(series, count):
    total = [0] * count
    for values in series:
        total = [a + b for a, b in zip(total, values, strict=True)]
    return total


def _panel(groups):
    end = today()
    ends = month_ends(end, 24)
    trends = list(trends_for_groups(groups, end=end, months=24).values())
    points = [{"date": day, "savings": 0, "loans": 0, "members": 0} for day in ends]
    for trend in trends:
        for point, mine in zip(points, trend["points"], strict=True):
            for key in ("savings", "loans", "members"):
                point[key] += mine[key]
    n = len(ends)
    par = par_ratios(_sum_series((t["par"][0] for t in trends), n), _sum_series((t["par"][1] for t in trends), n))
    repayment = repayment_rates(_sum_series((t["repayment"][0] for t in trends), n),
                                _sum_series((t["repayment"][1] for t in trends), n))
    for point, par30, rate in zip(points, par, repayment, strict=True):
        point.update(par30=par30, repayment_rate=rate)
    charts = []
    for key, label, kind in SERIES:
        for months in (12, 24):
            shown = points[-months:]
            charts.append({"label": label, "months": months, "kind": kind,
                           "first": shown[0], "last": shown[-1],
                           "first_value": shown[0][key], "last_value": shown[-1][key],
                           "chart": line_chart([p[key] for p in shown])})
    start = add_months(end, -12) + datetime.timedelta(days=1)
    figures = figures_by_group(groups, start=start, end=end)
    total, districts = district_summary(groups, start=start, end=end, figures=figures)
    officers = officer_summary(groups, start=start, end=end, figures=figures)
    keys = ["glp", "disbursed_value", "repayment_rate", "par1", "par30", "par90"]
    return {"charts": charts, "districts": districts, "officers": officers,
            "figures": [{"indicator": BY_KEY[k], "value": total[k]} for k in keys],
            "start": start, "end": end, "now": points[-1], "quality": _quality(groups, end)}


def _quality(groups, end):
    quality = combine_quality(quality_for_groups(groups, as_of=end).values())
    quality["arrears"] = arrears_rows(quality["late"][:10], as_of=end)
    return quality
