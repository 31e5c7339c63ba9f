"""The bulk path writes what the services write, on the same inputs."""
import datetime

import pytest
from django.core.exceptions import ValidationError

from books.models import JournalLine
from loans import services
from loans.bulk import LoanPlan, Payment, RepaymentChecker, bulk_post_loans, bulk_post_repayments
from loans.models import Allocation, Instalment, Loan, PenaltyCharge, Repayment
from tests.factories import GroupFactory, MemberFactory, make_rules
from tests.utils import count_queries

from .conftest import OPEN_RULES, disburse_loan

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
        "repayments": sorted((index[r.member_id], r.value_date, r.amount, r.kind, r.idempotency_key)
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


# ----- repayments on loans already disbursed: bulk_post_repayments = loan_repay one by one ----------

# (loan index, date, amount), in date order: late payments charge penalties (2 % after 7 days), the
# rules from 1 April allocate interest first, loan 0 is paid off on 10 May, loan 2 was rescheduled.
PAYMENTS = [(0, D(2023, 4, 20), 250_000), (1, D(2023, 4, 20), 50_000), (0, D(2023, 5, 10), 744_680),
            (1, D(2023, 7, 20), 100_000), (2, D(2023, 10, 1), 300_000), (2, D(2023, 11, 15), 200_000)]


def _loans_so_far(manager, name):
    """Three loans as the services leave them: one paid once, one untouched, one paid and rescheduled."""
    group, members = _group(manager, name)
    loans = [disburse_loan(members[0], manager, amount=1_000_000, term=10, date=D(2023, 1, 10)),
             disburse_loan(members[1], manager, amount=600_000, term=5, date=D(2023, 3, 5)),
             disburse_loan(members[2], manager, amount=2_000_000, term=12, date=D(2023, 6, 1))]
    services.loan_repay(loan=loans[0], amount=120_000, date=D(2023, 2, 10), actor=manager)
    services.loan_repay(loan=loans[2], amount=180_000, date=D(2023, 7, 1), actor=manager)
    services.loan_reschedule(loan=loans[2], term=5, date=D(2023, 9, 1), actor=manager, reason="Usaha sepi")
    return group, members, loans


def test_bulk_repayments_equal_loan_repay_one_by_one(manager):
    group_s, members_s, loans_s = _loans_so_far(manager, "Lewat layanan")
    for i, day, amount in PAYMENTS:
        services.loan_repay(loan=loans_s[i], amount=amount, date=day, actor=manager, idempotency_key=f"s{i}{day}")
    group_b, members_b, loans_b = _loans_so_far(manager, "Lewat bulk")
    created = bulk_post_repayments(actor=manager, payments=[
        Payment(loans_b[i], amount, day, idempotency_key=f"b{i}{day}") for i, day, amount in PAYMENTS])
    assert [r.amount for r in created] == [amount for _i, _d, amount in PAYMENTS]
    service, bulk = _snapshot(group_s, members_s), _snapshot(group_b, members_b)
    service["repayments"] = [r[:4] + ((r[4] or "")[1:],) for r in service["repayments"]]
    bulk["repayments"] = [r[:4] + ((r[4] or "")[1:],) for r in bulk["repayments"]]
    assert {p[:2] for p in service["penalties"]} >= {(0, 2), (1, 1), (1, 2)}  # late payments did charge
    assert service["loans"][0][3:5] == ("closed", D(2023, 5, 10))
    assert bulk == service


def _refusal(call):
    try:
        call()
    except ValidationError as exc:
        return exc.message_dict if hasattr(exc, "error_dict") else exc.messages, [e.code for e in exc.error_list] \
            if not hasattr(exc, "error_dict") else sorted(e.code for es in exc.error_dict.values() for e in es)
    raise AssertionError("not refused")


@pytest.mark.parametrize("i, day, amount", [
    (0, D(2099, 1, 1), 100_000),  # in the future
    (0, D(2023, 2, 1), 100_000),  # before the loan's latest payment
    (1, D(2023, 3, 1), 100_000),  # before the disbursement
    (1, D(2023, 4, 20), 0),  # nothing
    (1, D(2023, 4, 20), 9_000_000),  # more than the loan owes
    (0, D(2023, 6, 1), 1_000),  # the loan was paid off on 10 May
])
def test_every_refusal_is_the_services_own(manager, i, day, amount):
    _group_s, _members, loans = _loans_so_far(manager, "Ditolak")
    services.loan_repay(loan=loans[0], amount=250_000, date=D(2023, 4, 20), actor=manager)
    services.loan_repay(loan=loans[0], amount=744_680, date=D(2023, 5, 10), actor=manager)
    expected = _refusal(lambda: services.loan_repay(loan=loans[i], amount=amount, date=day, actor=manager))
    assert _refusal(lambda: RepaymentChecker(loans).check(Payment(loans[i], amount, day))) == expected
    before = Repayment.objects.count()
    with pytest.raises(ValidationError):
        bulk_post_repayments(actor=manager, payments=[Payment(loans[1], 50_000, D(2023, 4, 20)),
                                                      Payment(loans[i], amount, day)])
    assert Repayment.objects.count() == before  # one refused payment refuses them all


def test_refused_payments_are_each_reported_and_none_is_posted(manager):
    _group, _members, loans = _loans_so_far(manager, "Dilaporkan")
    refused = []
    before = Repayment.objects.count()
    created = bulk_post_repayments(actor=manager, refused=lambda p, e: refused.append((p.loan.pk, e.messages)),
                                   payments=[Payment(loans[1], 50_000, D(2023, 4, 20)),
                                             Payment(loans[0], 9_000_000, D(2023, 4, 20)),
                                             Payment(loans[2], 0, D(2023, 10, 1))])
    assert created == [] and Repayment.objects.count() == before
    assert [pk for pk, _messages in refused] == [loans[0].pk, loans[2].pk]
    assert refused[1][1] == ["Masukkan jumlah paling sedikit Rp 1."]


def test_a_used_key_posts_nothing_and_the_queries_do_not_grow_with_payments(manager):
    _group_b, _members, loans = _loans_so_far(manager, "Sekali saja")
    first = bulk_post_repayments(actor=manager, payments=[Payment(loans[1], 50_000, D(2023, 4, 20), "k1"),
                                                          Payment(loans[1], 50_000, D(2023, 4, 20), "k1")])
    assert len(first) == 1
    assert bulk_post_repayments(actor=manager, payments=[Payment(loans[1], 50_000, D(2023, 4, 20), "k1")]) == []
    _few, few = count_queries(lambda: bulk_post_repayments(actor=manager, payments=[
        Payment(loans[1], 10_000, D(2023, 6, 5), "k2")]))
    _group_m, _members_m, others = _loans_so_far(manager, "Banyak")
    _many, many = count_queries(lambda: bulk_post_repayments(actor=manager, payments=[
        Payment(others[1], 10_000, D(2023, 6, 5), f"k3{n}") for n in range(3)] + [
        Payment(others[2], 10_000, D(2023, 10, 5), "k4"), Payment(others[0], 10_000, D(2023, 6, 5), "k5")]))
    assert many == few
