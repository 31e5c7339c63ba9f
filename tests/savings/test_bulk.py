"""bulk_post writes exactly what the services write, one by one, for the same movements."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

import core.db
from audit.models import AuditEvent
from books.models import JournalEntry, JournalLine
from books.selectors import account_balances
from savings.bulk import Movement, bulk_post
from savings.models import SavingsTransaction
from savings.selectors import balances_for_members
from savings.services import savings_deposit, savings_withdraw
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
D = datetime.date

# (member index, kind, type, amount, date)
SCRIPT = [
    (0, "pokok", "deposit", 50_000, D(2025, 1, 5)),
    (1, "pokok", "deposit", 50_000, D(2025, 1, 5)),
    (0, "wajib", "deposit", 10_000, D(2025, 1, 5)),
    (1, "wajib", "deposit", 10_000, D(2025, 1, 5)),
    (0, "sukarela", "deposit", 300_000, D(2025, 1, 5)),
    (1, "sukarela", "deposit", 25_000, D(2025, 2, 5)),
    (0, "sukarela", "withdrawal", 120_000, D(2025, 2, 5)),
    (0, "wajib", "deposit", 10_000, D(2025, 2, 5)),
    (1, "sukarela", "withdrawal", 25_000, D(2025, 3, 5)),
]


def _members(group):
    return [MemberFactory(group=group, full_name=f"Anggota {i}", joined_on=D(2025, 1, 1)) for i in range(2)]


def _snapshot(group, members):
    """Return everything written for ``group`` with member identities replaced by their index."""
    index = {m.pk: i for i, m in enumerate(members)}

    def anon(text):
        for i, m in enumerate(members):
            text = text.replace(m.code, f"<{i}>").replace(m.full_name, f"<name{i}>")
        return text

    txns = [(index[t.member_id], t.kind, t.type, t.direction, t.amount, t.value_date, t.note, t.meeting_id,
             t.reverses_id, t.idempotency_key, t.created_by_id)
            for t in SavingsTransaction.objects.filter(group=group).order_by("id")]
    entries = [(e.kind, e.date, anon(e.memo), e.reference, e.created_by_id, e.reverses_id, e.reason,
                [(ln.account.key, ln.debit, ln.credit, index.get(ln.member_id)) for ln in e.lines.all()])
               for e in JournalEntry.objects.filter(group=group).prefetch_related("lines__account").order_by("id")]
    audits = []
    for a in AuditEvent.objects.filter(group=group).order_by("id"):
        data = dict(a.data, member=index[a.data["member"]])
        data.pop("entry")
        audits.append((a.action, a.object_type, a.actor_id, data))
    balances = balances_for_members([m.pk for m in members], as_of=D(2025, 12, 31))
    return {"txns": txns, "entries": entries, "audits": audits,
            "balances": [balances[m.pk] for m in members],
            "books": account_balances(group, as_of=D(2025, 12, 31))}


def test_bulk_and_services_write_the_same_rows(group_a, group_b, manager, monkeypatch):
    # Small batches and statements, so that the test crosses their boundaries.
    monkeypatch.setattr("savings.bulk.BATCH", 4)
    monkeypatch.setitem(core.db.MAX_PARAMS, connection.vendor, 20)
    by_service, by_bulk = _members(group_a), _members(group_b)
    for i, kind, type_, amount, date in SCRIPT:
        if type_ == "deposit":
            savings_deposit(member=by_service[i], kind=kind, amount=amount, date=date, actor=manager)
        else:
            savings_withdraw(member=by_service[i], amount=amount, date=date, actor=manager)
    written = bulk_post([Movement(member=by_bulk[i], kind=kind, type=type_, amount=amount, date=date)
                         for i, kind, type_, amount, date in SCRIPT], actor=manager)
    assert written == len(SCRIPT)
    service_rows, bulk_rows = _snapshot(group_a, by_service), _snapshot(group_b, by_bulk)
    assert bulk_rows == service_rows
    assert bulk_rows["balances"][0] == {"pokok": 50_000, "wajib": 20_000, "sukarela": 180_000}
    assert bulk_rows["books"]["cash"] == 50_000 * 2 + 30_000 + 180_000
    for txn in SavingsTransaction.objects.filter(group=group_b).select_related("entry"):
        assert txn.entry.group_id == group_b.pk


def test_bulk_refuses_an_overdraft_and_writes_nothing(group_a, manager):
    member = MemberFactory(group=group_a, joined_on=D(2025, 1, 1))
    with pytest.raises(ValidationError) as exc:
        bulk_post([Movement(member, "sukarela", "deposit", 10_000, D(2025, 1, 5)),
                   Movement(member, "sukarela", "withdrawal", 10_001, D(2025, 1, 6))], actor=manager)
    assert exc.value.code == "insufficient_balance"
    assert not JournalEntry.objects.exists() and not JournalLine.objects.exists()


@pytest.mark.parametrize(("movement", "code"), [
    (("wajib", "withdrawal", 1, D(2025, 1, 5)), "not_withdrawable"),
    (("wajib", "deposit", 0, D(2025, 1, 5)), "amount_not_positive"),
    (("wajib", "deposit", 1, D(2024, 12, 5)), "before_join"),
    (("wajib", "deposit", 1, D(2099, 1, 5)), "future_date"),
    (("pokok", "deposit", 50_001, D(2025, 1, 5)), "pokok_beyond_due"),
])
def test_bulk_refuses_what_services_refuse(group_a, manager, movement, code):
    member = MemberFactory(group=group_a, joined_on=D(2025, 1, 1))
    with pytest.raises(ValidationError) as exc:
        bulk_post([Movement(member, *movement)], actor=manager)
    assert exc.value.code == code


def test_bulk_history_of_a_member_who_left_ends_with_her_exit(group_a, manager):
    member = MemberFactory(group=group_a, joined_on=D(2025, 1, 1), exited_on=D(2025, 6, 30))
    bulk_post([Movement(member, "wajib", "deposit", 10_000, D(2025, 1, 5)),
               Movement(member, "sukarela", "deposit", 7_000, D(2025, 1, 5)),
               Movement(member, "wajib", "exit", 10_000, D(2025, 6, 30)),
               Movement(member, "sukarela", "exit", 7_000, D(2025, 6, 30))], actor=manager)
    assert balances_for_members([member.pk], as_of=D(2025, 6, 30))[member.pk] == {"pokok": 0, "wajib": 0,
                                                                                  "sukarela": 0}
    for day in (D(2025, 7, 5), D(2025, 6, 15)):  # after her exit, or before it but once settled
        with pytest.raises(ValidationError) as exc:
            bulk_post([Movement(member, "wajib", "deposit", 10_000, day)], actor=manager)
        assert exc.value.code == "exited"


def test_bulk_back_dated_withdrawal_is_checked_against_later_balances(group_a, manager):
    # The sheet of a meeting on 5 March is submitted after an office withdrawal on 8 March.
    member = MemberFactory(group=group_a, joined_on=D(2025, 1, 1))
    savings_deposit(member=member, kind="sukarela", amount=100_000, date=D(2025, 2, 1), actor=manager)
    savings_withdraw(member=member, amount=70_000, date=D(2025, 3, 8), actor=manager)
    with pytest.raises(ValidationError) as exc:
        bulk_post([Movement(member, "sukarela", "withdrawal", 40_000, D(2025, 3, 5))], actor=manager)
    assert exc.value.code == "insufficient_balance" and "Rp 30.000" in exc.value.message
    bulk_post([Movement(member, "sukarela", "deposit", 15_000, D(2025, 3, 5)),
               Movement(member, "sukarela", "withdrawal", 45_000, D(2025, 3, 5))], actor=manager)
    assert balances_for_members([member.pk], as_of=D(2025, 3, 31))[member.pk]["sukarela"] == 0
