"""Random sequences of savings operations keep the books balanced and equal to the savings rows."""
import contextlib
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from books.models import JournalLine
from books.selectors import account_balances, trial_balance
from exits.services import member_exit
from savings.models import SavingsTransaction
from savings.selectors import balances_for_members
from savings.services import savings_credit_interest, savings_deposit, savings_reverse, savings_withdraw
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
D = datetime.date
MONTH_ENDS = [D(2025, m, 28 if m == 2 else 30 if m in (4, 6, 9, 11) else 31) for m in range(1, 13)]

days = st.integers(min_value=0, max_value=364).map(lambda n: D(2025, 1, 1) + datetime.timedelta(days=n))
amounts = st.integers(min_value=1, max_value=2_000_000)
who = st.integers(min_value=0, max_value=2)
operations = st.lists(st.one_of(
    st.tuples(st.just("deposit"), who, st.sampled_from(["pokok", "wajib", "sukarela"]), amounts, days),
    st.tuples(st.just("withdraw"), who, amounts, days),
    st.tuples(st.just("reverse"), st.integers(min_value=0, max_value=50)),
    st.tuples(st.just("interest"), st.sampled_from(MONTH_ENDS)),
    st.tuples(st.just("exit"), who, days),
), max_size=25)


def _apply(op, members, group, actor):
    name = op[0]
    if name == "deposit":
        savings_deposit(member=members[op[1]], kind=op[2], amount=op[3], date=op[4], actor=actor)
    elif name == "withdraw":
        savings_withdraw(member=members[op[1]], amount=op[2], date=op[3], actor=actor)
    elif name == "reverse":
        rows = list(SavingsTransaction.objects.order_by("id"))
        if rows:
            savings_reverse(txn=rows[op[1] % len(rows)], actor=actor, reason="uji")
    elif name == "interest":
        savings_credit_interest(group=group, period_end=op[1], actor=actor)
    else:
        member_exit(member=members[op[1]], date=op[2], actor=actor)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations)
def test_random_operations_keep_books_balanced_and_equal_to_savings(group_a, manager, ops):
    with transaction.atomic():
        members = [MemberFactory(group=group_a, joined_on=D(2025, 1, 1)) for _ in range(3)]
        for op in ops:
            with contextlib.suppress(ValidationError):
                _apply(op, members, group_a, manager)
            for m in members:
                m.refresh_from_db()
        end = D(2025, 12, 31)
        _rows, totals = trial_balance(group_a, start=D(2025, 1, 1), end=end)
        assert totals["balanced"]
        savings = balances_for_members([m.pk for m in members], as_of=end)
        books = account_balances(group_a, as_of=end)
        for kind in ("pokok", "wajib", "sukarela"):
            assert books[f"savings_{kind}"] == sum(b[kind] for b in savings.values())
            for m in members:
                per_member = JournalLine.objects.filter(account__key=f"savings_{kind}", member=m).aggregate(
                    c=Sum("credit"), d=Sum("debit"))
                assert (per_member["c"] or 0) - (per_member["d"] or 0) == savings[m.pk][kind]
                assert savings[m.pk][kind] >= 0
        transaction.set_rollback(True)
