"""The reports panel shown on the manager's dashboard (the dashboard view belongs to core)."""
import datetime

from django import template
from django.utils.translation import gettext_lazy as _

from core.cache import reuse_until_changed
from core.dates import add_months, today
from groups.selectors import groups_visible_to

from ..charts import line_chart
from ..indicators.registry import BY_KEY
from ..selectors.dashboard import district_summary, monthly_trend, officer_summary
from ..selectors.indicators import group_figures
from ..selectors.portfolio import portfolio_quality
from ..selectors.trends import month_ends, par_trend, repayment_trend

register = template.Library()

SERIES = [("savings", _("Member savings"), "money"), ("loans", _("Loans receivable"), "money"),
          ("members", _("Active members"), "count"), ("par30", _("Portfolio at risk > 30 days"), "ratio"),
          ("repayment_rate", _("Repayment rate"), "ratio")]


@register.inclusion_tag("reports/_manager_panel.html", takes_context=True)
def manager_panel(context):
    """Render trends over 12 and 24 months and the last twelve months by district and by field officer.

    The figures are reused until the next audited change (``core.cache``).
    """
    groups = groups_visible_to(context["request"].user)
    return reuse_until_changed("manager_panel", (groups,), lambda: _panel(groups))


def _panel(groups):
    end = today()
    points = monthly_trend(groups, end=end, months=24)
    ends = month_ends(end, 24)
    series = zip(points, par_trend(groups, ends=ends), repayment_trend(groups, ends=ends), strict=True)
    for point, par, repayment in series:
        point.update(par30=par, repayment_rate=repayment)
    charts = []
    for key, label, kind in SERIES:
        for months in (12, 24):
            shown = points[-months:]
            charts.append({"label": label, "months": months, "kind": kind,
                           "first": shown[0], "last": shown[-1],
                           "first_value": shown[0][key], "last_value": shown[-1][key],
                           "chart": line_chart([p[key] for p in shown])})
    start = add_months(end, -12) + datetime.timedelta(days=1)
    figures = group_figures(groups, start=start, end=end)
    total, districts = district_summary(groups, start=start, end=end, figures=figures)
    officers = officer_summary(groups, start=start, end=end, figures=figures)
    keys = ["glp", "disbursed_value", "repayment_rate", "par1", "par30", "par90"]
    return {"charts": charts, "districts": districts, "officers": officers,
            "figures": [{"indicator": BY_KEY[k], "value": total[k]} for k in keys],
            "start": start, "end": end, "now": points[-1], "quality": portfolio_quality(groups, as_of=end, limit=10)}
