"""The reports panel on the manager's home page: its data, computed by the dashboard view.

Each group's figures are reused until that group changes (``core.cache``), the panel as a whole
until any of them does.
"""

from django.utils.translation import gettext_lazy as _

from core.cache import reuse_for_scope
from core.dates import month_end
from groups.selectors import groups_visible_to

from ..charts import bar_rows, trend_chart
from ..indicators.registry import BY_KEY
from .dashboard import district_summary, group_rows, officer_summary
from .portfolio import arrears_rows, combine_quality
from .reused import figures_by_group, quality_for_groups, trends_for_groups
from .scope import default_period
from .trends import month_ends, par_ratios, repayment_rates

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


def manager_panel(user):
    """Return the cards, the trends over 12 and 24 months, the groups ranked by PAR and by repayment
    rate, and the last twelve months by district and by field officer, over the groups ``user`` sees.
    """
    groups = groups_visible_to(user)
    return reuse_for_scope("manager_panel", groups, (), lambda: panel_for_groups(groups))


def _sum_series(series, count):
    total = [0] * count
    for values in series:
        total = [a + b for a, b in zip(total, values, strict=True)]
    return total


def panel_for_groups(groups):
    """Return the manager panel's data over ``groups``, computed afresh."""
    start, end = default_period()  # the figures' period, the one the worker warms (reports.warm)
    partial = end != month_end(end)  # the last point is the month in progress, up to today
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
    for key, label, kind, flow in SERIES:
        for months in (12, 24):
            shown = points[-months:]
            charts.append({"key": key, "label": label, "months": months, "kind": kind, "flow": flow,
                           "chart": trend_chart(shown, key, kind, partial=partial, leave_out_partial=flow)})
    figures = figures_by_group(groups, start=start, end=end)
    total, districts = district_summary(groups, start=start, end=end, figures=figures)
    officers = officer_summary(groups, start=start, end=end, figures=figures)
    rows = group_rows(figures, start=start, end=end)
    return {"charts": charts, "districts": districts, "officers": officers, "partial": partial,
            "cards": [{"indicator": BY_KEY[k], "value": total[k]} for k in CARD_KEYS], "values": total,
            "rankings": rankings(rows),
            "start": start, "end": end, "now": points[-1], "quality": _quality(groups, end)}


def _quality(groups, end):
    quality = combine_quality(quality_for_groups(groups, as_of=end).values())
    quality["arrears"] = arrears_rows(quality["late"][:10], as_of=end)
    return quality


def rankings(rows):
    """Return the groups ranked worst first by PAR > 30 days and by repayment rate, as bars."""
    return [{"indicator": BY_KEY["par30"], "rows": bar_rows(rows, "par30", limit=RANKED, highest_first=True),
             "title": _("Groups with the highest portfolio at risk > 30 days")},
            {"indicator": BY_KEY["repayment_rate"],
             "rows": bar_rows(rows, "repayment_rate", limit=RANKED, highest_first=False),
             "title": _("Groups with the lowest repayment rate")}]
