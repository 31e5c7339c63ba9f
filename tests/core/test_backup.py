"""The restore drill: back up, wipe, restore, and find the same trial balances and row counts.

Runs on SQLite (the online backup API) and on PostgreSQL (pg_dump -Fc and pg_restore), with a
group's year of savings, loans, a meeting sheet and the books' month totals.
"""
import datetime
import io
import uuid

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from books.selectors import trial_balance
from books.services import post_expense
from core.dates import today
from groups.models import Group
from loans import services as loans
from meetings.models import Meeting
from meetings.services import meeting_record
from savings.services import savings_deposit
from sheet.services import sheet_submit
from tests.factories import MemberFactory, make_rules
from tests.loans.conftest import OPEN_RULES, disburse_loan

pytestmark = pytest.mark.django_db(transaction=True)


def _books(group_a, manager, pendamping1):
    make_rules(group_a, effective_from=datetime.date(2021, 1, 1), created_by=manager, **OPEN_RULES)
    members = [MemberFactory(group=group_a, joined_on=datetime.date(2024, 5, 2)) for _ in range(3)]
    meeting = meeting_record(group=group_a, actor=pendamping1, date=datetime.date(2024, 5, 14),
                             type=Meeting.Type.ROUTINE)
    sheet_submit(meeting=meeting, actor=pendamping1, submission_id=uuid.uuid4(), cash_counted=180_000,
                 rows={m.pk: {"attendance": "present", "pokok": 50_000, "wajib": 10_000} for m in members})
    savings_deposit(member=members[0], kind="sukarela", amount=250_000, date=today(), actor=manager)
    loan = disburse_loan(members[1], manager, date=today() - datetime.timedelta(days=40))
    loans.loan_repay(loan=loan, amount=120_000, date=today(), actor=manager)
    post_expense(group=group_a, date=today(), amount=15_000, memo="Teh", actor=manager)


def _snapshot():
    counts = {m._meta.label: m._default_manager.count() for m in apps.get_models() if m._meta.managed}
    balances = {}
    for group in Group.objects.order_by("pk"):
        rows, totals = trial_balance(group, start=datetime.date(2024, 1, 1), end=today())
        balances[group.code] = ([(r["account"].code, r["opening"], r["debit"], r["credit"], r["closing"])
                                 for r in rows], totals)
    return counts, balances


def test_backup_wipe_restore_gives_the_same_books_and_rows(group_a, group_b, manager, pendamping1, tmp_path):
    _books(group_a, manager, pendamping1)
    before = _snapshot()
    assert before[0]["books.JournalLine"] > 10 and before[0]["books.MonthTotal"] > 0
    assert before[1]["PDG-001"][1]["debit"] > 0
    path = tmp_path / ("lkp.dump" if connection.vendor == "postgresql" else "lkp.sqlite3")
    call_command("backup", output=str(path), stdout=io.StringIO())
    call_command("flush", interactive=False, verbosity=0)
    assert _snapshot()[0]["books.JournalLine"] == 0
    call_command("restore", str(path), yes=True, stdout=io.StringIO())
    assert _snapshot() == before


def test_restore_asks_for_confirmation(tmp_path):
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(tmp_path / "x"))
