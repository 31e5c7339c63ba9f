"""Posting a year end: the books after closing, the closed year, the second posting, the reversal."""
import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction

from audit.models import AuditEvent
from books.models import ClosedPeriod, EntryKind, JournalEntry, JournalLine
from books.selectors import account_balances, income_statement, trial_balance
from books.services import post_expense
from loans import services as loan_services
from loans.bulk import Payment, bulk_post_repayments
from loans.models import Loan
from meetings.services import meeting_record
from members.models import Member
from savings.bulk import Movement, bulk_post
from savings.models import SavingsTransaction, TxnType
from savings.selectors import balances_for_members
from savings.services import savings_deposit, savings_withdraw
from tests.factories import make_rules
from tests.yearend.scenarios import RAT, SHU_RULES, YEAR, D
from yearend.models import YearEnd, YearEndShare
from yearend.services import year_end_post, year_end_reverse

pytestmark = pytest.mark.django_db

START, END = D(YEAR, 1, 1), D(YEAR, 12, 31)


def post(group, actor, **kwargs):
    return year_end_post(group=group, year=kwargs.pop("year", YEAR), decided_on=kwargs.pop("decided_on", RAT),
                         agreed_by=kwargs.pop("agreed_by", "RAT: 4 dari 4 anggota hadir"), actor=actor, **kwargs)


def snapshot(group):
    """Every account's balance on the days that matter, and every member's savings today."""
    days = [D(YEAR, 6, 30), END, RAT, D(2026, 6, 30)]
    members = list(Member.objects.filter(group=group).values_list("pk", flat=True))
    return ({day: account_balances(group, as_of=day) for day in days},
            balances_for_members(members, as_of=D(2026, 6, 30)))


def test_the_books_after_closing(small, manager):
    group = small["group"]
    sukarela_before = account_balances(group, as_of=RAT)["savings_sukarela"]
    year_end = post(group, manager)

    rows, totals = trial_balance(group, start=START, end=END)
    closing = {r["account"].key: r["closing"] for r in rows}
    assert all(closing[r["account"].key] == 0 for r in rows if r["account"].type in ("income", "expense"))
    assert closing["retained_surplus"] == 1_000_000  # SHU belum dibagi on 31 December
    assert totals["balanced"]
    # The closed year still shows what it earned and spent.
    assert income_statement(group, start=START, end=END)["surplus"] == 1_000_000

    after = account_balances(group, as_of=RAT)
    assert (after["retained_surplus"], after["reserves"], after["shu_funds"], after["shu_payable"]) == (
        0, 400_000, 150_000, 0)
    assert after["savings_sukarela"] - sukarela_before == 450_000
    assert trial_balance(group, start=D(2000, 1, 1), end=D(2026, 11, 30))[1]["balanced"]

    credits = {t.member.code: (t.amount, t.value_date, t.entry.kind)
               for t in SavingsTransaction.objects.filter(type=TxnType.SHU).select_related("member", "entry")}
    assert credits == {"B-001": (277_778, RAT, EntryKind.SHU_DISTRIBUTION),
                       "B-002": (138_889, RAT, EntryKind.SHU_DISTRIBUTION),
                       "B-003": (33_333, RAT, EntryKind.SHU_DISTRIBUTION)}
    assert balances_for_members([small["ani"].pk], as_of=RAT)[small["ani"].pk]["sukarela"] == 277_778
    assert year_end.closing_entry.date == END and year_end.distribution_entry.date == RAT
    assert (year_end.surplus, year_end.pools) == (1_000_000, {"reserves": 400_000, "other_funds": 150_000,
                                                              "jasa_anggota": 250_000, "jasa_modal": 200_000})
    assert YearEndShare.objects.filter(year_end=year_end).count() == 3
    event = AuditEvent.objects.get(action="yearend.post")
    assert (event.actor, event.group, event.data["surplus"]) == (manager, group, 1_000_000)


