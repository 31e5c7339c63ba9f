"""Effective rates: the IRR of a schedule's cash flows, annualised, and the regime's caps, as worked examples."""
from decimal import Decimal

import pytest

from groups.regimes import BY_KEY
from loans.rates import (
    effective_rate,
    loan_cap_check,
    monthly_irr,
    rates_for_rules,
    rates_for_schedule,
    savings_cap_check,
)
from loans.schedule import build_schedule

KSP = BY_KEY["ksp-juknis-2021"]
LKM = BY_KEY["pojk-41-2024"]


def _npv(rate, principal, instalments):
    return sum(Decimal(a) / (1 + rate) ** t for t, a in enumerate(instalments, start=1)) - principal


def test_flat_two_percent_over_twelve_months():
    # Rp 12.000.000 flat 2 % a month, 12 months: Rp 1.000.000 principal + Rp 240.000 interest a month.
    schedule = build_schedule(principal=12_000_000, rate="2", term=12, method="flat")
    assert {line.total for line in schedule.lines} == {1_240_000}
    i = monthly_irr(12_000_000, [1_240_000] * 12)
    assert abs(_npv(i, 12_000_000, [1_240_000] * 12)) < Decimal("0.001")  # it is the IRR
    rate = effective_rate(schedule)
    assert rate.monthly == Decimal("3.4753")
    assert rate.nominal_annual == Decimal("24.00")
    assert rate.annual_declining == Decimal("41.70")  # 12 × i: regulation.md's "about 41.5 %"
    assert rate.annual_compound == Decimal("50.67")  # (1 + i)^12 − 1


def test_flat_two_percent_over_ten_months_is_the_41_5_of_the_reference():
    rate = effective_rate(build_schedule(principal=12_000_000, rate="2", term=10, method="flat"))
    assert (rate.annual_declining, rate.annual_compound) == (Decimal("41.52"), Decimal("50.41"))


@pytest.mark.parametrize("method", ["declining", "annuity"])
def test_declining_and_annuity_two_percent_are_24_nominal_26_82_compounded(method):
    rate = effective_rate(build_schedule(principal=12_000_000, rate="2", term=12, method=method))
    assert (rate.monthly, rate.annual_declining, rate.annual_compound) == (
        Decimal("2.0000"), Decimal("24.00"), Decimal("26.82"))  # 1.02^12 − 1 = 26.824 %


def test_zero_interest_is_zero():
    rate = effective_rate(build_schedule(principal=1_000_000, rate="0", term=5, method="flat"))
    assert (rate.monthly, rate.annual_compound) == (Decimal("0.0000"), Decimal("0.00"))


def test_ksp_cap_reads_the_effective_rate_and_warns_on_flat_two_percent():
    check = loan_cap_check(KSP, rate=Decimal("2"), method="flat", terms=[5, 10, 12])
    assert (check.cap, check.basis, check.reading, check.term, check.exceeded) == (
        Decimal("24"), "effective", Decimal("41.70"), 12, True)
    declining = loan_cap_check(KSP, rate=Decimal("2"), method="declining", terms=[12])
    assert (declining.reading, declining.exceeded) == (Decimal("24.00"), False)  # "24 % efektif (menurun)"


def test_a_nominal_cap_reads_the_monthly_rate_times_twelve(monkeypatch):
    import dataclasses

    nominal = dataclasses.replace(KSP, loan_cap_basis="nominal")
    assert loan_cap_check(nominal, rate=Decimal("2"), method="flat", terms=[12]).exceeded is False
    assert loan_cap_check(nominal, rate=Decimal("2.1"), method="flat", terms=[12]).reading == Decimal("25.20")


def test_no_cap_without_one_in_the_regime():
    assert loan_cap_check(LKM, rate=Decimal("5"), method="flat", terms=[12]) is None
    assert savings_cap_check(LKM, monthly_rate=Decimal("2")) is None


def test_savings_cap_nine_percent_a_year():
    assert savings_cap_check(KSP, monthly_rate=Decimal("0.75")).exceeded is False  # 9.00 %
    check = savings_cap_check(KSP, monthly_rate=Decimal("0.8"))
    assert (check.reading, check.exceeded) == (Decimal("9.60"), True)


def test_rates_for_rules_and_for_a_schedule():
    rates = rates_for_rules(KSP, rate=Decimal("2"), method="flat", terms=[12, 5], sukarela_rate=Decimal("1"))
    assert [t for t, _ in rates.by_term] == [5, 12]
    assert len(rates.warnings) == 2
    one = rates_for_schedule(KSP, principal=12_000_000, instalments=[1_240_000] * 12, rate=Decimal("2"),
                             method="flat")
    assert one.loan_cap.reading == Decimal("41.70") and one.loan_cap.exceeded
