"""Charts drawn on the server as SVG coordinates: no JavaScript library, no CDN.

``line_chart`` scales a series into a box; ``trend_chart`` adds what a reader needs to trust it: a
value scale with gridlines, month labels, every point's value (an SVG ``<title>`` to hover or tap, and
a table to open), and the month in progress marked as month-to-date. ``bar_rows`` turns a ranking into
bar lengths for the ranking lists.
"""
import math
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.money import format_rupiah

WIDTH, HEIGHT, PAD = 320, 110, 6
# The trend chart: room on the left for the scale, below for the months.
TREND_WIDTH, TREND_HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 320, 150, 52, 10, 8, 20


def line_chart(values, *, width=WIDTH, height=HEIGHT, low=None, high=None):
    """Return the SVG polyline points for ``values`` scaled into a ``width`` × ``height`` box.

    The lowest value sits on the bottom edge and the highest on the top (or ``low`` and ``high``
    when given, the ends of a scale); a flat series is drawn through the middle. A month without a
    value (None: nothing to divide by) is left out and the line joins its neighbours, so the x
    position still tells the month.
    """
    known = [float(v) for v in values if v is not None]
    if not known:
        return {"points": "", "width": width, "height": height, "low": None, "high": None, "coords": []}
    low = min(known) if low is None else float(low)
    high = max(known) if high is None else float(high)
    span = high - low
    step = (width - 2 * PAD) / max(len(values) - 1, 1)
    coords = []
    for i, value in enumerate(values):
        if value is None:
            continue
        y = height / 2 if span == 0 else PAD + (height - 2 * PAD) * (high - float(value)) / span
        coords.append((i, f"{PAD + i * step:.1f}", f"{y:.1f}"))
    return {"points": " ".join(f"{x},{y}" for _i, x, y in coords), "width": width, "height": height,
            "low": low, "high": high, "last_x": coords[-1][1], "last_y": coords[-1][2], "coords": coords}


def nice_scale(low, high, *, ticks=4, whole=False):
    """Return the scale's tick values: round numbers from at or below ``low`` to at or above ``high``.

    A flat series gets a scale around its value; a scale of amounts never starts below zero when
    the values do not. ``whole``: counts, whose ticks are whole numbers.
    """
    low, high = float(low), float(high)
    if high == low:
        pad = abs(high) * 0.1 or 1.0
        low, high = low - pad, high + pad
        if low < 0 <= high - pad:
            low = 0.0
    raw = (high - low) / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    if whole:
        step = max(1, math.ceil(step))
    first = math.floor(low / step) * step
    values = [first]
    while values[-1] < high - step * 1e-9 or len(values) < 2:
        values.append(round(first + len(values) * step, 10))
    return values


def _compact_number(value, digits):
    """Write ``value`` with ``digits`` decimals, rounded half up, Indonesian style (1.250,5)."""
    value = Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    text = f"{value:,.{digits}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return text[:-2] if digits and text.endswith(",0") else text


def axis_label(value, kind):
    """Return a scale label: ``58 %``, ``49,5 jt`` (millions), ``1.250`` (counts)."""
    if kind == "ratio":
        digits = 0 if abs(value * 100 - round(value * 100)) < 1e-9 else 1
        return f"{_compact_number(value * 100, digits)} %"
    if kind == "money":
        for size, unit in ((1e9, _("%(value)s bn")), (1e6, _("%(value)s m")), (1e3, _("%(value)s k"))):
            if abs(value) >= size:
                return unit % {"value": _compact_number(value / size, 1)}
        return _compact_number(value, 0)
    return _compact_number(value, 0 if value == int(value) else 1)


def value_text(value, kind):
    """Return a point's value as the page writes it (``reports/_value.html``)."""
    if value is None:
        return "—"
    if kind == "ratio":
        shown = (Decimal(str(value)) * 100).quantize(Decimal("0.01"))
        return f"{shown} %".replace(".", ",")
    if kind == "money":
        return format_rupiah(value)
    return str(value)


