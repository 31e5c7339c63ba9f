"""One lock order, proven on PostgreSQL: a member's row, then her loans (each set by id).

Reproduces the issue: a meeting sheet (meeting, then its members, then their loans) and an office
repayment with its overpayment kept as sukarela (the loan, then the member, for the deposit) for
one of its members deadlocked 3 times in 6, a 500 to the user. Now the office repayment locks the
member first, so one waits for the other and both finish.
"""
import threading
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from books.models import JournalLine
from core.dates import today
from loans import services
from loans.models import Repayment
from meetings.models import Meeting
from meetings.services import meeting_record
from sheet.services import sheet_submit
from tests.factories import GroupFactory, MemberFactory, make_rules
from tests.utils import postgres_only

from .conftest import OPEN_RULES, disburse_loan

pytestmark = [postgres_only, pytest.mark.django_db(transaction=True)]


def _race(*calls):
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            call()
            outcomes[i] = "ok"
        except ValidationError:
            outcomes[i] = "refused"
        except Exception as exc:  # noqa: BLE001 — a deadlock is what this test looks for
            outcomes[i] = f"{type(exc).__name__}: {exc}"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def _scene(manager, officer, n):
    group = GroupFactory(code=f"LOCK-{n}")
    make_rules(group, created_by=manager, **OPEN_RULES)
    members = [MemberFactory(group=group) for _ in range(4)]
    loans = [disburse_loan(m, manager, date=today().replace(day=1)) for m in members]
    meeting = meeting_record(group=group, actor=officer, date=today(), type=Meeting.Type.ROUTINE)
    rows = {m.pk: {"attendance": "present", "instalment": 50_000, "wajib": 10_000} for m in members}
    return group, members, loans, meeting, rows


def test_a_sheet_and_an_office_repayment_with_overpayment_for_its_member_never_deadlock(manager, pendamping1):
    results = []
    for n in range(6):
        group, members, loans, meeting, rows = _scene(manager, pendamping1, n)
        outcomes = _race(
            lambda m=meeting, r=rows: sheet_submit(meeting=m, actor=pendamping1, submission_id=uuid.uuid4(), rows=r,
                                                    cash_counted=0, cash_difference_note="dihitung nanti"),
            lambda loan=loans[-1]: services.loan_repay(loan=loan, amount=2_000_000, date=today(), actor=manager,
                                                       overpayment="sukarela"))
        results.append(outcomes)
        lines = JournalLine.objects.filter(account__group=group)
        assert sum(line.debit for line in lines) == sum(line.credit for line in lines)
    assert [o for o in results if any(x not in ("ok", "refused") for x in o)] == []
    assert Repayment.objects.filter(loan__group__code__startswith="LOCK-").exists()
