"""SHU held as payable is paid out in cash: Dr SHU payable / Cr cash, never beyond what is owed, once per form.

The small year (tests/yearend/scenarios.py) with shu_paid_as = payable: Ani is owed Rp 238.889,
Butet Rp 119.444, Cici Rp 30.000 and Dewi (who left) Rp 61.667 after the RAT of 15 Februari 2025.
"""
import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction

from audit.models import AuditEvent
from books.models import EntryKind, JournalEntry
from books.selectors import account_balances
from tests.factories import make_rules
from tests.yearend.scenarios import RAT, SHU_RULES, YEAR, D
from yearend.models import ShuPayout
from yearend.selectors import shu_owed_rows
from yearend.services import shu_owed, shu_payout, year_end_post, year_end_reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def payable(small, manager):
    make_rules(small["group"], effective_from=D(YEAR, 12, 1), created_by=manager, **SHU_RULES,
               shu_paid_as="payable", shu_leavers_share=True)
    year_end = year_end_post(group=small["group"], year=YEAR, decided_on=RAT, agreed_by="RAT: 4 dari 4 hadir",
                             actor=manager)
    return {**small, "year_end": year_end}


def pay(payable, who, amount, *, actor, key, paid_on=D(2025, 3, 10)):
    return shu_payout(year_end=payable["year_end"], member=payable[who], amount=amount, paid_on=paid_on,
                      actor=actor, idempotency_key=key)


def test_what_is_owed_as_it_stood_on_a_day(payable, manager):
    ani = payable["ani"]
    pay(payable, "ani", 200_000, actor=manager, key="form-1")
    pay(payable, "ani", 38_889, actor=manager, key="form-2", paid_on=D(2025, 4, 14))

    def owed(**kwargs):
        return [(r["member"].full_name, r["held"], r["paid"], r["owed"]) for r in shu_owed_rows(member=ani, **kwargs)]

    assert owed(as_of=D(2025, 2, 14)) == []  # before the RAT nothing is held for her
    assert owed(as_of=D(2025, 3, 9)) == [("Ani", 238_889, 0, 238_889)]
    assert owed(as_of=D(2025, 3, 10)) == [("Ani", 238_889, 200_000, 38_889)]
    assert owed() == owed(as_of=D(2025, 4, 14)) == [("Ani", 238_889, 238_889, 0)]
    assert [p.amount for p in shu_owed_rows(payable["year_end"], as_of=D(2025, 4, 13))[0]["payouts"]] == [200_000]


def test_a_share_is_paid_in_two_parts_and_the_books_follow(payable, manager):
    group, ani = payable["group"], payable["ani"]
    cash_before = account_balances(group, as_of=D(2025, 3, 31))["cash"]
    pay(payable, "ani", 200_000, actor=manager, key="form-1")
    assert shu_owed(payable["year_end"], ani) == 38_889
    pay(payable, "ani", 38_889, actor=manager, key="form-2", paid_on=D(2025, 4, 14))
    after = account_balances(group, as_of=D(2025, 4, 30))
    assert after["shu_payable"] == 450_000 - 238_889
    assert cash_before - after["cash"] == 238_889
    assert shu_owed(payable["year_end"], ani) == 0
    entries = JournalEntry.objects.filter(kind=EntryKind.SHU_PAYOUT).order_by("date")
    assert [(e.date, e.lines.get(account__key="shu_payable").debit, e.lines.get(account__key="shu_payable").member)
            for e in entries] == [(D(2025, 3, 10), 200_000, ani), (D(2025, 4, 14), 38_889, ani)]
    assert AuditEvent.objects.filter(action="yearend.shu_payout").count() == 2


def test_the_same_form_sent_twice_pays_once(payable, manager):
    first = pay(payable, "dewi", 61_667, actor=manager, key="form-dewi")
    assert pay(payable, "dewi", 61_667, actor=manager, key="form-dewi") == first
    assert ShuPayout.objects.count() == 1 and JournalEntry.objects.filter(kind=EntryKind.SHU_PAYOUT).count() == 1


@pytest.mark.parametrize(("amount", "paid_on", "field", "code"), [
    (119_445, D(2025, 3, 10), "amount", "more_than_owed"),  # Butet is owed Rp 119.444
    (0, D(2025, 3, 10), "amount", "amount_not_positive"),
    (10_000, D(2025, 2, 14), "paid_on", "before_rat"),
    (10_000, D(2099, 1, 1), "paid_on", "future_date"),
])
def test_a_bad_payout_is_refused_and_changes_nothing(payable, manager, amount, paid_on, field, code):
    entries = JournalEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        pay(payable, "butet", amount, actor=manager, key="form-b", paid_on=paid_on)
    assert exc.value.error_dict[field][0].code == code
    assert JournalEntry.objects.count() == entries and not ShuPayout.objects.exists()


def test_more_than_owed_says_what_is_left(payable, manager):
    pay(payable, "cici", 25_000, actor=manager, key="form-c1")
    with pytest.raises(ValidationError) as exc:
        pay(payable, "cici", 10_000, actor=manager, key="form-c2")
    assert "Rp 5.000" in exc.value.messages[0]


def test_a_year_with_cash_paid_out_is_not_reversed(payable, manager):
    pay(payable, "ani", 1_000, actor=manager, key="form-a")
    with pytest.raises(ValidationError) as exc:
        year_end_reverse(year_end=payable["year_end"], actor=manager, reason="RAT diulang")
    assert exc.value.code == "shu_paid_out"
    payable["year_end"].refresh_from_db()
    assert payable["year_end"].reversed_at is None


def test_a_payout_is_history(payable, manager):
    payout = pay(payable, "ani", 1_000, actor=manager, key="form-a")
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE yearend_shupayout SET amount = 2000 WHERE id = %s", [payout.pk])


def test_a_share_credited_to_sukarela_owes_nothing(small, manager):
    year_end = year_end_post(group=small["group"], year=YEAR, decided_on=RAT, agreed_by="RAT", actor=manager)
    with pytest.raises(ValidationError) as exc:
        shu_payout(year_end=year_end, member=small["ani"], amount=1_000, paid_on=D(2025, 3, 1), actor=manager,
                   idempotency_key="form-x")
    assert exc.value.code == "nothing_owed"
