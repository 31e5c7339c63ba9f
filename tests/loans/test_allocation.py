"""Repayment allocation: the indicators.md example, each order, leftovers and properties."""
import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from groups.rules import AllocationOrder
from loans.allocation import (
    INTEREST,
    INTEREST_FIRST,
    ORDERS,
    PENALTY,
    PENALTY_INTEREST_PRINCIPAL,
    PRINCIPAL,
    PRINCIPAL_INTEREST_PENALTY,
    Allocation,
    Due,
    allocate,
    totals_by_component,
)

TWO_OVERDUE = [Due(1, principal=200, interest=20), Due(2, principal=200, interest=20)]


def test_orders_are_the_group_rule_choices():
    assert set(ORDERS) == set(AllocationOrder.values)


def test_standard_order_pays_interest_then_principal_of_the_oldest():
    allocations, leftover = allocate(40, TWO_OVERDUE, PENALTY_INTEREST_PRINCIPAL)
    assert allocations == [Allocation(1, INTEREST, 20), Allocation(1, PRINCIPAL, 20)]
    assert leftover == 0


def test_interest_first_pays_the_interest_of_each_instalment():
    allocations, leftover = allocate(40, TWO_OVERDUE, INTEREST_FIRST)
    assert allocations == [Allocation(1, INTEREST, 20), Allocation(2, INTEREST, 20)]
    assert leftover == 0


def test_principal_first_order():
    dues = [Due(1, principal=200, interest=20, penalty=5), Due(2, principal=200, interest=20)]
    allocations, _ = allocate(230, dues, PRINCIPAL_INTEREST_PENALTY)
    assert allocations == [Allocation(1, PRINCIPAL, 200), Allocation(1, INTEREST, 20),
                           Allocation(1, PENALTY, 5), Allocation(2, PRINCIPAL, 5)]


def test_penalty_is_served_first_in_the_standard_order():
    dues = [Due(1, principal=200, interest=20, penalty=10)]
    allocations, leftover = allocate(25, dues)
    assert allocations == [Allocation(1, PENALTY, 10), Allocation(1, INTEREST, 15)]
    assert leftover == 0


def test_oldest_first_even_when_dues_come_unsorted():
    allocations, _ = allocate(220, list(reversed(TWO_OVERDUE)))
    assert {a.instalment_number for a in allocations} == {1}


def test_overpayment_is_left_over_and_totals_by_component():
    result = allocate(500, TWO_OVERDUE, INTEREST_FIRST)
    assert result.leftover == 60
    assert totals_by_component(result.allocations) == {PENALTY: 0, INTEREST: 40, PRINCIPAL: 400}


def test_nothing_due_leaves_the_whole_payment():
    assert allocate(1_000, []) == ([], 1_000)


@pytest.mark.parametrize(
    ("payment", "dues", "order", "code"),
    [
        (-1, TWO_OVERDUE, PENALTY_INTEREST_PRINCIPAL, "payment_invalid"),
        (10.5, TWO_OVERDUE, PENALTY_INTEREST_PRINCIPAL, "payment_invalid"),
        (10, TWO_OVERDUE, "newest_first", "order_invalid"),
        (10, [Due(1, principal=-5)], PENALTY_INTEREST_PRINCIPAL, "due_negative"),
    ],
)
def test_bad_input_is_refused(payment, dues, order, code):
    with pytest.raises(ValidationError) as exc:
        allocate(payment, dues, order)
    assert exc.value.code == code


def test_refusal_message_is_indonesian():
    with pytest.raises(ValidationError) as exc:
        allocate(-1, TWO_OVERDUE)
    assert exc.value.messages == ["Pembayaran harus bilangan bulat Rupiah, 0 atau lebih."]


amounts = st.integers(min_value=0, max_value=10_000_000)
dues_lists = st.lists(st.tuples(amounts, amounts, amounts), max_size=12).map(
    lambda rows: [Due(i + 1, principal=p, interest=r, penalty=f) for i, (p, r, f) in enumerate(rows)]
)


@settings(max_examples=300, deadline=None)
@given(payment=st.integers(min_value=0, max_value=100_000_000), dues=dues_lists, order=st.sampled_from(ORDERS))
def test_allocations_never_exceed_dues_and_sum_to_what_can_be_paid(payment, dues, order):
    allocations, leftover = allocate(payment, dues, order)
    total_due = sum(d.total for d in dues)
    assert sum(a.amount for a in allocations) == min(payment, total_due)
    assert leftover == payment - min(payment, total_due)
    by_key = {}
    for a in allocations:
        assert a.amount > 0
        by_key[(a.instalment_number, a.component)] = by_key.get((a.instalment_number, a.component), 0) + a.amount
    owed = {(d.instalment_number, c): getattr(d, c) for d in dues for c in (PENALTY, INTEREST, PRINCIPAL)}
    assert all(amount <= owed[key] for key, amount in by_key.items())


@settings(max_examples=200, deadline=None)
@given(payment=st.integers(min_value=0, max_value=50_000_000), dues=dues_lists)
def test_standard_order_never_touches_a_later_instalment_before_the_oldest_is_paid(payment, dues):
    allocations, _ = allocate(payment, dues, PENALTY_INTEREST_PRINCIPAL)
    touched = {a.instalment_number for a in allocations}
    for due in dues:
        if due.instalment_number in touched:
            older = [d for d in dues if d.instalment_number < due.instalment_number]
            paid = {d.instalment_number: 0 for d in older}
            for a in allocations:
                if a.instalment_number in paid:
                    paid[a.instalment_number] += a.amount
            assert all(paid[d.instalment_number] == d.total for d in older)
