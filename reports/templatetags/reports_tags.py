"""The reports panel shown on the manager's dashboard (the dashboard view belongs to core)."""
import datetime

from django import template
from django.utils.translation import gettext_lazy as _

from core.cache import reuse_until_changed
from core.dates import add_months, month_end, today
from groups.selectors import groups_visible_to

from ..charts import bar_rows, trend_chart
from ..indicators.registry import BY_KEY
from ..selectors.dashboard import district_summary, group_rows, monthly_trend, officer_summary
from ..selectors.indicators import group_figures
from ..selectors.portfolio import portfolio_quality
from ..selectors.trends import month_ends, par_trend, repayment_trend

register = template.Library()

# (key, label, kind, a flow over the month rather than a stock at its end)
SERIES = [("savings", _("Member savings"), "money", False),
          ("loans", _("Loans receivable (books)"), "money", False),
          ("members", _("Active members"), "count", False),
          ("par30", _("Portfolio at risk > 30 days"), "ratio", False),
          ("repayment_rate", _("Repayment rate"), "ratio", True)]
# One card per figure a manager needs; no two show the same number (tests/core/test_dashboard.py).
# Stocks today, flows over the last twelve months.
CARD_KEYS = ["active_members", "active_borrowers", "savings_total", "glp", "par30", "repayment_rate",
             "disbursed_value", "oss"]
RANKED = 10


@register.inclusion_tag("reports/_manager_panel.html", takes_context=True)
def manager_panel(context):
    """Render the cards, the trends over 12 and 24 months, the groups ranked by PAR and by repayment
    rate, and the last twelve months by district and by field officer.

    The figures are reused until the next audited change (``core.cache``).
    """
    groups = groups_visible_to(context["request"].user)
    panel = reuse_until_changed("manager_panel", (groups,), lambda: _panel(groups))
    return {**panel, "group_count": context.get("group_count"), "active_count": context.get("active_count")}


def _panel(groups):
    end = today()
    partial = end != month_end(end)  # the last point is the month in progress, up to today
    points = monthly_trend(groups, end=end, months=24)
    ends = month_ends(end, 24)
    series = zip(points, par_trend(groups, ends=ends), repayment_trend(groups, ends=ends), strict=True)
    for point, par, repayment in series:
        point.update(par30=par, repayment_rate=repayment)
    charts = []
    for key, label, kind, flow in SERIES:
        for months in (12, 24):
            shown = points[-months:]
            charts.append({"key": key, "label": label, "months": months, "kind": kind, "flow": flow,
                           "chart": trend_chart(shown, key, kind, partial=partial, leave_out_partial=flow)})
    start = add_months(end, -12) + datetime.timedelta(days=1)
    figures = group_figures(groups, start=start, end=end)
    total, districts = district_summary(groups, start=start, end=end, figures=figures)
    officers = officer_summary(groups, start=start, end=end, figures=figures)
    rows = group_rows(figures, start=start, end=end)
    return {"charts": charts, "districts": districts, "officers": officers, "partial": partial,
            "cards": [{"indicator": BY_KEY[k], "value": total[k]} for k in CARD_KEYS], "values": total,
            "rankings": rankings(rows),
            "start": start, "end": end, "quality": portfolio_quality(groups, as_of=end, limit=10)}


def rankings(rows):
    """Return the groups ranked worst first by PAR > 30 days and by repayment rate, as bars."""
    return [{"indicator": BY_KEY["par30"], "rows": bar_rows(rows, "par30", limit=RANKED, highest_first=True),
             "title": _("Groups with the highest portfolio at risk > 30 days")},
            {"indicator": BY_KEY["repayment_rate"],
             "rows": bar_rows(rows, "repayment_rate", limit=RANKED, highest_first=False),
             "title": _("Groups with the lowest repayment rate")}]
