"""Line charts drawn on the server as SVG coordinates: no JavaScript library, no CDN."""
WIDTH, HEIGHT, PAD = 320, 110, 6


def line_chart(values, *, width=WIDTH, height=HEIGHT):
    """Return the SVG polyline points for ``values`` scaled into a ``width`` × ``height`` box.

    The lowest value sits on the bottom edge and the highest on the top; a flat series is drawn
    through the middle. A month without a value (None: nothing to divide by) is left out and the
    line joins its neighbours, so the x position still tells the month.
    """
    known = [float(v) for v in values if v is not None]
    if not known:
        return {"points": "", "width": width, "height": height, "low": None, "high": None}
    low, high = min(known), max(known)
    span = high - low
    step = (width - 2 * PAD) / max(len(values) - 1, 1)
    coords = []
    for i, value in enumerate(values):
        if value is None:
            continue
        y = height / 2 if span == 0 else PAD + (height - 2 * PAD) * (high - float(value)) / span
        coords.append(f"{PAD + i * step:.1f},{y:.1f}")
    return {"points": " ".join(coords), "width": width, "height": height, "low": low, "high": high,
            "last_x": coords[-1].split(",")[0], "last_y": coords[-1].split(",")[1]}
