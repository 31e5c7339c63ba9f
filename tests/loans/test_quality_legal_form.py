"""Loan quality under the regime of the LKP's legal form on the day (worked example at the boundary).

Group Mawar, an informal group, lends Nurhayati Rp 1.000.000 on 15 January 2026 (10 months, 2 % flat,
due on the 15th of each month); she pays nothing. The group becomes a KSP on 1 March 2026.

* 28 February (still informal: POJK 41/2024, days): 13 days past due is Dalam perhatian khusus,
  5 % of Rp 1.000.000 = Rp 50.000.
* 1 March (a KSP: Juknis 15/2021, calendar months): 14 days, within a month, is Lancar, 0,5 % =
  Rp 5.000. 31 March: 44 days, more than one month up to three, is Kurang lancar, 10 % = Rp 100.000.
February's provision, posted after the change, is still made under the informal group's regime.
"""
import datetime

import pytest

from groups import services as group_services
from loans import services
from loans.models import Loan
from loans.quality_selectors import group_regime, loan_quality, regimes_of
from reports.selectors.portfolio import quality_by_group
from tests.factories import MemberFactory
from tests.loans.conftest import disburse_loan

pytestmark = pytest.mark.django_db
D = datetime.date
FEB_END, KSP_FROM, MAR_END = D(2026, 2, 28), D(2026, 3, 1), D(2026, 3, 31)


@pytest.fixture
def ksp_from_march(lgroup, officer, manager):
    loan = disburse_loan(MemberFactory(group=lgroup, full_name="Nurhayati"), officer, date=D(2026, 1, 15))
    group_services.legal_form_change(group=lgroup, legal_form="ksp", effective_from=KSP_FROM, actor=manager)
    return lgroup, loan


def _one(group, day):
    (row,) = loan_quality(Loan.objects.filter(group=group), as_of=day)
    return row.regime.key, row.days_past_due, row.klass.key, row.provision


def test_the_regime_changes_on_the_day_the_form_does(ksp_from_march):
    group, _loan = ksp_from_march
    assert _one(group, FEB_END) == ("pojk-41-2024", 13, "dalam_perhatian_khusus", 50_000)
    assert _one(group, KSP_FROM) == ("ksp-juknis-2021", 14, "lancar", 5_000)
    assert _one(group, MAR_END) == ("ksp-juknis-2021", 44, "kurang_lancar", 100_000)
    assert group_regime(group, FEB_END).key == "pojk-41-2024"
    assert group_regime(group, KSP_FROM).key == "ksp-juknis-2021"
    groups = type(group).objects.filter(pk=group.pk)
    assert [r.key for r in regimes_of(groups, on=FEB_END)] == ["pojk-41-2024"]
    assert [r.key for r in regimes_of(groups, on=KSP_FROM)] == ["ksp-juknis-2021"]
    # The reports name the regime of the day.
    assert quality_by_group([group.pk], as_of=FEB_END)[group.pk]["regime"] == "pojk-41-2024"
    assert quality_by_group([group.pk], as_of=KSP_FROM)[group.pk]["regime"] == "ksp-juknis-2021"


def test_earlier_months_keep_their_classes_under_the_earlier_regime(ksp_from_march, manager):
    group, _loan = ksp_from_march
    february = services.loan_provision_post(group=group, month=FEB_END, actor=manager)
    assert (february.regime, february.required) == ("pojk-41-2024", 50_000)
    assert list(february.lines.values_list("klass", "reserve")) == [("dalam_perhatian_khusus", 50_000)]
    march = services.loan_provision_post(group=group, month=MAR_END, actor=manager)
    assert (march.regime, march.required, march.amount) == ("ksp-juknis-2021", 100_000, 50_000)


def test_loan_quality_reads_the_form_in_three_queries(ksp_from_march, django_assert_num_queries):
    group, _loan = ksp_from_march
    loans = Loan.objects.filter(group=group)
    with django_assert_num_queries(3):
        loan_quality(loans, as_of=FEB_END)