def trend_chart(points, key, kind, *, partial=False, leave_out_partial=False):
    """Return what ``reports/_trend_chart.html`` draws for ``points`` (dicts with ``date`` and ``key``).

    ``partial``: the last point is the month in progress (to today, not a month end); it is marked
    month-to-date, drawn hollow and joined by a dashed line. ``leave_out_partial``: a flow over a
    month that has just begun (the repayment rate on the 1st) is no point of the trend; it is left
    out of the line and the scale and only written below the chart, marked month-to-date.
    """
    plot_w, plot_h = TREND_WIDTH - LEFT - RIGHT, TREND_HEIGHT - TOP - BOTTOM
    drawn = points[:-1] if partial and leave_out_partial else points
    values = [p[key] for p in drawn]
    known = [float(v) for v in values if v is not None]
    chart = {"width": TREND_WIDTH, "height": TREND_HEIGHT, "left": LEFT, "top": TOP, "right": TREND_WIDTH - RIGHT,
             "bottom": TREND_HEIGHT - BOTTOM, "plot_w": plot_w, "plot_h": plot_h, "ticks": [], "months": [],
             "dots": [], "points": "", "dashed": "", "partial": None, "left_out": None}
    rows = [{"date": p["date"], "label": _month_label(p, partial and i == len(points) - 1),
             "value": value_text(p[key], kind), "partial": partial and i == len(points) - 1}
            for i, p in enumerate(points)]
    chart["rows"] = rows
    chart["first_row"], chart["last_row"] = rows[0], rows[len(drawn) - 1]
    if partial and leave_out_partial:
        chart["left_out"] = rows[-1]
    if not known:
        return chart
    scale = nice_scale(min(known), max(known), whole=kind == "count")
    low, high = scale[0], scale[-1]
    inner = line_chart(values, width=plot_w + 2 * PAD, height=plot_h + 2 * PAD, low=low, high=high)
    shift_x, shift_y = LEFT - PAD, TOP - PAD
    for tick in scale:
        y = TOP + plot_h * (high - tick) / (high - low)
        chart["ticks"].append({"y": f"{y:.1f}", "label": axis_label(tick, kind)})
    step = 3 if len(drawn) <= 13 else 6
    coords = [(i, float(x) + shift_x, float(y) + shift_y) for i, x, y in inner["coords"]]
    for i, x, y in coords:
        row = rows[i]
        chart["dots"].append({"x": f"{x:.1f}", "y": f"{y:.1f}", "title": f"{row['label']}: {row['value']}",
                              "partial": row["partial"]})
    for i in range(len(drawn)):
        x = LEFT + plot_w * i / max(len(drawn) - 1, 1)
        if (len(drawn) - 1 - i) % step == 0:
            chart["months"].append({"x": f"{x:.1f}", "label": date_format(drawn[i]["date"], "M y"),
                                    "anchor": "end" if i == len(drawn) - 1 else "middle"})
    solid = coords[:-1] if partial and not leave_out_partial and len(coords) > 1 and coords[-1][0] == len(points) - 1 \
        else coords
    chart["points"] = " ".join(f"{x:.1f},{y:.1f}" for _i, x, y in solid)
    if solid is not coords:
        chart["dashed"] = " ".join(f"{x:.1f},{y:.1f}" for _i, x, y in coords[-2:])
    if partial and not leave_out_partial:
        chart["partial"] = rows[-1]
    return chart


def _month_label(point, partial):
    if partial:
        return _("%(month)s, month to date (to %(day)s)") % {
            "month": date_format(point["date"], "M Y"), "day": date_format(point["date"])}
    return date_format(point["date"], "M Y")


def bar_rows(rows, key, *, limit=10, highest_first):
    """Return the ``limit`` rows ranked by ``row["values"][key]`` with each bar's length (0-100).

    Rows without a value (nothing to divide by) are left out. ``highest_first`` for an indicator
    where lower is better (PAR), so the worst come first; the lowest first otherwise (repayment
    rate). Bars are drawn against the largest value shown, at least 100 %.
    """
    known = [r for r in rows if r["values"][key] is not None]
    sign = -1 if highest_first else 1
    known.sort(key=lambda r: (sign * r["values"][key], r["name"]))
    shown = known[:limit]
    top = max([Decimal(1)] + [Decimal(r["values"][key]) for r in shown])
    return [{**r, "value": r["values"][key], "bar": f"{Decimal(r['values'][key]) / top * 100:.1f}"} for r in shown]
