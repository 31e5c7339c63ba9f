"""Schedules: the public worked examples of indicators.md, properties of every method, bad input."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from loans.schedule import ANNUITY, DECLINING, FLAT, METHODS, annuity_instalment, build_schedule


def _column(schedule, name):
    return [getattr(line, name) for line in schedule.lines]


def test_flat_one_million_two_percent_ten_months():
    s = build_schedule(principal=1_000_000, rate=Decimal("2"), term=10, method=FLAT)
    assert _column(s, "principal") == [100_000] * 10
    assert _column(s, "interest") == [20_000] * 10
    assert _column(s, "total") == [120_000] * 10
    assert _column(s, "balance") == [900_000 - 100_000 * i for i in range(10)]
    assert (s.total_principal, s.total_interest, s.total) == (1_000_000, 200_000, 1_200_000)


def test_declining_one_million_two_percent_ten_months():
    s = build_schedule(principal=1_000_000, rate=Decimal("2"), term=10, method=DECLINING)
    assert _column(s, "total") == [120_000, 118_000, 116_000, 114_000, 112_000,
                                   110_000, 108_000, 106_000, 104_000, 102_000]
    assert _column(s, "principal") == [100_000] * 10
    assert s.total_interest == 110_000
    assert s.lines[-1].balance == 0


def test_annuity_one_million_two_percent_ten_months():
    assert annuity_instalment(1_000_000, Decimal("2"), 10) == 111_327
    s = build_schedule(principal=1_000_000, rate=Decimal("2"), term=10, method=ANNUITY)
    first, last = s.lines[0], s.lines[-1]
    assert (first.interest, first.principal, first.total, first.balance) == (20_000, 91_327, 111_327, 908_673)
    assert (last.principal, last.interest, last.balance) == (109_139, 2_183, 0)
    assert all(line.total == 111_327 for line in s.lines[:-1])
    assert s.total_principal == 1_000_000


def test_annuity_fineract_twelve_thousand_four_months():
    s = build_schedule(principal=12_000, rate=Decimal("2"), term=4, method=ANNUITY)
    assert _column(s, "interest") == [240, 182, 122, 62]
    assert _column(s, "principal") == [2_911, 2_969, 3_029, 3_091]
    assert _column(s, "balance") == [9_089, 6_120, 3_091, 0]
    assert _column(s, "total") == [3_151, 3_151, 3_151, 3_153]


def test_rounding_to_hundreds_last_instalment_absorbs_the_remainder():
    # 1,000,000 / 3 = 333,333.3 -> 333,300; the last principal takes the rest: 333,400.
    s = build_schedule(principal=1_000_000, rate=Decimal("1.5"), term=3, method=FLAT, rounding=100)
    assert _column(s, "principal") == [333_300, 333_300, 333_400]
    assert _column(s, "interest") == [15_000, 15_000, 15_000]
    assert _column(s, "total") == [348_300, 348_300, 348_400]


def test_rounding_half_up_to_five_hundred():
    # Interest 1,250,000 x 1.5 % = 18,750 -> 19,000; principal 1,250,000 / 6 = 208,333.3 -> 208,500.
    s = build_schedule(principal=1_250_000, rate=Decimal("1.5"), term=6, method=FLAT, rounding=500)
    assert _column(s, "interest") == [19_000] * 6
    assert _column(s, "principal") == [208_500] * 5 + [1_250_000 - 5 * 208_500]
    assert s.lines[-1].principal == 207_500


def test_grace_months_pay_interest_only():
    s = build_schedule(principal=1_200_000, rate=Decimal("2"), term=6, method=DECLINING, grace=2)
    assert _column(s, "principal") == [0, 0, 300_000, 300_000, 300_000, 300_000]
    assert _column(s, "interest") == [24_000, 24_000, 24_000, 18_000, 12_000, 6_000]
    assert _column(s, "balance") == [1_200_000, 1_200_000, 900_000, 600_000, 300_000, 0]


def test_flat_grace_keeps_interest_on_the_original_principal():
    s = build_schedule(principal=1_200_000, rate=Decimal("2"), term=6, method=FLAT, grace=2)
    assert _column(s, "total") == [24_000, 24_000, 324_000, 324_000, 324_000, 324_000]
    assert s.total_interest == 144_000


def test_annuity_with_grace_is_spread_over_the_repaying_months():
    s = build_schedule(principal=12_000, rate=Decimal("2"), term=6, method=ANNUITY, grace=2)
    assert _column(s, "total")[:2] == [240, 240]
    # From month 3 it is the four-month annuity of the Fineract example.
    assert _column(s, "principal")[2:] == [2_911, 2_969, 3_029, 3_091]
    assert _column(s, "interest")[2:] == [240, 182, 122, 62]


def test_zero_rate_annuity_is_equal_principal():
    s = build_schedule(principal=1_000, rate=0, term=3, method=ANNUITY)
    assert _column(s, "principal") == [333, 333, 334]
    assert s.total_interest == 0


def test_coarse_rounding_on_a_small_loan_never_goes_negative():
    # 1,600 / 3 = 533 -> 1,000 by thousands: the second month can only take the 600 left.
    s = build_schedule(principal=1_600, rate=0, term=3, method=DECLINING, rounding=1000)
    assert _column(s, "principal") == [1_000, 600, 0]
    assert _column(s, "balance") == [600, 0, 0]


def test_due_dates_fall_monthly_from_the_first_and_clamp_to_month_end():
    s = build_schedule(principal=300_000, rate=1, term=3, method=FLAT, first_due=datetime.date(2024, 1, 31))
    assert _column(s, "due_date") == [datetime.date(2024, 1, 31), datetime.date(2024, 2, 29),
                                      datetime.date(2024, 3, 31)]
    assert build_schedule(principal=300_000, rate=1, term=3, method=FLAT).lines[0].due_date is None


def test_as_dicts_gives_integers():
    s = build_schedule(principal=12_000, rate="2", term=4, method=ANNUITY)
    assert s.as_dicts()[0] == {"number": 1, "principal": 2_911, "interest": 240, "total": 3_151, "balance": 9_089}


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        ({"term": 0}, "term", "term_invalid"),
        ({"term": 361}, "term", "term_invalid"),
        ({"principal": -1}, "principal", "principal_invalid"),
        ({"principal": 0}, "principal", "principal_invalid"),
        ({"principal": "10.5"}, "principal", "principal_invalid"),
        ({"rate": -1}, "rate", "rate_invalid"),
        ({"rate": "abc"}, "rate", "rate_invalid"),
        ({"method": "balloon"}, "method", "method_invalid"),
        ({"rounding": 0}, "rounding", "rounding_invalid"),
        ({"grace": 10}, "grace", "grace_not_shorter_than_term"),
        ({"grace": 12}, "grace", "grace_not_shorter_than_term"),
        ({"grace": -1}, "grace", "grace_invalid"),
    ],
)
def test_bad_input_raises_a_clear_validation_error(kwargs, field, code):
    args = {"principal": 1_000_000, "rate": Decimal("2"), "term": 10, "method": FLAT, **kwargs}
    with pytest.raises(ValidationError) as exc:
        build_schedule(**args)
    errors = exc.value.error_dict
    assert list(errors) == [field]
    assert errors[field][0].code == code


def test_grace_error_message_is_indonesian():
    with pytest.raises(ValidationError) as exc:
        build_schedule(principal=1_000_000, rate=2, term=6, method=FLAT, grace=6)
    assert exc.value.message_dict["grace"] == [
        "Masa tenggang (6 bulan) harus lebih pendek dari jangka waktu (6 bulan)."
    ]


@st.composite
def schedules(draw):
    term = draw(st.integers(min_value=1, max_value=60))
    return {
        "principal": draw(st.integers(min_value=1, max_value=500_000_000)),
        "rate": draw(st.decimals(min_value=0, max_value=10, places=3, allow_nan=False, allow_infinity=False)),
        "term": term,
        "method": draw(st.sampled_from(METHODS)),
        "rounding": draw(st.sampled_from([1, 100, 500, 1000])),
        "grace": draw(st.integers(min_value=0, max_value=term - 1)),
    }


@settings(max_examples=300, deadline=None)
@given(schedules())
def test_properties_of_every_method(args):
    s = build_schedule(**args)
    k, p = args["rounding"], args["principal"]
    assert len(s.lines) == args["term"]
    assert s.total_principal == p
    assert s.lines[-1].balance == 0
    balance = p
    for line in s.lines:
        assert line.principal >= 0 and line.interest >= 0 and line.balance >= 0
        assert line.total == line.principal + line.interest
        balance -= line.principal
        assert line.balance == balance
        assert line.interest % k == 0
        if line.number < args["term"]:
            # Only the last instalment absorbs the remainder; a cut-short principal is a remainder too.
            assert line.principal % k == 0 or line.balance == 0
    assert all(line.principal == 0 for line in s.lines[: args["grace"]])


@settings(max_examples=200, deadline=None)
@given(schedules())
def test_annuity_instalments_are_equal_until_the_last(args):
    args = {**args, "method": ANNUITY}
    s = build_schedule(**args)
    repaying = [line.total for line in s.lines[args["grace"]:-1] if line.balance > 0]
    assert len(set(repaying)) <= 1
