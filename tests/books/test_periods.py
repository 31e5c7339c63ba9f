"""Closed periods: once a year is closed, nothing is dated in it — the services, the bulk paths, the database."""
import datetime
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction

from books.models import ClosedPeriod, EntryKind, JournalEntry
from books.periods import closed_through, closed_through_by_group
from books.selectors import income_statement, trial_balance
from books.services import (
    credit,
    debit,
    journal_post,
    journal_reverse,
    period_close,
    period_reopen,
    post_expense,
    post_grant,
    post_other_income,
)
from books.totals import sums_by_account
from groups.models import Group
from savings.services import savings_deposit
from tests.factories import MemberFactory
from tests.utils import postgres_only

pytestmark = pytest.mark.django_db
D = datetime.date


def close_2024(group, actor):
    return period_close(group=group, start=D(2024, 1, 1), end=D(2024, 12, 31), actor=actor, reference="uji")


def test_nothing_is_posted_on_or_before_the_closed_day(group_a, group_b, manager):
    grant = post_grant(group=group_a, date=D(2024, 3, 1), amount=1_000_000, memo="Dana stimulan", actor=manager)
    close_2024(group_a, manager)
    assert closed_through(group_a.pk) == D(2024, 12, 31)
    assert closed_through_by_group([group_a.pk, group_b.pk]) == {group_a.pk: D(2024, 12, 31)}
    for day in (D(2024, 12, 31), D(2023, 5, 1)):
        with pytest.raises(ValidationError) as exc:
            post_expense(group=group_a, date=day, amount=5_000, memo="ATK", actor=manager)
        assert exc.value.code == "period_closed"
    with pytest.raises(ValidationError):
        journal_reverse(entry=grant, actor=manager, reason="Salah catat")  # on its own date, in the closed year
    # A correction of the closed year posts in the open year; other groups are not closed.
    journal_reverse(entry=grant, actor=manager, reason="Salah catat", date=D(2025, 1, 2))
    post_expense(group=group_a, date=D(2025, 1, 1), amount=5_000, memo="ATK", actor=manager)
    post_expense(group=group_b, date=D(2024, 6, 1), amount=5_000, memo="ATK", actor=manager)


def test_the_database_refuses_whoever_writes(group_a, manager):
    close_2024(group_a, manager)
    with pytest.raises(IntegrityError), transaction.atomic():
        JournalEntry.objects.bulk_create([JournalEntry(group=group_a, date=D(2024, 7, 1), kind=EntryKind.EXPENSE,
                                                       created_by=manager)])
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO books_journalentry (group_id, date, kind, memo, reference, created_at, "
                       "created_by_id, reason) VALUES (%s, '2024-12-31', 'expense', '', '', '2025-01-01', %s, '')",
                       [group_a.pk, manager.pk])
    assert not JournalEntry.objects.filter(date__lte=D(2024, 12, 31)).exists()
    # The open year takes an entry (a balanced one: PostgreSQL refuses an entry without lines at commit).
    post_expense(group=group_a, date=D(2025, 1, 1), amount=5_000, memo="ATK", actor=manager)
    assert JournalEntry.objects.filter(date=D(2025, 1, 1)).exists()


def test_periods_close_in_order_and_reopen_from_the_latest(group_a, manager):
    first = close_2024(group_a, manager)
    with pytest.raises(ValidationError) as exc:
        period_close(group=group_a, start=D(2024, 1, 1), end=D(2024, 6, 30), actor=manager)
    assert exc.value.code == "already_closed"
    second = period_close(group=group_a, start=D(2025, 1, 1), end=D(2025, 12, 31), actor=manager)
    with pytest.raises(ValidationError) as exc:
        period_reopen(period=first, actor=manager, reason="Salah")
    assert exc.value.code == "later_closed"
    with pytest.raises(ValidationError):
        period_reopen(period=second, actor=manager, reason=" ")
    period_reopen(period=second, actor=manager, reason="RAT diulang")
    assert closed_through(group_a.pk) == D(2024, 12, 31)
    post_expense(group=group_a, date=D(2025, 6, 1), amount=5_000, memo="ATK", actor=manager)
    with pytest.raises(ValidationError) as exc:
        period_reopen(period=second, actor=manager, reason="Lagi")
    assert exc.value.code == "already_reopened"
    assert ClosedPeriod.objects.filter(reopened_at__isnull=True).count() == 1


def test_income_flows_leave_the_closing_out_but_balances_keep_it(group_a, manager):
    """Income 300.000 and expenses 100.000 in 2024, closed into SHU: the year still earned 300.000."""
    post_other_income(group=group_a, date=D(2024, 5, 2), amount=300_000, memo="Sewa tenda", actor=manager)
    post_expense(group=group_a, date=D(2024, 5, 3), amount=100_000, memo="ATK", actor=manager)
    closing = journal_post(group=group_a, date=D(2024, 12, 31), kind=EntryKind.YEAR_END_CLOSING, actor=manager,
                           lines=[debit("other_income", 300_000), credit("operating_expense", 100_000),
                                  credit("retained_surplus", 200_000)])
    year = {"start": D(2024, 1, 1), "end": D(2024, 12, 31)}
    statement = income_statement(group_a, **year)
    assert (statement["income_total"], statement["expense_total"], statement["surplus"]) == (300_000, 100_000,
                                                                                             200_000)
    rows, totals = trial_balance(group_a, **year)
    closing_of = {r["account"].key: r["closing"] for r in rows}
    assert (closing_of["other_income"], closing_of["operating_expense"], closing_of["retained_surplus"]) == (
        0, 0, 200_000)
    flows = sums_by_account([group_a.pk], before_closing=True, **year)
    assert flows[(group_a.pk, "other_income")] == (0, 300_000)
    assert flows[(group_a.pk, "retained_surplus")] == (0, 0)
    assert sums_by_account([group_a.pk], **year)[(group_a.pk, "other_income")] == (300_000, 300_000)
    journal_reverse(entry=closing, actor=manager, reason="Tutup buku diulang")  # its reversal is left out too
    assert sums_by_account([group_a.pk], before_closing=True, **year)[(group_a.pk, "other_income")] == (0, 300_000)
    assert income_statement(group_a, **year)["surplus"] == 200_000


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_deposit_racing_the_year_end_waits_and_is_refused(group_a, manager):
    """The year end holds the group's row while it posts; a deposit dated in the year waits, then is refused."""
    member = MemberFactory(group=group_a, joined_on=D(2024, 1, 1))
    holding, outcome = threading.Event(), {}

    def year_end():
        with transaction.atomic():
            Group.objects.select_for_update().get(pk=group_a.pk)
            holding.set()
            time.sleep(0.5)
            close_2024(group_a, manager)
        connection.close()

    def deposit():
        holding.wait()
        try:
            savings_deposit(member=member, kind="sukarela", amount=10_000, date=D(2024, 12, 30), actor=manager)
            outcome["result"] = "posted"
        except (ValidationError, IntegrityError) as exc:
            outcome["result"] = (type(exc).__name__, getattr(exc, "code", None))
        finally:
            connection.close()

    threads = [threading.Thread(target=year_end), threading.Thread(target=deposit)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcome["result"] == ("ValidationError", "period_closed")  # said in words, not a database error
    assert not JournalEntry.objects.filter(group=group_a, date__lte=D(2024, 12, 31)).exists()
