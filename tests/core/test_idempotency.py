"""Every money form posts once: a double click or a resend after a timeout shows the first result.

Each case opens the form (which makes its key), posts it, then posts exactly the same body again,
as a browser does when the first answer never arrived. The second answer is the first one's
redirect, and nothing more is written: no audit event, entry, savings row, loan, schedule or payment.
"""
import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from audit.models import AuditEvent
from books import services as books
from books.models import JournalEntry
from core.dates import today
from core.models import IdempotencyKey
from loans import services as loans
from loans.models import CoverPayback, Loan, Recovery, Repayment, RepaymentReversal, ScheduleVersion, WriteOff
from meetings.models import Meeting
from meetings.services import meeting_record
from savings.models import SavingsTransaction
from savings.services import savings_deposit
from sheet.services import sheet_submit
from tests.factories import MemberFactory, UserFactory, make_rules
from tests.loans.conftest import OPEN_RULES, disburse_loan

pytestmark = pytest.mark.django_db

COUNTED = (AuditEvent, JournalEntry, SavingsTransaction, Loan, ScheduleVersion, Repayment, RepaymentReversal,
           CoverPayback, WriteOff, Recovery, IdempotencyKey)


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


def ago(days):
    return today() - datetime.timedelta(days=days)


@pytest.fixture
def env(group_a, manager, pendamping1):
    make_rules(group_a, effective_from=datetime.date(2021, 1, 1), created_by=manager, **OPEN_RULES)
    member = MemberFactory(group=group_a, full_name="Rosnida", joined_on=datetime.date(2020, 1, 1))
    return {"group": group_a, "member": member, "manager": manager, "officer": pendamping1}


def _saved(env, kind="sukarela", amount=1_000_000, days=70):
    return savings_deposit(member=env["member"], kind=kind, amount=amount, date=ago(days), actor=env["manager"])


def _applied(env, actor=None):
    return loans.loan_apply(member=env["member"], amount=1_000_000, term=10, purpose="Modal", business="Warung",
                            date=today(), actor=actor or env["manager"])


def _late_loan(env):
    """A loan disbursed 70 days ago with nothing paid: two instalments due."""
    return disburse_loan(env["member"], env["manager"], date=ago(70))


def _awaiting_manager(env):
    make_rules(env["group"], effective_from=datetime.date(2022, 1, 1), created_by=env["manager"],
               loan_manager_approval_above=500_000, **OPEN_RULES)
    loan = _applied(env, actor=env["officer"])
    loans.loan_decide(loan=loan, approved=True, date=today(), agreed_by="Rapat", actor=env["officer"])
    return loan


def _approved(env):
    loan = _applied(env)
    loans.loan_decide(loan=loan, approved=True, date=today(), agreed_by="Rapat", actor=env["manager"])
    return loan


def _cover(env):
    loan = _late_loan(env)
    return loans.loan_cover(loan=loan, amount=50_000, date=today(), actor=env["manager"])


def _written_off(env):
    loan = _late_loan(env)
    loans.loan_write_off(loan=loan, date=today(), actor=env["manager"], reason="Pindah")
    return loan


def _expense(env):
    return books.post_expense(group=env["group"], date=today(), amount=15_000, memo="Teh", actor=env["manager"])


def _repaid(env):
    return loans.loan_repay(loan=_late_loan(env), amount=50_000, date=today(), actor=env["manager"])


def _with_savings(env, url):
    _saved(env)
    return url


