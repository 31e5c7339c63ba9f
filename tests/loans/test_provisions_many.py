"""Months of loss reserves at once (``loan_provisions_post_many``): what the month-by-month service posts.

The worked example of ``test_provisions.py`` (group Mawar, an LKM under POJK 41/2024, three loans
disbursed 15 January 2025 at 2 % flat over 10 months), with Betty's loan written off on 5 August
before any reserve is posted (as the bulk demo does: the loans first, then the reserves), and a
fourth loan, Dewi's Rp 1.000.000, unpaid and rescheduled over 10 months on 1 May; Aisyah's June
payment is reversed on 20 July (it counts at the end of June, not after).

June: Aisyah Lancar, Betty Diragukan (50 % of Rp 2.000.000), Cici Dalam perhatian khusus
(5 % of Rp 2.400.000), Dewi on her new schedule. July: Cici Kurang lancar (15 %). August: Betty's
loan is written off (no line), Cici Diragukan (50 % of Rp 2.400.000 = Rp 1.200.000): part of the
allowance is released.
"""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from audit.models import AuditEvent
from books.models import JournalEntry
from loans import services
from loans.models import Loan, LoanProvision, ProvisionLine, Repayment
from loans.quality_selectors import loan_quality, loan_quality_by_month
from tests.factories import MemberFactory
from tests.loans.helpers import entry_lines
from tests.loans.test_provisions import book  # noqa: F401 (the fixture)

D = datetime.date
MONTHS = [D(2025, 4, 30), D(2025, 5, 31), D(2025, 6, 30), D(2025, 7, 31), D(2025, 8, 31)]


@pytest.fixture
def history(book, officer, manager):  # noqa: F811
    group, loans = book
    from tests.loans.conftest import disburse_loan

    loans["Dewi"] = disburse_loan(MemberFactory(group=group, full_name="Dewi"), officer, amount=1_000_000,
                                  date=D(2025, 1, 15))
    services.loan_reschedule(loan=loans["Dewi"], term=10, date=D(2025, 5, 1), actor=manager,
                             reason="Usaha terganggu")
    services.loan_write_off(loan=loans["Betty"], date=D(2025, 8, 5), actor=manager, reason="Pindah")
    june_payment = Repayment.objects.get(loan=loans["Aisyah"], value_date__year=2025, value_date__month=6)
    services.repayment_reverse(repayment=june_payment, actor=manager, reason="Salah catat", date=D(2025, 7, 20))
    return group, loans


def _posted(group):
    """Everything the provisions of ``group`` wrote, without ids: provisions, entries, lines, audit events."""
    rows = []
    for p in LoanProvision.objects.filter(group=group).select_related("entry").order_by("month"):
        rows.append((p.month, p.regime, p.required, p.allowance_before, p.amount, p.created_by_id,
                     (p.entry.date, p.entry.kind, p.entry.memo, p.entry.reference, entry_lines(p.entry))
                     if p.entry else None,
                     sorted(ProvisionLine.objects.filter(provision=p).values_list(
                         "loan_id", "klass", "days_past_due", "months_in_arrears", "outstanding", "reserve_pct",
                         "reserve"))))
    events = sorted((e.action, e.data.get("month", ""), e.data.get("reference", ""), e.data.get("required", 0),
                     e.data.get("posted", e.data.get("amount", 0)), e.data.get("loans", 0))
                    for e in AuditEvent.objects.filter(group=group, action__in=["loans.provision",
                                                                                "books.loan_provision"]))
    return rows, events


def test_the_months_at_once_are_the_service_month_by_month(history, manager):
    group, _loans = history
    with transaction.atomic():
        for month in MONTHS:
            services.loan_provision_post(group=group, month=month, actor=manager)
        by_service = _posted(group)
        transaction.set_rollback(True)
    assert not LoanProvision.objects.filter(group=group).exists()
    assert services.loan_provisions_post_many(group=group, months=MONTHS, actor=manager) == 5
    assert _posted(group) == by_service
    assert len(by_service[0]) == 5 and len(by_service[1]) >= 8  # a provision event a month, an entry most months


