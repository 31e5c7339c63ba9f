"""Format and parse integer Rupiah; money is never a float in this project."""
from decimal import ROUND_HALF_UP, Decimal


def format_rupiah(amount, *, prefix=True):
    """Return ``amount`` written the Indonesian way: ``Rp 1.250.000``."""
    if amount is None or amount == "":
        return "—"
    value = int(amount)
    digits = f"{abs(value):,}".replace(",", ".")
    sign = "-" if value < 0 else ""
    return f"{sign}Rp {digits}" if prefix else f"{sign}{digits}"


def round_half_up(value, multiple=1):
    """Round a Decimal (or int) half up to the nearest multiple, returning int."""
    value = Decimal(value)
    multiple = Decimal(multiple)
    return int((value / multiple).quantize(Decimal(1), rounding=ROUND_HALF_UP) * multiple)


def parse_rupiah(text):
    """Parse what a person types ("1.250.000", "Rp 1250000", "1,250,000") into int Rupiah.

    Raise ValueError on anything that is not a whole number of Rupiah.
    """
    if text is None:
        raise ValueError("empty")
    cleaned = str(text).strip().replace("Rp", "").replace("rp", "").replace(" ", "")
    cleaned = cleaned.replace(".", "").replace(",", "")
    if cleaned.startswith("-"):
        sign, cleaned = -1, cleaned[1:]
    else:
        sign = 1
    if not (cleaned.isascii() and cleaned.isdigit()) or len(cleaned) > 18:  # 18 digits fit a bigint
        raise ValueError(text)
    return sign * int(cleaned)


def split_by_weight(amount, weights):
    """Split integer ``amount`` in proportion to ``weights`` ({key: int}) by the largest remainder.

    The parts always sum exactly to ``amount``; ties in the remainder go to the larger weight,
    then to the key that sorts first, so the split is the same every time. With nothing to weigh
    by (every weight zero) every part is zero.
    """
    total = sum(weights.values())
    if total <= 0:
        return dict.fromkeys(weights, 0)
    parts, remainders = {}, []
    for key, weight in weights.items():
        whole, rest = divmod(amount * weight, total)
        parts[key] = whole
        remainders.append((-rest, -weight, str(key), key))
    for *_ignored, key in sorted(remainders)[: amount - sum(parts.values())]:
        parts[key] += 1
    return parts
