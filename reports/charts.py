"""Line charts drawn on the server as SVG coordinates: no JavaScript library, no CDN."""
WIDTH, HEIGHT, PAD = 320, 110, 6


def line_chart(values, *, width=WIDTH, height=HEIGHT):
    """Return the SVG polyline points for ``values`` scaled into a ``width`` × ``height`` box.

    The lowest value sits on the bottom edge and the highest on the top; a flat series is drawn
    through the middle.
    """
    if not values:
        return {"points": "", "width": width, "height": height, "low": None, "high": None}
    low, high = min(values), max(values)
    span = high - low
    step = (width - 2 * PAD) / max(len(values) - 1, 1)
    coords = []
    for i, value in enumerate(values):
        y = height / 2 if span == 0 else PAD + (height - 2 * PAD) * (high - value) / span
        coords.append(f"{PAD + i * step:.1f},{y:.1f}")
    return {"points": " ".join(coords), "width": width, "height": height, "low": low, "high": high,
            "last_x": f"{PAD + (len(values) - 1) * step:.1f}", "last_y": coords[-1].split(",")[1]}
