"""Days past due, months in arrears, the classes of each regime at their boundaries, reserves, late penalties."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from groups.regimes import (
    BY_KEY,
    DALAM_PERHATIAN_KHUSUS,
    DIRAGUKAN,
    KURANG_LANCAR,
    LANCAR,
    MACET,
    LegalForm,
    health_band,
    regime_for,
)
from groups.rules import GroupRules
from loans.quality import classify, days_past_due, months_in_arrears, penalty_for, reserve_for

D = datetime.date
POJK_62 = BY_KEY["pojk-62-2015"]
POJK_41 = BY_KEY["pojk-41-2024"]
KSP = BY_KEY["ksp-juknis-2021"]


def test_days_past_due_counts_from_the_oldest_unpaid_due_date():
    unpaid = [D(2024, 3, 10), D(2024, 1, 10), D(2024, 2, 10)]
    assert days_past_due(unpaid, on=D(2024, 3, 1)) == 51  # 10 Jan -> 1 Mar 2024 (leap year)


def test_days_past_due_is_zero_when_nothing_is_overdue():
    assert days_past_due([], on=D(2024, 3, 1)) == 0
    assert days_past_due([D(2024, 3, 10)], on=D(2024, 3, 1)) == 0
    assert days_past_due([D(2024, 3, 1)], on=D(2024, 3, 1)) == 0
    assert days_past_due([D(2024, 3, 1)], on=D(2024, 3, 2)) == 1


def _dpd(due, on):
    return (on - due).days


@pytest.mark.parametrize(("due", "on", "months"), [
    (D(2024, 3, 10), D(2024, 3, 10), 0),
    (D(2024, 3, 10), D(2024, 4, 9), 0),
    (D(2024, 3, 10), D(2024, 4, 10), 1),
    (D(2024, 3, 10), D(2024, 6, 10), 3),   # 92 days
    (D(2024, 3, 10), D(2024, 6, 11), 3),
    (D(2024, 1, 31), D(2024, 2, 29), 1),   # the month's last day counts as a whole month
    (D(2024, 1, 31), D(2024, 2, 28), 0),
    (D(2023, 3, 10), D(2023, 12, 10), 9),
])
def test_months_in_arrears_are_whole_calendar_months(due, on, months):
    assert months_in_arrears(_dpd(due, on), on=on) == months


def test_pojk_62_2015_three_calendar_months_exactly_is_still_lancar():
    due, on = D(2024, 3, 10), D(2024, 6, 10)
    assert _dpd(due, on) == 92
    assert classify(POJK_62, dpd=92, on=on).key == LANCAR
    # One day more than three calendar months: Diragukan (the old 90-day reading said so from day 91).
    assert classify(POJK_62, dpd=93, on=D(2024, 6, 11)).key == DIRAGUKAN
    # 91 days late over a short February is still within three months.
    assert classify(POJK_62, dpd=_dpd(D(2023, 12, 1), D(2024, 3, 1)), on=D(2024, 3, 1)).key == LANCAR


def test_pojk_62_2015_nine_calendar_months_exactly_is_diragukan_then_macet():
    due = D(2023, 3, 10)
    nine = D(2023, 12, 10)
    assert _dpd(due, nine) == 275
    assert classify(POJK_62, dpd=275, on=nine).key == DIRAGUKAN
    assert classify(POJK_62, dpd=276, on=D(2023, 12, 11)).key == MACET


@pytest.mark.parametrize(("dpd", "key"), [
    (0, LANCAR), (10, LANCAR), (11, DALAM_PERHATIAN_KHUSUS), (90, DALAM_PERHATIAN_KHUSUS), (91, KURANG_LANCAR),
    (120, KURANG_LANCAR), (121, DIRAGUKAN), (180, DIRAGUKAN), (181, MACET), (5000, MACET)])
def test_pojk_41_2024_day_bands(dpd, key):
    assert classify(POJK_41, dpd=dpd, on=D(2025, 6, 30)).key == key


@pytest.mark.parametrize(("key", "pct"), [
    (LANCAR, "0"), (DALAM_PERHATIAN_KHUSUS, "5"), (KURANG_LANCAR, "15"), (DIRAGUKAN, "50"), (MACET, "100")])
def test_pojk_41_2024_reserves(key, pct):
    assert POJK_41.get(key).reserve_pct == Decimal(pct)


def test_reserve_is_the_class_percentage_of_outstanding_rounded_half_up():
    assert reserve_for(POJK_41.get(DALAM_PERHATIAN_KHUSUS), 1_234_567) == 61_728  # 61,728.35
    assert reserve_for(POJK_41.get(KURANG_LANCAR), 1_000_010) == 150_002  # 150,001.5 -> up
    assert reserve_for(KSP.get(LANCAR), 3_000_100) == 15_001  # 0.5 % = 15,000.5 -> up
    assert reserve_for(POJK_41.get(MACET), 777) == 777
    assert reserve_for(POJK_41.get(LANCAR), 5_000_000) == 0


def test_regime_follows_the_legal_form_and_the_date():
    assert regime_for(LegalForm.LKM, D(2024, 12, 26)).key == "pojk-62-2015"
    assert regime_for(LegalForm.LKM, D(2024, 12, 27)).key == "pojk-41-2024"
    assert regime_for(LegalForm.INFORMAL, D(2020, 1, 1)).key == "pojk-62-2015"
    assert regime_for(LegalForm.INFORMAL, D(2010, 1, 1)).key == "pojk-62-2015"  # before the first: the first
    assert regime_for(LegalForm.KSP, D(2026, 1, 1)).key == "ksp-juknis-2021"


def test_ksp_health_bands():
    assert [health_band(KSP, Decimal(p)) for p in ("0", "5", "5.01", "10", "15", "15.01")] == [
        "sehat", "sehat", "cukup_sehat", "cukup_sehat", "kurang_sehat", "tidak_sehat"]
    assert health_band(POJK_41, Decimal("20")) is None


def test_every_regime_cites_its_source_and_ends_with_an_unbounded_class():
    for regime in BY_KEY.values():
        assert "regulation.md" in regime.source
        assert regime.classes[-1].upto is None
        assert [c.rank for c in regime.classes] == list(range(1, len(regime.classes) + 1))


def test_labels_are_indonesian():
    assert [str(c.label) for c in POJK_41.classes] == [
        "Lancar", "Dalam perhatian khusus", "Kurang lancar", "Diragukan", "Macet"]


def test_negative_dpd_is_refused():
    with pytest.raises(ValidationError) as exc:
        classify(POJK_41, dpd=-1, on=D(2025, 1, 1))
    assert exc.value.code == "dpd_negative"


def _rules(kind, value, grace=7):
    return GroupRules(loan_penalty_type=kind, loan_penalty_value=Decimal(value), loan_penalty_grace_days=grace)


def test_no_penalty_rule_never_charges():
    assert penalty_for(120_000, 400, _rules("none", "0")) == 0


def test_fixed_penalty_after_the_grace_days():
    rules = _rules("fixed", "5000.00", grace=7)
    assert penalty_for(120_000, 7, rules) == 0
    assert penalty_for(120_000, 8, rules) == 5_000
    assert penalty_for(0, 30, rules) == 0


def test_percent_penalty_of_the_overdue_instalment_rounds_half_up():
    rules = _rules("percent", "2.5", grace=3)
    assert penalty_for(111_327, 3, rules) == 0
    # 111,327 x 2.5 % = 2,783.175 -> 2,783
    assert penalty_for(111_327, 4, rules) == 2_783
    # 120,500 x 2.5 % = 3,012.5 -> 3,013 (half up)
    assert penalty_for(120_500, 10, rules) == 3_013


def test_penalty_refuses_negative_input():
    with pytest.raises(ValidationError) as exc:
        penalty_for(-1, 10, _rules("fixed", "5000"))
    assert exc.value.code == "penalty_input_negative"
