"""Template filters for money and percentages; loaded as a builtin everywhere."""
from decimal import Decimal

from django import template

from core.money import format_rupiah

register = template.Library()


@register.filter
def rupiah(amount):
    """Render integer Rupiah as ``Rp 1.250.000`` (``—`` for nothing)."""
    return format_rupiah(amount)


@register.filter
def rupiah_plain(amount):
    """Render integer Rupiah without the ``Rp`` prefix, for table cells."""
    return format_rupiah(amount, prefix=False)


@register.filter
def percent(ratio, digits=1):
    """Render a ratio (0.1339) as ``13,4 %``; ``—`` when undefined."""
    if ratio is None or ratio == "":
        return "—"
    value = (Decimal(str(ratio)) * 100).quantize(Decimal(1).scaleb(-int(digits)))
    return f"{value} %".replace(".", ",")
