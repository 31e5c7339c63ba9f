"""Export everything, import it into an emptied database, and the same figures come out."""
import datetime

import pytest
from django.core.management import call_command
from django.db.models import Sum

from accounts.models import User
from books.models import JournalLine
from core.dates import today
from groups.models import Group
from imports.selectors import export_table
from imports.services import import_check, import_confirm
from loans.models import Loan
from loans.positions import days_past_due_by_loan, outstanding_principal_by_loan
from loans.services.payments import loan_repay
from members.models import Member
from reports.selectors.indicators import indicators_for
from savings.selectors import balances_for_members
from savings.services import savings_deposit
from tests.factories import GroupFactory, MemberFactory, UserFactory, assign, make_rules
from tests.imports.conftest import csv_bytes

pytestmark = pytest.mark.django_db(transaction=True)

KINDS = ["regions", "groups", "rules", "assignments", "members", "opening_savings", "opening_loans", "opening_books"]
LOAN_HEADERS = ["Kode anggota", "Tanggal cair", "Pokok pinjaman", "Jangka waktu (bulan)", "Metode bunga",
                "Bunga (% per bulan)", "Angsuran sudah dibayar", "Tanggal saldo awal"]


def _figures():
    """Return the member, loan and books figures by natural key, as of today."""
    on = today()
    members = {m.pk: m.code for m in Member.objects.all()}
    loans = {loan.pk: (loan.member.code, loan.disbursed_on) for loan in Loan.objects.select_related("member")}
    books = JournalLine.objects.values("entry__group__code", "account__key").annotate(d=Sum("debit"), c=Sum("credit"))
    return {
        "savings": {members[k]: v for k, v in balances_for_members(list(members), as_of=on).items()},
        "outstanding": {loans[k]: v for k, v in outstanding_principal_by_loan(Loan.objects.all(), as_of=on).items()},
        "dpd": {loans[k]: v for k, v in days_past_due_by_loan(Loan.objects.all(), as_of=on).items()},
        "books": {(b["entry__group__code"], b["account__key"]): b["d"] - b["c"] for b in books},
        "indicators": indicators_for(Group.objects.all(), start=on, end=on),
    }


def test_round_trip_into_an_empty_database():
    manager = UserFactory(username="manager", role=User.Role.MANAGER)
    officer = UserFactory(username="yuni", role=User.Role.FIELD_OFFICER)
    group = GroupFactory(code="PDG-001", name="Anggrek")
    make_rules(group, created_by=manager)
    assign(officer, group)
    siti = MemberFactory(code="A-001", group=group, full_name="Siti", joined_on=datetime.date(2020, 1, 1))
    ani = MemberFactory(code="A-002", group=group, full_name="Ani", joined_on=datetime.date(2021, 3, 1))
    savings_deposit(member=siti, kind="pokok", amount=50_000, date=datetime.date(2020, 1, 14), actor=manager)
    savings_deposit(member=siti, kind="sukarela", amount=325_000, date=datetime.date(2024, 5, 14), actor=manager)
    savings_deposit(member=ani, kind="wajib", amount=120_000, date=datetime.date(2024, 5, 14), actor=manager)
    disbursed = today() - datetime.timedelta(days=200)
    loans = csv_bytes(LOAN_HEADERS, [["A-001", disbursed.isoformat(), "2000000", "10", "flat", "2", "2",
                                      (disbursed + datetime.timedelta(days=95)).isoformat()]])
    import_confirm(run=import_check(kind="opening_loans", file_name="p.csv", content=loans, actor=manager),
                   actor=manager)
    loan_repay(loan=Loan.objects.get(), amount=240_000, date=disbursed + datetime.timedelta(days=100), actor=manager)
    before = _figures()
    assert before["outstanding"] == {("A-001", disbursed): 1_400_000}
    files = {}
    for kind in KINDS:
        headers, rows = export_table(kind, as_of=today() - datetime.timedelta(days=1))
        files[kind] = csv_bytes(headers, rows)

    call_command("flush", interactive=False, verbosity=0)
    manager = UserFactory(username="manager", role=User.Role.MANAGER)
    UserFactory(username="yuni", role=User.Role.FIELD_OFFICER)
    for kind in KINDS:
        run = import_check(kind=kind, file_name=f"{kind}.csv", content=files[kind], actor=manager)
        assert (kind, run.problems) == (kind, [])
        import_confirm(run=run, actor=manager)
    after = _figures()
    assert after["savings"] == before["savings"]
    assert after["outstanding"] == before["outstanding"]
    assert after["dpd"] == before["dpd"]
    assert after["books"] == before["books"]
    assert after["indicators"] == before["indicators"]