def test_nothing_can_be_dated_in_the_closed_year(small, manager):
    group, ani = small["group"], small["ani"]
    post(group, manager)
    rows_before = SavingsTransaction.objects.count(), JournalEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        savings_deposit(member=ani, kind="sukarela", amount=10_000, date=D(YEAR, 12, 20), actor=manager)
    assert exc.value.code == "period_closed"
    assert "31 Desember 2024" in exc.value.messages[0]
    with pytest.raises(ValidationError):
        post_expense(group=group, date=D(YEAR, 6, 1), amount=5_000, memo="Lupa dicatat", actor=manager)
    with pytest.raises(ValidationError):
        loan_services.loan_repay(loan=Loan.objects.get(member=ani), amount=120_000, date=D(YEAR, 8, 10),
                                 actor=manager)
    # Nor a meeting or a loan application without money: they are the closed year's figures too.
    with pytest.raises(ValidationError) as exc:
        meeting_record(group=group, actor=manager, date=D(YEAR, 11, 12), type="routine")
    assert exc.value.error_dict["date"][0].code == "period_closed"
    with pytest.raises(ValidationError) as exc:
        loan_services.loan_apply(member=small["butet"], amount=100_000, term=5, purpose="Modal", business="Kue",
                                 date=D(YEAR, 12, 1), actor=manager)
    assert exc.value.error_dict["date"][0].code == "period_closed"
    # The bulk path and the imports check it row by row with the same message.
    with pytest.raises(ValidationError) as exc:
        bulk_post([Movement(ani, "sukarela", TxnType.DEPOSIT, 10_000, D(YEAR, 3, 1))], actor=manager)
    assert exc.value.code == "period_closed"
    with pytest.raises(ValidationError) as exc:
        bulk_post_repayments(payments=[Payment(Loan.objects.get(member=ani), 120_000, D(YEAR, 8, 10))],
                             actor=manager)
    assert exc.value.error_dict["date"][0].code == "period_closed"
    # And the database refuses it whoever writes, even raw SQL.
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO books_journalentry (group_id, date, kind, memo, reference, created_at, "
                       "created_by_id, reason) VALUES (%s, %s, 'expense', '', '', %s, %s, '')",
                       [group.pk, "2024-05-01", "2025-01-01 00:00:00", manager.pk])
    assert (SavingsTransaction.objects.count(), JournalEntry.objects.count()) == rows_before
    # A correction posts in the open year.
    savings_deposit(member=ani, kind="sukarela", amount=10_000, date=D(YEAR + 1, 1, 5), actor=manager)


def test_posting_the_same_year_twice_is_refused(small, manager):
    group = small["group"]
    first = post(group, manager, idempotency_key="form-1")
    assert post(group, manager, idempotency_key="form-1") == first  # the same form sent again
    with pytest.raises(ValidationError) as exc:
        post(group, manager, idempotency_key="form-2")
    assert exc.value.code == "already_posted"
    assert YearEnd.objects.count() == 1 and ClosedPeriod.objects.count() == 1
    with pytest.raises(IntegrityError) as db_exc, transaction.atomic():
        YearEnd.objects.create(group=group, year=YEAR, start=START, end=END, rules=first.rules, decided_on=RAT,
                               agreed_by="RAT", surplus=0, reserves=0, other_funds=0, jasa_anggota=0, jasa_modal=0,
                               closed_period=ClosedPeriod.objects.create(group=group, start=D(2025, 1, 1),
                                                                         end=D(2025, 1, 2), closed_by=manager),
                               posted_by=manager)
    if connection.vendor == "postgresql":
        assert "yearend_one_posting_per_year" in str(db_exc.value)


def test_a_reversal_restores_everything(small, manager):
    group = small["group"]
    before = snapshot(group)
    lines_before = JournalLine.objects.count()
    year_end = post(group, manager)
    posted_lines = JournalLine.objects.count() - lines_before
    assert snapshot(group) != before
    year_end_reverse(year_end=year_end, actor=manager, reason="Tanggal RAT salah")
    assert snapshot(group) == before
    rows, totals = trial_balance(group, start=START, end=END)
    assert {r["account"].key: r["closing"] for r in rows}["interest_income"] == 180_000 and totals["balanced"]
    # Every line was mirrored by a linked reversal, none deleted.
    assert JournalLine.objects.count() == lines_before + 2 * posted_lines
    reversed_entries = JournalEntry.objects.filter(kind=EntryKind.REVERSAL, reverses__isnull=False)
    assert {e.reverses.kind for e in reversed_entries} == {EntryKind.YEAR_END_CLOSING, EntryKind.SHU_DISTRIBUTION}
    assert SavingsTransaction.objects.filter(type=TxnType.REVERSAL, reverses__type=TxnType.SHU).count() == 3
    year_end.refresh_from_db()
    assert year_end.reversed_by == manager and year_end.reversal_reason == "Tanggal RAT salah"
    assert ClosedPeriod.objects.get().reopened_at is not None
    # The year is open again, and can be posted again with the right date.
    savings_deposit(member=small["ani"], kind="sukarela", amount=10_000, date=D(YEAR, 12, 20), actor=manager)
    again = post(group, manager, decided_on=D(2025, 3, 1))
    assert again.pk != year_end.pk and again.surplus == 1_000_000
    with pytest.raises(ValidationError) as exc:
        year_end_reverse(year_end=year_end, actor=manager, reason="Lagi")
    assert exc.value.code == "already_reversed"


