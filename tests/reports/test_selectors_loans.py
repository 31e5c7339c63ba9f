"""Loan indicators on three hand-built loans (see tests/reports/factories.build_loans)."""
import datetime
from decimal import Decimal

import pytest

from groups.models import Group
from loans import services
from reports.selectors.indicators import indicators_for
from tests.factories import GroupFactory
from tests.reports.factories import build_loans
from tests.utils import count_queries

pytestmark = pytest.mark.django_db
D = datetime.date
HALF = {"start": D(2024, 1, 1), "end": D(2024, 6, 30)}


@pytest.fixture
def loans(group_a, manager):
    return build_loans(group_a, manager)


def test_portfolio_and_par(loans, group_a):
    values = indicators_for(Group.objects.filter(pk=group_a.pk), **HALF)
    assert values["glp"] == 1_500_000  # 500,000 + 900,000 + 100,000
    assert values["active_borrowers"] == 3
    assert values["borrower_share"] == Decimal("1.0000")
    assert values["avg_outstanding_per_borrower"] == 500_000
    assert values["par1"] == Decimal("0.6667")  # (900,000 + 100,000) / 1,500,000
    assert values["par30"] == Decimal("0.6000")  # 900,000 / 1,500,000
    assert values["par90"] == Decimal("0.6000")  # Yusnimar is 107 days late
    assert values["depth_of_outreach"] == Decimal("0.0064")  # 500,000 / 78,600,000 (GNI 2024)


def test_par_before_cover_next_to_after_cover(loans, group_a):
    values = indicators_for(Group.objects.filter(pk=group_a.pk), **HALF)
    # Member's own view: the group fund's cover of Nurhayati's May instalment does not count as hers,
    # so she still owes 200,000 principal (500,000 − 3 × 100,000) and is late since 15 May (46 days).
    # Own portfolio: 500,000 + 900,000 + 200,000 = 1,600,000.
    assert values["par1_own"] == Decimal("0.6875")  # (900,000 + 200,000) / 1,600,000
    assert values["par30_own"] == Decimal("0.6875")  # she is 46 days late on her own
    assert values["par90_own"] == Decimal("0.5625")  # 900,000 / 1,600,000
    # After the cover (what the institution received): 100,000 outstanding, 15 days late.
    assert (values["par1"], values["par30"], values["par90"]) == (Decimal("0.6667"), Decimal("0.6000"),
                                                                   Decimal("0.6000"))


def test_without_covers_both_views_agree(group_a, manager):
    build_loans(group_a, manager)
    values = indicators_for(Group.objects.filter(pk=group_a.pk), start=D(2024, 1, 1), end=D(2024, 4, 30))
    # Before the May cover: Rosmaniar 700,000 and Nurhayati 200,000 current, Yusnimar 900,000 late
    # since 15 March (46 days): 900,000 / 1,800,000 in both views.
    for days in ("1", "30", "90"):
        assert values[f"par{days}_own"] == values[f"par{days}"], days
    assert (values["par30_own"], values["par90_own"]) == (Decimal("0.5000"), Decimal("0.0000"))


def test_arrears_rate_counts_only_the_overdue_principal(loans, group_a):
    values = indicators_for(Group.objects.filter(pk=group_a.pk), **HALF)
    # Yusnimar: principal of March–June unpaid, 4 × 100,000; Nurhayati: June's 100,000 (May was covered).
    assert values["arrears_rate"] == Decimal("0.3333")  # 500,000 / 1,500,000, beside PAR30 of 0.6000


def test_repayment_and_on_time_rates_after_cover_and_own(loans, group_a):
    values = indicators_for(Group.objects.filter(pk=group_a.pk), **HALF)
    # Due Feb–Jun: 5 × 120,000 + 5 × 120,000 + 5 × 110,000 = 1,750,000.
    # Received: 600,000 + 120,000 + 440,000 (110,000 of it the group's cover) = 1,160,000.
    assert values["repayment_rate"] == Decimal("0.6629")
    assert values["repayment_rate_own"] == Decimal("0.6000")  # 1,050,000 / 1,750,000
    # Paid in full by the due date: the same instalments, all paid on their due day.
    assert values["on_time_rate"] == Decimal("0.6629")
    assert values["on_time_rate_own"] == Decimal("0.6000")


def test_disbursement_figures(loans, group_a):
    values = indicators_for(Group.objects.filter(pk=group_a.pk), **HALF)
    assert values["first_loans"] == 3
    assert values["avg_loan_disbursed"] == 833_333  # 2,500,000 / 3, rounded half up
    assert values["approval_rate"] == Decimal("1.0000")
    assert values["days_to_disburse"] == Decimal("10.0")  # applied 5 Jan, disbursed 15 Jan
    assert values["write_off_ratio"] == Decimal("0.0000")


def test_write_off_leaves_the_portfolio(loans, group_a, manager):
    _on_time, late, _covered = loans
    services.loan_write_off(loan=late, date=D(2024, 6, 20), actor=manager, reason="Pindah ke luar kota")
    values = indicators_for(Group.objects.filter(pk=group_a.pk), **HALF)
    assert values["glp"] == 600_000
    assert values["par30"] == Decimal("0.0000")
    # 900,000 written off / average GLP ((0 at the start + 600,000 at the end) / 2).
    assert values["write_off_ratio"] == Decimal("3.0000")


def test_a_rescheduled_loan_is_at_risk_even_when_current(loans, group_a, manager):
    on_time, _late, _covered = loans
    services.loan_reschedule(loan=on_time, term=8, date=D(2024, 6, 20), actor=manager, reason="Usaha sepi")
    values = indicators_for(Group.objects.filter(pk=group_a.pk), **HALF)
    assert values["par30"] == Decimal("0.9333")  # (500,000 + 900,000) / 1,500,000
    # Before the reschedule (20 June) she was current: at 31 May only Yusnimar (900,000 of 1,600,000).
    before = indicators_for(Group.objects.filter(pk=group_a.pk), start=D(2024, 5, 1), end=D(2024, 5, 31))
    assert before["par30"] == Decimal("0.5625")


def test_no_loans_gives_no_ratios(group_b):
    values = indicators_for(Group.objects.filter(pk=group_b.pk), **HALF)
    assert values["glp"] == 0
    for key in ("par1", "par30", "par1_own", "par30_own", "par90_own", "arrears_rate", "repayment_rate",
                "on_time_rate", "avg_loan_disbursed",
                "borrower_share", "depth_of_outreach", "approval_rate", "days_to_disburse", "write_off_ratio"):
        assert values[key] is None, key


def test_query_count_does_not_grow_with_groups_or_loans(loans, manager):
    _, few = count_queries(lambda: indicators_for(Group.objects.all(), **HALF))
    for _i in range(3):
        build_loans(GroupFactory(), manager)
    values, many = count_queries(lambda: indicators_for(Group.objects.all(), **HALF))
    assert few == many
    assert values["glp"] == 4 * 1_500_000
