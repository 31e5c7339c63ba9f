import pytest

from core.money import format_rupiah, parse_rupiah, round_half_up


@pytest.mark.parametrize("amount,text", [(1_250_000, "Rp 1.250.000"), (0, "Rp 0"), (-5_000, "-Rp 5.000"),
                                         (999, "Rp 999"), (None, "—")])
def test_format_rupiah(amount, text):
    assert format_rupiah(amount) == text


@pytest.mark.parametrize("text,amount", [("1.250.000", 1_250_000), ("Rp 1250000", 1_250_000), ("1,000", 1000)])
def test_parse_rupiah(text, amount):
    assert parse_rupiah(text) == amount


@pytest.mark.parametrize("text", ["", "abc", "1.5e3", "12,5x"])
def test_parse_rupiah_refuses_non_numbers(text):
    with pytest.raises(ValueError):
        parse_rupiah(text)


def test_round_half_up():
    assert round_half_up(150, 100) == 200
    assert round_half_up(149, 100) == 100
    assert round_half_up(2182.5) == 2183
