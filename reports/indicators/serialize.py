"""Write indicator values for machines: JSON numbers (ratios as fractions, money as integers) or CSV."""
import csv
import io
import json
from decimal import Decimal

from .registry import INDICATORS


def plain_values(values):
    """Return {key: int | float | None} in the registry's order (Decimal ratios become 0.1339)."""
    ordered = [i.key for i in INDICATORS if i.key in values]
    return {key: float(values[key]) if isinstance(values[key], Decimal) else values[key] for key in ordered}


def to_json(values):
    return json.dumps(plain_values(values), indent=2)


def to_csv(values):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["key", "value"])
    for key, value in plain_values(values).items():
        writer.writerow([key, "" if value is None else value])
    return out.getvalue()
