"""Loan quality: days past due, collectibility class and late penalty (pure, no database).

Days past due (indicators.md, Conventions): days from the due date of the loan's oldest
instalment that is not fully paid at D, to D; 0 when nothing is overdue.

Collectibility schemes, for loans repaid in monthly instalments (chosen by
``settings.LKP_COLLECTIBILITY_SCHEME``):

- ``pojk_3`` (default) — POJK 13/POJK.05/2014 as amended by POJK 62/POJK.05/2015 (LKM),
  Lampiran III: Lancar ≤ 90 DPD, Diragukan 91–270, Macet > 270.
- ``five_class`` — the commercial-bank day bands of OJK (POJK 40/POJK.03/2019, Penilaian
  Kualitas Aset Bank Umum, continuing PBI 14/15/PBI/2012; reported in SLIK as Kol-1 … Kol-5):
  Lancar 0 DPD (nothing overdue), Dalam Perhatian Khusus 1–90, Kurang Lancar 91–120,
  Diragukan 121–180, Macet > 180.
"""
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.money import round_half_up

POJK_3 = "pojk_3"
FIVE_CLASS = "five_class"

LANCAR = "lancar"
DALAM_PERHATIAN_KHUSUS = "dalam_perhatian_khusus"
KURANG_LANCAR = "kurang_lancar"
DIRAGUKAN = "diragukan"
MACET = "macet"

LABELS = {
    LANCAR: gettext_lazy("Current (lancar)"),
    DALAM_PERHATIAN_KHUSUS: gettext_lazy("Special mention (dalam perhatian khusus)"),
    KURANG_LANCAR: gettext_lazy("Substandard (kurang lancar)"),
    DIRAGUKAN: gettext_lazy("Doubtful (diragukan)"),
    MACET: gettext_lazy("Loss (macet)"),
}

# Each scheme: (class, highest DPD in the class), best class first; None = no upper bound.
SCHEMES = {
    POJK_3: ((LANCAR, 90), (DIRAGUKAN, 270), (MACET, None)),
    FIVE_CLASS: ((LANCAR, 0), (DALAM_PERHATIAN_KHUSUS, 90), (KURANG_LANCAR, 120), (DIRAGUKAN, 180), (MACET, None)),
}


@dataclass(frozen=True)
class Collectibility:
    """A loan's quality class: ``rank`` 1 is the best; ``label`` is translatable."""

    key: str
    label: object
    rank: int
    min_dpd: int
    max_dpd: object  # int, or None for the last class


def days_past_due(unpaid_due_dates, *, on):
    """Return the days from the oldest due date in ``unpaid_due_dates`` to ``on`` (0 if none is past).

    ``unpaid_due_dates`` are the due dates of the instalments not fully paid at ``on``; a due
    date after ``on`` is not overdue, and on the due date itself the loan is 0 days past due.
    """
    overdue = [due for due in unpaid_due_dates if due <= on]
    return (on - min(overdue)).days if overdue else 0


def _scheme_name(scheme):
    name = scheme or settings.LKP_COLLECTIBILITY_SCHEME
    if name not in SCHEMES:
        raise ValidationError(
            _("Unknown collectibility scheme: %(scheme)s."), code="scheme_invalid", params={"scheme": name}
        )
    return name


def classes(scheme=None):
    """Return the :class:`Collectibility` classes of ``scheme`` (the configured one by default), best first."""
    result = []
    low = 0
    for rank, (key, high) in enumerate(SCHEMES[_scheme_name(scheme)], start=1):
        result.append(Collectibility(key, LABELS[key], rank, low, high))
        low = (high or 0) + 1
    return result


def collectibility(dpd, scheme=None):
    """Return the :class:`Collectibility` of a loan ``dpd`` days past due under ``scheme``."""
    if dpd < 0:
        raise ValidationError(_("Days past due cannot be negative."), code="dpd_negative")
    for klass in classes(scheme):
        if klass.max_dpd is None or dpd <= klass.max_dpd:
            return klass
    raise AssertionError("every scheme ends with an unbounded class")


def penalty_for(overdue_instalment_amount, days_late, rules):
    """Return the late penalty in Rupiah for one overdue instalment under the group's ``rules``.

    ``rules`` has ``loan_penalty_type`` (none, fixed, percent), ``loan_penalty_value`` and
    ``loan_penalty_grace_days``. Nothing is charged until the instalment is more than the grace
    days late; then once per instalment a fixed amount, or the percent of the overdue
    instalment rounded half up to the Rupiah (not to the loan rounding, which would erase small
    penalties).
    """
    if overdue_instalment_amount < 0 or days_late < 0:
        raise ValidationError(_("Overdue amounts and days late cannot be negative."), code="penalty_input_negative")
    kind = rules.loan_penalty_type
    if kind == "none" or days_late <= rules.loan_penalty_grace_days or overdue_instalment_amount == 0:
        return 0
    value = Decimal(rules.loan_penalty_value)
    if kind == "fixed":
        return round_half_up(value)
    if kind == "percent":
        return round_half_up(Decimal(overdue_instalment_amount) * value / 100)
    raise ValidationError(_("Unknown penalty type: %(kind)s."), code="penalty_type_invalid", params={"kind": kind})