def test_worked_example_in_rupiah(history, manager):
    group, loans = history
    services.loan_provisions_post_many(group=group, months=MONTHS[2:], actor=manager)
    june, july, august = LoanProvision.objects.filter(group=group).order_by("month")
    lines = {line.loan.member.full_name: (line.klass, line.outstanding, line.reserve)
             for line in ProvisionLine.objects.filter(provision=june).select_related("loan__member")}
    assert lines["Aisyah"] == ("lancar", 500_000, 0)
    assert lines["Betty"] == ("diragukan", 2_000_000, 1_000_000)
    assert lines["Cici"] == ("dalam_perhatian_khusus", 2_400_000, 120_000)
    dewi = lines["Dewi"][2]
    assert (june.required, june.allowance_before, june.amount) == (1_120_000 + dewi, 0, 1_120_000 + dewi)
    assert (july.required - july.allowance_before) == july.amount
    assert ProvisionLine.objects.get(provision=july, loan=loans["Cici"]).klass == "kurang_lancar"
    # Aisyah's June payment reversed on 20 July: at the end of July her June instalment is 46 days late
    # and five tenths are paid (February to May, July): Rp 500.000 outstanding, 5 % = Rp 25.000.
    assert ProvisionLine.objects.filter(provision=july, loan=loans["Aisyah"]).values_list(
        "klass", "days_past_due", "outstanding", "reserve").get() == ("dalam_perhatian_khusus", 46, 500_000, 25_000)
    # August: Betty's loan is gone, Cici is Diragukan: 50 % of Rp 2.400.000.
    assert not ProvisionLine.objects.filter(provision=august, loan=loans["Betty"]).exists()
    assert ProvisionLine.objects.get(provision=august, loan=loans["Cici"]).reserve == 1_200_000
    assert august.allowance_before == july.required and august.amount == august.required - july.required < 0
    assert entry_lines(august.entry) == {("loan_loss_allowance", "D"): -august.amount,
                                         ("provision_expense", "K"): -august.amount}


def test_the_quality_of_each_month_is_loan_quality(history):
    group, _loans = history
    ends = [D(2025, 1, 31), D(2025, 2, 28), *MONTHS, D(2025, 12, 31)]
    by_month = loan_quality_by_month(group, ends)
    for end in ends:
        expected = loan_quality(Loan.objects.filter(group=group), as_of=end)
        assert [(r.loan.pk, r.regime.key, r.days_past_due, r.months_in_arrears, r.klass.key, r.outstanding,
                 r.provision) for r in by_month[end]] == [
            (r.loan.pk, r.regime.key, r.days_past_due, r.months_in_arrears, r.klass.key, r.outstanding, r.provision)
            for r in expected], end


def _codes(exc):
    return {e.code for errors in exc.value.error_dict.values() for e in errors}


def test_refused_whole_when_a_month_is_posted_out_of_order_or_not_ended(history, manager):
    group, _loans = history
    with pytest.raises(ValidationError) as exc:
        services.loan_provisions_post_many(group=group, months=[MONTHS[1], MONTHS[0]], actor=manager)
    assert _codes(exc) == {"months_out_of_order"}
    services.loan_provision_post(group=group, month=MONTHS[2], actor=manager)
    with pytest.raises(ValidationError) as exc:
        services.loan_provisions_post_many(group=group, months=MONTHS, actor=manager)
    assert _codes(exc) == {"later_provision"}
    from core.dates import today

    with pytest.raises(ValidationError) as exc:
        services.loan_provisions_post_many(group=group, months=[today() + datetime.timedelta(days=1)], actor=manager)
    assert _codes(exc) <= {"month_not_ended", "date_out_of_range"}
    assert LoanProvision.objects.filter(group=group).count() == 1
    assert JournalEntry.objects.filter(group=group, kind="loan_provision").count() == 1
