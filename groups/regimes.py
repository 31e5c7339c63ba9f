"""Loan-quality regimes: which rules an LKP falls under, as versioned data (shared/reference/regulation.md).

An LKP is an informal group, a savings-and-loan cooperative (KSP/USP) or a microfinance institution
(LKM); :attr:`Group.legal_form <groups.models.Group.legal_form>` records which. Each :class:`Regime`
is one version of the rules for some legal forms, in force from ``effective_from``, with its cited
source: how arrears are counted (calendar months or days), its collectibility classes with their
loss-reserve percentages, its interest caps (and whether a cap reads the nominal or the effective
rate) and its health bands. :func:`regime_for` picks the version in force for a legal form on a day.

This is data, kept in Python rather than in a table (docs/architecture.md, "Loan quality"): every
database, test and demo has the same tables without seeding, a change is a reviewed diff with its
tests, and a posted provision keeps the regime key and each loan's class and percentage, so a later
version never changes what was posted. A later reading of a primary text adds a version (a new
entry with its own ``effective_from``) or corrects a number here; no code changes.
"""
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

LANCAR = "lancar"
DALAM_PERHATIAN_KHUSUS = "dalam_perhatian_khusus"
KURANG_LANCAR = "kurang_lancar"
DIRAGUKAN = "diragukan"
MACET = "macet"
CLASS_KEYS = (LANCAR, DALAM_PERHATIAN_KHUSUS, KURANG_LANCAR, DIRAGUKAN, MACET)
# Problem loans for the KSP health ratio (Juknis 15/2021): kurang lancar + diragukan + macet.
PROBLEM_CLASSES = (KURANG_LANCAR, DIRAGUKAN, MACET)

MONTHS = "months"
DAYS = "days"
NOMINAL = "nominal"
EFFECTIVE = "effective"


class LegalForm(models.TextChoices):
    INFORMAL = "informal", _("Informal group")
    KSP = "ksp", _("Savings-and-loan cooperative (KSP/USP)")
    LKM = "lkm", _("Microfinance institution (LKM)")


CLASS_LABELS = {
    LANCAR: _("Current (lancar)"),
    DALAM_PERHATIAN_KHUSUS: _("Special mention (dalam perhatian khusus)"),
    KURANG_LANCAR: _("Substandard (kurang lancar)"),
    DIRAGUKAN: _("Doubtful (diragukan)"),
    MACET: _("Loss (macet)"),
}

HEALTH_LABELS = {
    "sehat": _("Healthy (sehat)"),
    "cukup_sehat": _("Fairly healthy (cukup sehat)"),
    "kurang_sehat": _("Less healthy (kurang sehat)"),
    "tidak_sehat": _("Unhealthy (tidak sehat)"),
}


@dataclass(frozen=True)
class QualityClass:
    """One class: arrears up to ``upto`` months or days (as the regime counts; None = no bound), its reserve."""

    key: str
    rank: int
    upto: object
    reserve_pct: Decimal

    @property
    def label(self):
        return CLASS_LABELS[self.key]


@dataclass(frozen=True)
class Regime:
    key: str
    name: str
    applies_to: tuple
    effective_from: datetime.date
    basis: str
    source: str
    classes: tuple
    to_confirm: bool = False
    loan_cap_pa: Decimal | None = None  # percent a year
    loan_cap_basis: str = NOMINAL
    savings_cap_pa: Decimal | None = None
    cap_source: str = ""
    health_bands: tuple = ()  # ((upper bound of the problem-loan ratio in %, or None), label key), best first

    @property
    def basis_label(self):
        return _("calendar months of arrears") if self.basis == MONTHS else _("days past due")

    def get(self, key):
        return next(c for c in self.classes if c.key == key)


def _classes(*rows):
    return tuple(QualityClass(key, rank, upto, Decimal(pct)) for rank, (key, upto, pct) in enumerate(rows, start=1))


SECTION_QUALITY = "regulation.md, Loan quality and loss reserves"
SECTION_CAPS = "regulation.md, Interest caps"

REGIMES = (
    Regime(
        key="pojk-62-2015", name="POJK 13/POJK.05/2014 jo. POJK 62/POJK.05/2015 (LKM)",
        applies_to=(LegalForm.LKM, LegalForm.INFORMAL), effective_from=datetime.date(2015, 12, 31), basis=MONTHS,
        source="POJK 13/POJK.05/2014 as amended by POJK 62/POJK.05/2015: Lancar up to 3 months of arrears, "
               "Diragukan more than 3 up to 9, Macet more than 9, in calendar months. The reserves (0/50/100 %) "
               f"and the date in force are to confirm against the text ({SECTION_QUALITY}).",
        classes=_classes((LANCAR, 3, "0"), (DIRAGUKAN, 9, "50"), (MACET, None, "100")), to_confirm=True),
    Regime(
        key="pojk-41-2024", name="POJK 41/2024 (LKM, five classes)",
        applies_to=(LegalForm.LKM, LegalForm.INFORMAL), effective_from=datetime.date(2024, 12, 27), basis=DAYS,
        source="POJK 41/2024 Pasal 106 (27 December 2024): five classes. Day bands (10/90/120/180) and PPAP "
               f"(0/5/15/50/100 %) from secondary sources, to confirm against the text ({SECTION_QUALITY}).",
        classes=_classes((LANCAR, 10, "0"), (DALAM_PERHATIAN_KHUSUS, 90, "5"), (KURANG_LANCAR, 120, "15"),
                         (DIRAGUKAN, 180, "50"), (MACET, None, "100")), to_confirm=True),
    Regime(
        key="ksp-juknis-2021", name="Juknis Deputi Perkoperasian 15/2021 (KSP/USP)",
        applies_to=(LegalForm.KSP,), effective_from=datetime.date(2021, 1, 1), basis=MONTHS,
        source="Juknis Deputi Bidang Perkoperasian 15/2021: health by problem loans (kurang lancar + diragukan + "
               "macet) / total loans: ≤ 5 % sehat, 5-10 % cukup sehat, 10-15 % kurang sehat, > 15 % tidak sehat. "
               "The class bands in months and the PPAP percentages are a working assumption, to confirm against "
               f"the text ({SECTION_QUALITY}).",
        classes=_classes((LANCAR, 1, "0.5"), (KURANG_LANCAR, 3, "10"), (DIRAGUKAN, 12, "50"), (MACET, None, "100")),
        to_confirm=True, loan_cap_pa=Decimal("24"), loan_cap_basis=EFFECTIVE, savings_cap_pa=Decimal("9"),
        cap_source="Permenkop UKM 8/2023: loan interest at most 24 % a year (Pasal 27(3)), savings at most 9 % a "
                   "year (Pasal 26(4)); the text does not say nominal or effective, read here as effective "
                   f"(declining-balance equivalent) ({SECTION_CAPS}).",
        health_bands=((5, "sehat"), (10, "cukup_sehat"), (15, "kurang_sehat"), (None, "tidak_sehat"))),
)
BY_KEY = {r.key: r for r in REGIMES}


def regime_for(legal_form, on):
    """Return the :class:`Regime` in force for ``legal_form`` on ``on``; before the first, the first."""
    versions = sorted((r for r in REGIMES if legal_form in r.applies_to), key=lambda r: r.effective_from)
    in_force = [r for r in versions if r.effective_from <= on]
    return in_force[-1] if in_force else versions[0]


def health_band(regime, problem_pct):
    """Return the health label key of a problem-loan ratio (percent) under ``regime``, or None without bands."""
    for upper, key in regime.health_bands:
        if upper is None or problem_pct <= upper:
            return key
    return None
