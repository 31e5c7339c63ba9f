"""Days past due, collectibility under both schemes, and late penalties with exact values."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from groups.rules import GroupRules
from loans.quality import (
    DALAM_PERHATIAN_KHUSUS,
    DIRAGUKAN,
    FIVE_CLASS,
    KURANG_LANCAR,
    LANCAR,
    MACET,
    POJK_3,
    classes,
    collectibility,
    days_past_due,
    penalty_for,
)

D = datetime.date


def test_days_past_due_counts_from_the_oldest_unpaid_due_date():
    unpaid = [D(2024, 3, 10), D(2024, 1, 10), D(2024, 2, 10)]
    assert days_past_due(unpaid, on=D(2024, 3, 1)) == 51  # 10 Jan -> 1 Mar 2024 (leap year)


def test_days_past_due_is_zero_when_nothing_is_overdue():
    assert days_past_due([], on=D(2024, 3, 1)) == 0
    assert days_past_due([D(2024, 3, 10)], on=D(2024, 3, 1)) == 0
    assert days_past_due([D(2024, 3, 1)], on=D(2024, 3, 1)) == 0
    assert days_past_due([D(2024, 3, 1)], on=D(2024, 3, 2)) == 1


@pytest.mark.parametrize(
    ("dpd", "key"),
    [(0, LANCAR), (90, LANCAR), (91, DIRAGUKAN), (270, DIRAGUKAN), (271, MACET), (5000, MACET)],
)
def test_pojk_62_2015_three_classes(dpd, key):
    assert collectibility(dpd, POJK_3).key == key


@pytest.mark.parametrize(
    ("dpd", "key"),
    [(0, LANCAR), (1, DALAM_PERHATIAN_KHUSUS), (90, DALAM_PERHATIAN_KHUSUS), (91, KURANG_LANCAR),
     (120, KURANG_LANCAR), (121, DIRAGUKAN), (180, DIRAGUKAN), (181, MACET)],
)
def test_five_class_bands(dpd, key):
    assert collectibility(dpd, FIVE_CLASS).key == key


def test_scheme_comes_from_settings_by_default(settings):
    settings.LKP_COLLECTIBILITY_SCHEME = FIVE_CLASS
    assert collectibility(30).key == DALAM_PERHATIAN_KHUSUS
    settings.LKP_COLLECTIBILITY_SCHEME = POJK_3
    assert collectibility(30).key == LANCAR


def test_classes_list_ranks_and_bands_with_indonesian_labels():
    rows = [(c.rank, c.key, c.min_dpd, c.max_dpd, str(c.label)) for c in classes(POJK_3)]
    assert rows == [
        (1, LANCAR, 0, 90, "Lancar"),
        (2, DIRAGUKAN, 91, 270, "Diragukan"),
        (3, MACET, 271, None, "Macet"),
    ]
    assert [str(c.label) for c in classes(FIVE_CLASS)] == [
        "Lancar", "Dalam perhatian khusus", "Kurang lancar", "Diragukan", "Macet",
    ]


def test_unknown_scheme_and_negative_dpd_are_refused():
    with pytest.raises(ValidationError) as exc:
        collectibility(10, "seven_class")
    assert exc.value.code == "scheme_invalid"
    with pytest.raises(ValidationError) as exc:
        collectibility(-1, POJK_3)
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