# name -> build(env) returning (url, form data without the key)
CASES = {
    "deposit": lambda e: (f"/savings/members/{e['member'].pk}/deposit/",
                          {"kind": "wajib", "amount": "10.000", "date": today()}),
    "withdrawal": lambda e: (_with_savings(e, f"/savings/members/{e['member'].pk}/withdraw/"),
                             {"amount": "40.000", "date": today()}),
    "savings reversal": lambda e: (f"/savings/transactions/{_saved(e).pk}/reverse/", {"reason": "Salah anggota"}),
    "exit": lambda e: (_with_savings(e, f"/savings/members/{e['member'].pk}/exit/"),
                       {"date": today(), "confirm": "on"}),
    "interest": lambda e: (_with_savings(e, f"/savings/groups/{e['group'].pk}/interest/"),
                           {"period_end": today().replace(day=1) - datetime.timedelta(days=1)}),
    "other income": lambda e: (f"/books/groups/{e['group'].pk}/record/income/",
                               {"date": today(), "amount": "25.000", "memo": "Jual sisa kain"}),
    "expense": lambda e: (f"/books/groups/{e['group'].pk}/record/expense/",
                          {"date": today(), "amount": "15.000", "memo": "Teh", "account": "meeting_expense"}),
    "grant": lambda e: (f"/books/groups/{e['group'].pk}/record/grant/",
                        {"date": today(), "amount": "5.000.000", "memo": "Dana stimulan"}),
    "entry reversal": lambda e: (f"/books/entries/{_expense(e).pk}/reverse/", {"reason": "Dicatat dua kali"}),
    "loan application": lambda e: (f"/loans/member/{e['member'].pk}/apply/",
                                   {"amount": "1.000.000", "term": "10", "purpose": "Modal", "business": "Warung",
                                    "date": today()}),
    "group decision": lambda e: (f"/loans/{_applied(e).pk}/decide/",
                                 {"approved": "yes", "date": today(), "agreed_by": "Semua anggota hadir"}),
    "manager approval": lambda e: (f"/loans/{_awaiting_manager(e).pk}/approve/", {}),
    "disbursement": lambda e: (f"/loans/{_approved(e).pk}/disburse/", {"date": today()}),
    "repayment": lambda e: (f"/loans/{_late_loan(e).pk}/repay/",
                            {"amount": "50.000", "date": today(), "overpayment": "refuse"}),
    "cover": lambda e: (f"/loans/{_late_loan(e).pk}/cover/", {"amount": "50.000", "date": today(), "coverer": ""}),
    "cover payback": lambda e: (f"/loans/covers/{_cover(e).pk}/payback/", {"amount": "10.000", "date": today()}),
    "payment reversal": lambda e: (f"/loans/payments/{_repaid(e).pk}/reverse/",
                                   {"date": today(), "reason": "Salah pinjaman"}),
    "reschedule": lambda e: (f"/loans/{_late_loan(e).pk}/reschedule/",
                             {"date": today(), "reason": "Usaha terkena banjir", "term": "12"}),
    "write-off": lambda e: (f"/loans/{_late_loan(e).pk}/write-off/", {"date": today(), "reason": "Pindah"}),
    "recovery": lambda e: (f"/loans/{_written_off(e).pk}/recover/", {"amount": "10.000", "date": today()}),
}


def _key(client, url):
    form = client.get(url).context["form"]
    key = form.initial["idempotency_key"]
    assert len(key) == 32
    return key


@pytest.mark.parametrize("case", list(CASES))
def test_the_same_form_posted_twice_posts_once(client, env, case):
    url, data = CASES[case](env)
    client.force_login(env["manager"])
    data = {**data, "idempotency_key": _key(client, url)}
    before = counts()
    first = client.post(url, data)
    assert first.status_code == 302, first.context["form"].errors
    after_first = counts()
    assert after_first["AuditEvent"] > before["AuditEvent"] and after_first["IdempotencyKey"] >= before[
        "IdempotencyKey"]
    resent = client.post(url, data)  # the same body again: a double click, or a resend after a timeout
    assert (resent.status_code, resent["Location"]) == (302, first["Location"])
    assert counts() == after_first


@pytest.mark.parametrize("case", ["deposit", "expense", "disbursement"])
def test_the_form_opened_again_is_a_new_submission(client, env, case):
    """A second deposit (or expense) is a new form: opening it again makes a new key."""
    url, data = CASES[case](env)
    client.force_login(env["manager"])
    assert _key(client, url) != _key(client, url)


