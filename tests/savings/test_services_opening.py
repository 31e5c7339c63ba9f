"""savings_open_balances: balances brought in at the cut-over, worked in exact Rupiah."""
import datetime

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from books.models import EntryKind, JournalLine
from books.selectors import account_balances
from savings.models import SavingsTransaction, TxnType
from savings.selectors import member_balances, wajib_status_for_members
from savings.services import Opening, savings_deposit, savings_open_balances, savings_reverse
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
D = datetime.date
CUT_OVER = D(2024, 12, 31)


@pytest.fixture
def siti(group_a):
    """Siti joined on 1 Jan 2024: by the cut-over twelve months of wajib (Rp 10.000) were due."""
    return MemberFactory(code="A-001", group=group_a, full_name="Siti", joined_on=D(2024, 1, 1))


def _open(member, actor, **amounts):
    return savings_open_balances(openings=[Opening(member, kind, amount, CUT_OVER) for kind, amount in amounts.items()],
                                 actor=actor)


def test_opening_balances_are_opening_rows_against_opening_equity(group_a, siti, manager):
    rows = _open(siti, manager, pokok=50_000, wajib=120_000, sukarela=325_000)
    assert {(r.kind, r.type, r.direction, r.amount, r.value_date) for r in rows} == {
        ("pokok", TxnType.OPENING, 1, 50_000, CUT_OVER), ("wajib", TxnType.OPENING, 1, 120_000, CUT_OVER),
        ("sukarela", TxnType.OPENING, 1, 325_000, CUT_OVER)}
    assert member_balances(siti, as_of=CUT_OVER) == {"pokok": 50_000, "wajib": 120_000, "sukarela": 325_000}
    assert member_balances(siti, as_of=CUT_OVER - datetime.timedelta(days=1))["sukarela"] == 0
    lines = JournalLine.objects.filter(entry__in=[r.entry_id for r in rows])
    assert {(ln.entry.kind, ln.account.key, ln.debit, ln.credit) for ln in lines.select_related("entry", "account")} \
        == {(EntryKind.OPENING, "opening_equity", 50_000, 0), (EntryKind.OPENING, "savings_pokok", 0, 50_000),
            (EntryKind.OPENING, "opening_equity", 120_000, 0), (EntryKind.OPENING, "savings_wajib", 0, 120_000),
            (EntryKind.OPENING, "opening_equity", 325_000, 0), (EntryKind.OPENING, "savings_sukarela", 0, 325_000)}
    balances = account_balances(group_a, as_of=CUT_OVER)
    # Brought in, not paid in that day: no cash; the cash and loans brought in with the books balance the equity.
    assert (balances["cash"], balances["opening_equity"]) == (0, -495_000)
    assert AuditEvent.objects.filter(action="savings.opening").count() == 3


def test_the_opening_wajib_pays_the_months_before_the_cut_over(siti, manager):
    _open(siti, manager, wajib=100_000)
    status = wajib_status_for_members([siti], as_of=CUT_OVER)[siti.pk]
    assert (status.due, status.paid, status.arrears, status.months_behind) == (120_000, 100_000, 20_000, 2)


def test_the_same_balance_again_is_skipped_and_another_is_refused(siti, manager):
    _open(siti, manager, wajib=120_000)
    assert _open(siti, manager, wajib=120_000) == []
    with pytest.raises(ValidationError) as exc:
        _open(siti, manager, wajib=130_000)
    assert exc.value.code == "opening_exists"
    assert SavingsTransaction.objects.count() == 1


@pytest.mark.parametrize(("day", "code"), [(D(2099, 1, 1), "future"), (D(2023, 12, 31), "before_join")])
def test_impossible_dates_are_refused_and_nothing_is_written(siti, manager, day, code):
    with pytest.raises(ValidationError) as exc:
        savings_open_balances(openings=[Opening(siti, "wajib", 10_000, CUT_OVER),
                                        Opening(siti, "pokok", 50_000, day)], actor=manager)
    assert exc.value.error_dict["date"][0].code == code
    assert not SavingsTransaction.objects.exists()


def test_a_balance_over_rows_she_already_has_would_count_them_twice(siti, manager):
    savings_deposit(member=siti, kind="sukarela", amount=20_000, date=D(2024, 6, 5), actor=manager)
    with pytest.raises(ValidationError) as exc:
        _open(siti, manager, sukarela=325_000)
    assert exc.value.error_dict["date"][0].code == "rows_before_opening"


def test_a_non_positive_amount_is_refused(siti, manager):
    with pytest.raises(ValidationError) as exc:
        _open(siti, manager, sukarela=0)
    assert exc.value.error_dict["amount"][0].code == "amount_not_positive"


def test_another_kind_may_be_opened_later_on_the_same_day(siti, manager):
    _open(siti, manager, pokok=50_000)
    _open(siti, manager, wajib=120_000)
    assert member_balances(siti, as_of=CUT_OVER) == {"pokok": 50_000, "wajib": 120_000, "sukarela": 0}


def test_a_mistaken_opening_balance_is_reversed_like_any_row(group_a, siti, manager):
    [row] = _open(siti, manager, sukarela=325_000)
    reversal = savings_reverse(txn=row, actor=manager, reason="Salah baca buku")
    assert member_balances(siti, as_of=CUT_OVER)["sukarela"] == 0
    assert {(ln.account.key, ln.debit, ln.credit) for ln in reversal.entry.lines.select_related("account")} == {
        ("savings_sukarela", 325_000, 0), ("opening_equity", 0, 325_000)}
    assert account_balances(group_a, as_of=CUT_OVER)["opening_equity"] == 0