def test_a_share_already_taken_out_cannot_be_reversed(small, manager):
    year_end = post(small["group"], manager)
    savings_withdraw(member=small["ani"], amount=100_000, date=D(2025, 3, 1), actor=manager)
    with pytest.raises(ValidationError) as exc:
        year_end_reverse(year_end=year_end, actor=manager, reason="Salah")
    assert exc.value.code == "shu_spent" and "Ani" in exc.value.messages[0]
    year_end.refresh_from_db()
    assert year_end.reversed_at is None and ClosedPeriod.objects.get().reopened_at is None


def test_years_close_in_order_and_reverse_from_the_latest(small, manager):
    group = small["group"]
    with pytest.raises(ValidationError) as exc:
        post(group, manager, year=YEAR + 1, decided_on=D(2026, 2, 10))
    assert exc.value.code == "earlier_year_open"
    first = post(group, manager)
    second = post(group, manager, year=YEAR + 1, decided_on=D(2026, 2, 10))
    assert second.surplus == 0 and second.distribution_entry is None
    with pytest.raises(ValidationError) as exc:
        year_end_reverse(year_end=first, actor=manager, reason="Salah")
    assert exc.value.code == "later_year_posted"
    year_end_reverse(year_end=second, actor=manager, reason="Salah")
    year_end_reverse(year_end=first, actor=manager, reason="Salah")


def test_a_loss_closes_the_year_and_shares_nothing(small, manager):
    group = small["group"]
    post_expense(group=group, date=D(YEAR, 12, 30), amount=1_250_000, memo="Perbaikan gedung", actor=manager)
    year_end = post(group, manager)
    assert (year_end.surplus, year_end.distribution_entry, year_end.shares.exclude(total=0).count()) == (
        -250_000, None, 0)
    assert account_balances(group, as_of=RAT)["retained_surplus"] == -250_000
    assert not SavingsTransaction.objects.filter(type=TxnType.SHU).exists()


def test_shares_held_as_payable(small, manager):
    """With shu_paid_as = payable (and Dewi sharing), every share is owed to its member in shu_payable."""
    make_rules(small["group"], effective_from=D(YEAR, 12, 1), created_by=manager, **SHU_RULES,
               shu_paid_as="payable", shu_leavers_share=True)
    year_end = post(small["group"], manager)
    assert not SavingsTransaction.objects.filter(type=TxnType.SHU).exists()
    assert account_balances(small["group"], as_of=RAT)["shu_payable"] == 450_000
    owed = dict(JournalLine.objects.filter(entry=year_end.distribution_entry, account__key="shu_payable")
                .values_list("member__code", "credit"))
    assert owed == {"B-001": 238_889, "B-002": 119_444, "B-003": 30_000, "B-004": 61_667}


@pytest.mark.parametrize(("kwargs", "field", "code"), [
    ({"decided_on": D(YEAR, 12, 31)}, "decided_on", "decided_in_year"),
    ({"decided_on": D(2099, 1, 1)}, "decided_on", "future_date"),
    ({"agreed_by": "  "}, "agreed_by", "agreed_by_required"),
])
def test_a_bad_decision_is_refused_and_changes_nothing(small, manager, kwargs, field, code):
    with pytest.raises(ValidationError) as exc:
        post(small["group"], manager, **kwargs)
    assert exc.value.error_dict[field][0].code == code
    assert not YearEnd.objects.exists() and not ClosedPeriod.objects.exists()


def test_a_year_not_ended_or_rules_not_100_are_refused(small, manager):
    with pytest.raises(ValidationError) as exc:
        post(small["group"], manager, year=2026, decided_on=D(2026, 11, 1))
    assert exc.value.code == "year_not_ended"
    make_rules(small["group"], effective_from=D(YEAR, 12, 1), created_by=manager,
               **{**SHU_RULES, "shu_reserve_pct": "50"})
    with pytest.raises(ValidationError) as exc:
        post(small["group"], manager)
    assert exc.value.code == "shu_not_100"
    assert not JournalEntry.objects.filter(kind=EntryKind.YEAR_END_CLOSING).exists()
    assert not ClosedPeriod.objects.exists()