def test_a_meeting_correction_posted_twice_reverses_once(client, group_a, pendamping1, manager):
    member = MemberFactory(group=group_a, joined_on=datetime.date(2024, 5, 2))
    meeting = meeting_record(group=group_a, actor=pendamping1, date=datetime.date(2024, 5, 14),
                             type=Meeting.Type.ROUTINE)
    sheet_submit(meeting=meeting, actor=pendamping1, submission_id=uuid.uuid4(), cash_counted=60_000,
                 rows={member.pk: {"attendance": "present", "pokok": 50_000, "wajib": 10_000}})
    client.force_login(pendamping1)
    key = client.get(f"/meetings/{meeting.pk}/").context["form_key"]
    wajib, pokok = (SavingsTransaction.objects.get(meeting=meeting, kind=k) for k in ("wajib", "pokok"))
    url = f"/meetings/{meeting.pk}/savings/{wajib.pk}/reverse/"
    first = client.post(url, {"reason": "Salah anggota", "idempotency_key": key})
    again = client.post(url, {"reason": "Salah anggota", "idempotency_key": key})
    assert first.status_code == again.status_code == 302
    assert SavingsTransaction.objects.filter(type="reversal").count() == 1
    # The page's key is one per page; another row's correction from the same page is its own submission.
    client.post(f"/meetings/{meeting.pk}/savings/{pokok.pk}/reverse/", {"reason": "Salah", "idempotency_key": key})
    assert SavingsTransaction.objects.filter(type="reversal").count() == 2


def test_a_key_used_for_another_action_is_refused(env):
    key = "a" * 32
    books.post_grant(group=env["group"], date=today(), amount=1_000, memo="Hibah", actor=env["manager"],
                     idempotency_key=key)
    with pytest.raises(ValidationError) as refused:
        books.post_expense(group=env["group"], date=today(), amount=1_000, memo="Teh", actor=env["manager"],
                           idempotency_key=key)
    assert refused.value.code == "key_reused"
    assert JournalEntry.objects.filter(kind="expense").count() == 0


def test_a_key_that_is_no_key_is_a_form_error_and_posts_nothing(client, env):
    client.force_login(env["manager"])
    url = f"/books/groups/{env['group'].pk}/record/expense/"
    response = client.post(url, {"date": today(), "amount": "15.000", "memo": "Teh", "account": "meeting_expense",
                                 "idempotency_key": "'; DROP TABLE x; --"})
    assert response.status_code == 200 and response.context["form"].errors
    assert not JournalEntry.objects.exists()


def test_without_a_key_the_service_posts_as_before(env):
    for _ in range(2):
        books.post_expense(group=env["group"], date=today(), amount=1_000, memo="Teh", actor=env["manager"])
    assert JournalEntry.objects.filter(kind="expense").count() == 2
    assert not IdempotencyKey.objects.exists()


def test_a_second_user_cannot_read_the_first_result_by_its_key(env):
    """The key is random per form; a repeat returns the first row itself, whoever sends it."""
    other = UserFactory(role="manager")
    first = books.post_grant(group=env["group"], date=today(), amount=1_000, memo="Hibah", actor=env["manager"],
                             idempotency_key="b" * 32)
    again = books.post_grant(group=env["group"], date=today(), amount=1_000, memo="Hibah", actor=other,
                             idempotency_key="b" * 32)
    assert again.pk == first.pk and JournalEntry.objects.count() == 1


@pytest.mark.parametrize("model, name", [
    (SavingsTransaction, "savings_savingstransaction_idempotency_key_unique"),
    (Repayment, "loans_repayment_idempotency_key_unique"),
])
def test_a_key_is_refused_twice_by_its_named_constraint(model, name):
    """The database itself refuses a second row with a key, under a constraint a person can find by name."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    assert constraints[name]["unique"] and constraints[name]["columns"] == ["idempotency_key"]
