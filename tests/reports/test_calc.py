"""Indicator arithmetic against the public worked examples of indicators.md."""
from decimal import Decimal

from reports.indicators import calc

# Sa-Dhan manual, Table 13: outstanding by age (days past due), GLP 168,000.
SADHAN_TABLE_13 = [(128_000, 0, False), (17_500, 15, False), (10_000, 45, False), (5_000, 75, False),
                   (3_500, 120, False), (2_500, 200, False), (1_500, 400, False)]


def test_par_buckets_match_sadhan_table_13():
    assert calc.portfolio_at_risk(SADHAN_TABLE_13, over_days=0) == Decimal("0.2381")
    assert calc.portfolio_at_risk(SADHAN_TABLE_13, over_days=30) == Decimal("0.1339")
    assert calc.portfolio_at_risk(SADHAN_TABLE_13, over_days=90) == Decimal("0.0446")


def test_par_counts_a_rescheduled_loan_whole_even_when_current():
    exposures = [(80_000, 0, False), (20_000, 0, True)]
    assert calc.portfolio_at_risk(exposures, over_days=30) == Decimal("0.2000")


def test_par_of_an_empty_portfolio_is_undefined():
    assert calc.portfolio_at_risk([], over_days=30) is None


def test_repayment_rate_sadhan_example():
    assert calc.repayment_rate(received=387_700, prepayments=7_500, due=381_500) == Decimal("0.9966")


def test_repayment_rate_with_nothing_due_is_undefined():
    assert calc.repayment_rate(received=10_000, prepayments=0, due=0) is None


def test_oss_sadhan_example():
    assert calc.operational_self_sufficiency(revenue=27_200, expense=34_200) == Decimal("0.7953")


def test_retention_growth_and_median():
    # 40 active at the start, 45 at the end of whom 8 joined in the period: 37 / 40 stayed.
    assert calc.retention(active_start=40, active_end=45, joined=8) == Decimal("0.9250")
    assert calc.retention(active_start=0, active_end=5, joined=5) is None
    assert calc.growth(40, 45) == Decimal("0.1250")
    assert calc.growth(0, 45) is None
    assert calc.median([30, 5, 15]) == Decimal(15)
    assert calc.median([5, 10, 15, 60]) == Decimal("12.5")
    assert calc.median([]) is None


def test_annualised_ratio():
    assert calc.annualised(Decimal("0.1200"), months=6) == Decimal("0.2400")
    assert calc.annualised(None, months=6) is None
