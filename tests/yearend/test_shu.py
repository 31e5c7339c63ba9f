"""The SHU arithmetic with exact Rupiah: indicators.md's reference example, largest remainder, refusals."""
import pytest
from django.core.exceptions import ValidationError

from core.money import split_by_weight
from yearend.shu import share_pool, shu_allocate

PERCENTAGES = {"reserves": 40, "other_funds": 15, "jasa_anggota": 25, "jasa_modal": 20}


def test_reference_example_member_receives_1_240_000():
    """indicators.md: SHU 60.000.000, loans 75.000.000 in all, savings 100.000.000 in all."""
    pools = shu_allocate(60_000_000, PERCENTAGES)
    assert pools == {"reserves": 24_000_000, "other_funds": 9_000_000, "jasa_anggota": 15_000_000,
                     "jasa_modal": 12_000_000}
    by_loans, left = share_pool(pools["jasa_anggota"], {"rosmaniar": 5_000_000, "others": 70_000_000})
    by_savings, left_too = share_pool(pools["jasa_modal"], {"rosmaniar": 2_000_000, "others": 98_000_000})
    assert (by_loans["rosmaniar"], by_savings["rosmaniar"]) == (1_000_000, 240_000)
    assert by_loans["rosmaniar"] + by_savings["rosmaniar"] == 1_240_000
    assert left == left_too == 0


def test_largest_remainder_parts_sum_exactly_to_the_pool():
    # 100 among three equal weights: 33 each and the one Rupiah left to the first key.
    assert split_by_weight(100, {"a": 1, "b": 1, "c": 1}) == {"a": 34, "b": 33, "c": 33}
    # 1.000.001 in proportion 1..7: the remainders decide who gets the Rupiah the floors leave.
    parts = split_by_weight(1_000_001, {i: i + 1 for i in range(7)})
    assert parts == {0: 35_714, 1: 71_429, 2: 107_143, 3: 142_857, 4: 178_572, 5: 214_286, 6: 250_000}
    assert sum(parts.values()) == 1_000_001
    # 40/15/25/20 % of 1.000.003 are 400.001,2 / 150.000,45 / 250.000,75 / 200.000,6: the floors leave
    # 2 Rupiah, which go to the largest remainders (,75 and ,6).
    pools = shu_allocate(1_000_003, PERCENTAGES)
    assert pools == {"reserves": 400_001, "other_funds": 150_000, "jasa_anggota": 250_001, "jasa_modal": 200_001}
    assert sum(pools.values()) == 1_000_003


def test_percentages_with_decimals_are_weighed_in_hundredths():
    pools = shu_allocate(1_000_000, {"reserves": "33.33", "other_funds": "33.33", "jasa_anggota": "33.34",
                                     "jasa_modal": "0"})
    assert pools == {"reserves": 333_300, "other_funds": 333_300, "jasa_anggota": 333_400, "jasa_modal": 0}


@pytest.mark.parametrize(("percentages", "shown"), [
    ({"reserves": 40, "other_funds": 15, "jasa_anggota": 25, "jasa_modal": 15}, "95"),
    ({"reserves": 50, "other_funds": 15, "jasa_anggota": 25, "jasa_modal": 20}, "110"),
])
def test_percentages_not_summing_to_100_are_refused(percentages, shown):
    with pytest.raises(ValidationError) as exc:
        shu_allocate(60_000_000, percentages)
    assert exc.value.code == "shu_not_100"
    assert f"{shown} %" in exc.value.messages[0]


def test_a_negative_percentage_is_refused():
    with pytest.raises(ValidationError) as exc:
        shu_allocate(60_000_000, {"reserves": 110, "other_funds": -10, "jasa_anggota": 0, "jasa_modal": 0})
    assert exc.value.code == "shu_negative"


def test_a_loss_shares_nothing():
    assert shu_allocate(-250_000, PERCENTAGES) == dict.fromkeys(PERCENTAGES, 0)
    assert shu_allocate(0, PERCENTAGES) == dict.fromkeys(PERCENTAGES, 0)


def test_a_pool_nobody_can_share_is_left_undistributed():
    assert share_pool(15_000_000, {1: 0, 2: 0}) == ({1: 0, 2: 0}, 15_000_000)
    assert share_pool(0, {1: 5}) == ({1: 0}, 0)
