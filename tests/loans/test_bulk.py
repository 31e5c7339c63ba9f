"""The bulk path writes what the services write, on the same inputs."""
import datetime

import pytest
from django.core.exceptions import ValidationError

from books.models import JournalLine
from loans import services
from loans.bulk import LoanPlan, bulk_post_loans
from loans.models import Allocation, Instalment, Loan, PenaltyCharge, Repayment
from tests.factories import GroupFactory, MemberFactory, make_rules

from .conftest import OPEN_RULES

pytestmark = pytest.mark.django_db

D = datetime.date
RULES = {**OPEN_RULES, "loan_penalty_type": "percent", "loan_penalty_value": "2", "loan_penalty_grace_days": 7,
         "loan_interest_method": "declining"}
PLANS = [  # (member index, amount, term, date, payments)
    (0, 1_000_000, 10, D(2023, 1, 10), [(D(2023, 2, 10), 120_000), (D(2023, 4, 20), 250_000),
                                        (D(2023, 5, 10), 744_680)]),
    (1, 600_000, 5, D(2023, 3, 5), [(D(2023, 4, 5), 50_000)]),
    (2, 2_000_000, 12, D(2023, 6, 1), []),
]


def _group(manager, name):
    group = GroupFactory(name=name)
    make_rules(group, created_by=manager, **RULES)
    make_rules(group, created_by=manager, effective_from=D(2023, 4, 1),
               **{**RULES, "loan_allocation_order": "interest_first", "loan_interest_rate": "1.5"})
    return group, [MemberFactory(group=group) for _ in range(3)]


def _snapshot(group, members):
    index = {m.pk: i for i, m in enumerate(members)}
    loans = Loan.objects.filter(group=group).order_by("disbursed_on")
    return {
        "loans": [(index[x.member_id], x.amount, x.term, x.status, x.closed_on, x.disbursed_on, x.admin_fee, x.method,
                   x.rate, x.rules.effective_from) for x in loans],
        "instalments": sorted((index[i.loan.member_id], i.number, i.due_date, i.principal, i.interest)
                              for i in Instalment.objects.filter(loan__group=group).select_related("loan")),
        "penalties": sorted((index[p.loan.member_id], p.instalment.number, p.amount, p.charged_on)
                            for p in PenaltyCharge.objects.filter(loan__group=group).select_related("loan",
                                                                                                   "instalment")),
        "repayments": sorted((index[r.member_id], r.value_date, r.amount, r.kind)
                             for r in Repayment.objects.filter(group=group)),
        "allocations": sorted((index[a.repayment.member_id], a.repayment.value_date, a.instalment.number, a.component,
                               a.amount) for a in Allocation.objects.filter(repayment__group=group)
                              .select_related("repayment", "instalment")),
        "lines": sorted((ln.entry.date, ln.entry.kind, ln.entry.memo.split(": ")[0], ln.account.key, ln.debit,
                         ln.credit, index.get(ln.member_id)) for ln in JournalLine.objects.filter(entry__group=group)
                        .select_related("entry", "account")),
    }


def test_bulk_equals_the_services(manager):
    group_s, members_s = _group(manager, "Lewat layanan")
    for i, amount, term, day, payments in PLANS:
        loan = services.loan_apply(member=members_s[i], amount=amount, term=term, purpose="Modal usaha",
                                   business="Usaha anggota", date=day, actor=manager)
        services.loan_decide(loan=loan, approved=True, date=day, agreed_by="Rapat anggota", actor=manager)
        services.loan_disburse(loan=loan, date=day, actor=manager)
        for pay_day, pay in payments:
            services.loan_repay(loan=loan, amount=pay, date=pay_day, actor=manager)
    group_b, members_b = _group(manager, "Lewat bulk")
    bulk_post_loans(group=group_b, actor=manager,
                    plans=[LoanPlan(members_b[i], amount, term, day, payments) for i, amount, term, day, payments
                           in PLANS])
    service, bulk = _snapshot(group_s, members_s), _snapshot(group_b, members_b)
    assert service["penalties"]  # the scenario does exercise late penalties
    assert bulk["loans"][0][3] == "closed"
    assert bulk == service


def test_overpayment_is_refused_and_nothing_written(manager):
    group, members = _group(manager, "Lebih bayar")
    with pytest.raises(ValidationError):
        bulk_post_loans(group=group, actor=manager,
                        plans=[LoanPlan(members[0], 500_000, 5, D(2023, 1, 10), [(D(2023, 2, 10), 9_999_999)])])
    assert not Loan.objects.filter(group=group).exists()
