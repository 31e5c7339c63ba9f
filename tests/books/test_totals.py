"""Month totals (books.totals): kept by the database on every line, and sums over periods read from them."""
import datetime
import random
import threading

import pytest
from django.db import connection
from django.db.models import Sum
from django.db.models.functions import TruncMonth

from books.models import JournalLine, MonthTotal
from books.services import journal_reverse, post_expense, post_grant
from books.totals import monthly_sums, sums_by_account
from savings.bulk import Movement, bulk_post
from savings.models import SavingsKind, TxnType
from savings.services import savings_deposit
from tests.factories import MemberFactory
from tests.utils import postgres_only

pytestmark = pytest.mark.django_db

D = datetime.date


def _as_date(value):
    return value.date() if isinstance(value, datetime.datetime) else value


def _from_lines():
    """Return {(account_id, month): (debit, credit)} summed from the lines themselves."""
    rows = (JournalLine.objects.annotate(month=TruncMonth("entry__date")).values("account_id", "month")
            .annotate(d=Sum("debit"), c=Sum("credit")).order_by())
    return {(r["account_id"], _as_date(r["month"])): (r["d"], r["c"]) for r in rows}


def _cached():
    return {(t.account_id, t.month): (t.debit, t.credit) for t in MonthTotal.objects.all()}


def _raw_sums(group_ids, *, end, start=None):
    lines = JournalLine.objects.filter(account__group_id__in=group_ids, entry__date__lte=end)
    if start is not None:
        lines = lines.filter(entry__date__gte=start)
    rows = lines.values("account__group_id", "account__key").annotate(d=Sum("debit"), c=Sum("credit")).order_by()
    return {(r["account__group_id"], r["account__key"]): (r["d"], r["c"]) for r in rows}


@pytest.fixture
def history(group_a, group_b, member_a, member_b, manager):
    """Grants, expenses, deposits (one by one and in bulk) and a reversal over two years, back-dated ones too."""
    rng = random.Random(5)
    for _i in range(40):
        group = rng.choice([group_a, group_b])
        day = D(2025, 1, 1) + datetime.timedelta(days=rng.randint(0, 600))
        post_grant(group=group, date=day, amount=rng.randint(1, 90) * 10_000, memo="Hibah", actor=manager)
        post_expense(group=group, date=day, amount=rng.randint(1, 9) * 1_000, account="operating_expense",
                     memo="ATK", actor=manager)
    for day in (D(2025, 3, 31), D(2025, 4, 1), D(2025, 2, 14)):  # the last one back-dated
        savings_deposit(member=member_a, kind=SavingsKind.SUKARELA, amount=15_000, date=day, actor=manager)
    bulk_post([Movement(member_b, SavingsKind.WAJIB, TxnType.DEPOSIT, 10_000, D(2025, m, 10)) for m in range(1, 13)],
              actor=manager)
    entry = post_grant(group=group_a, date=D(2025, 6, 30), amount=500_000, memo="Salah catat", actor=manager)
    journal_reverse(entry=entry, actor=manager, reason="Dobel")
    return [group_a.pk, group_b.pk]


def test_month_totals_equal_the_lines(history):
    assert MonthTotal.objects.count() > 20
    assert _cached() == _from_lines()


@pytest.mark.parametrize(("start", "end"), [
    (None, D(2026, 8, 31)),      # everything, ending on a month's last day
    (None, D(2025, 7, 16)),      # to the middle of a month
    (D(2025, 1, 1), D(2025, 12, 31)),  # whole months only
    (D(2025, 2, 14), D(2025, 11, 3)),  # partial months at both edges
    (D(2025, 3, 31), D(2025, 4, 1)),   # two days across a month boundary
    (D(2025, 4, 2), D(2025, 4, 20)),   # inside one month
])
def test_sums_over_a_period_equal_the_lines(history, start, end):
    assert sums_by_account(history, start=start, end=end) == _raw_sums(history, start=start, end=end)


@pytest.mark.parametrize("end", [D(2025, 9, 30), D(2025, 9, 12)])
def test_monthly_sums_equal_the_lines(history, end):
    raw = {}
    for r in (JournalLine.objects.filter(account__group_id__in=history, entry__date__lte=end)
              .annotate(month=TruncMonth("entry__date")).values("month", "account__key")
              .annotate(d=Sum("debit"), c=Sum("credit")).order_by()):
        raw[(_as_date(r["month"]), r["account__key"])] = (r["d"], r["c"])
    assert monthly_sums(history, end=end) == raw


def test_sums_take_two_queries_however_long_the_history(history, django_assert_num_queries):
    with django_assert_num_queries(2):
        sums_by_account(history, start=D(2025, 2, 14), end=D(2026, 8, 3))
    with django_assert_num_queries(2):
        monthly_sums(history, end=D(2026, 8, 3), keys=["cash"])


def test_worked_example(group_a, manager):
    """Rp 100.000 in January, Rp 40.000 on 15 February, Rp 7.000 spent on 20 February."""
    post_grant(group=group_a, date=D(2025, 1, 10), amount=100_000, memo="Hibah", actor=manager)
    post_grant(group=group_a, date=D(2025, 2, 15), amount=40_000, memo="Hibah", actor=manager)
    post_expense(group=group_a, date=D(2025, 2, 20), amount=7_000, account="operating_expense", memo="ATK",
                 actor=manager)
    cash = MonthTotal.objects.filter(account__group=group_a, account__key="cash")
    assert {(t.month, t.debit, t.credit) for t in cash} == {(D(2025, 1, 1), 100_000, 0), (D(2025, 2, 1), 40_000, 7_000)}
    sums = sums_by_account([group_a.pk], end=D(2025, 2, 17), keys=["cash"])
    assert sums == {(group_a.pk, "cash"): (140_000, 0)}


def test_a_negative_total_is_refused_by_the_database(group_a):
    from django.db import IntegrityError, transaction

    from books.models import Account

    account = Account.objects.get(group=group_a, key="cash")
    with pytest.raises(IntegrityError), transaction.atomic():
        MonthTotal.objects.create(account=account, month=D(2025, 1, 1), debit=-1)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_many_postings_at_once_to_the_same_months_add_up(group_a, manager):
    """Eight members of one group deposit at the same moment: every total still equals its lines."""
    members = [MemberFactory(group=group_a, joined_on=D(2025, 1, 1)) for _i in range(8)]
    barrier = threading.Barrier(len(members))
    errors = []

    def deposit(member):
        try:
            barrier.wait()
            for day in (D(2025, 3, 5), D(2025, 4, 5)):
                savings_deposit(member=member, kind=SavingsKind.WAJIB, amount=10_000, date=day, actor=manager)
        except Exception as exc:  # noqa: BLE001 (reported below, with the thread's own error)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=deposit, args=(m,)) for m in members]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert _cached() == _from_lines()
    cash = MonthTotal.objects.get(account__group=group_a, account__key="cash", month=D(2025, 3, 1))
    assert (cash.debit, cash.credit) == (80_000, 0)
