"""A loan from its application to its recovery, every step clicked through the pages, in exact Rupiah.

Rosnida of KPUK Anggrek (savings Rp 400.000; the rules lend up to three times one's savings and
ask a manager to approve above Rp 500.000) applies at the office for Rp 1.000.000 over 10 months,
flat 2 % a month: instalments of Rp 100.000 principal and Rp 20.000 interest. A hundred days on
she has paid Rp 60.000 of the first; the group fund covers the Rp 60.000 left and she pays it back;
her harvest failed, so the rest (Rp 900.000) is rescheduled; she moves away and the manager writes
it off; a year on her family pays Rp 150.000 back.

The manager who recorded the application is not offered the approval (the page says why); a
second manager approves. The field officer works on her phone, the treasurer and managers at a desk.
"""
import datetime
import uuid

import pytest
from django.utils.formats import date_format
from playwright.sync_api import expect

from accounts.models import User
from books.models import EntryKind, JournalEntry
from books.services import post_grant
from core.dates import today
from loans.models import Allocation, Loan, LoanStatus, Repayment
from loans.offers import due_by
from loans.positions import loan_position
from meetings.models import Meeting
from meetings.services import meeting_record
from savings.services import savings_deposit
from sheet.selectors import opening_cash
from sheet.services import sheet_submit
from tests.factories import MemberFactory, UserFactory, make_rules
from tests.loans.conftest import OPEN_RULES

from .helpers import rupiah, submit

pytestmark = pytest.mark.django_db(transaction=True)

APPLIED = today() - datetime.timedelta(days=100)


@pytest.fixture
def anggrek(group_a, manager, pendamping1):
    """Rules, a grant, Rosnida's savings, a newcomer, and the meeting that decides on loans."""
    make_rules(group_a, effective_from=datetime.date(2021, 1, 1), created_by=manager,
               **{**OPEN_RULES, "loan_min_membership_months": 3}, loan_max_savings_multiple=3,
               loan_manager_approval_above=500_000, loan_joint_liability=True)
    post_grant(group=group_a, date=APPLIED - datetime.timedelta(days=40), amount=3_000_000,
               memo="Dana stimulan LP2M", actor=manager)
    rosnida = MemberFactory(group=group_a, full_name="Rosnida", joined_on=datetime.date(2023, 3, 14))
    savings_deposit(member=rosnida, kind="pokok", amount=50_000, date=APPLIED - datetime.timedelta(days=30),
                    actor=pendamping1)
    savings_deposit(member=rosnida, kind="sukarela", amount=350_000, date=APPLIED - datetime.timedelta(days=30),
                    actor=pendamping1)
    newcomer = MemberFactory(group=group_a, full_name="Desrita", joined_on=today() - datetime.timedelta(days=20))
    meeting = meeting_record(group=group_a, actor=pendamping1, date=APPLIED, type=Meeting.Type.ROUTINE)
    sheet_submit(meeting=meeting, actor=pendamping1, submission_id=uuid.uuid4(),
                 rows={rosnida.pk: {"attendance": "present"}}, cash_counted=opening_cash(meeting))
    return {"rosnida": rosnida, "newcomer": newcomer, "meeting": meeting}


def _step(page, button, **fields):
    """Click the loan page's ``button``, fill the step's form by its labels, submit it."""
    page.get_by_role("link", name=button, exact=True).click()
    for label, value in fields.items():
        page.get_by_label(label).fill(value)
    submit(page, page.get_by_role("main").get_by_role("button"))


def test_a_loan_from_application_to_recovery(open_page, manager, pendamping1, bendahara1, anggrek):
    rosnida, meeting = anggrek["rosnida"], anggrek["meeting"]
    second = UserFactory(username="manager2", first_name="Yenni", role=User.Role.MANAGER)

    # The newcomer is not offered an application: the page says which rule she does not meet yet.
    office = open_page(manager, viewport="desktop", path=f"/loans/member/{anggrek['newcomer'].pk}/apply/")
    expect(office.get_by_text("Belum memenuhi syarat")).to_be_visible()
    expect(office.get_by_role("button", name="Catat pengajuan")).to_have_count(0)

    # Rosnida applies at the office; her eligibility is shown beside the form.
    office.goto(f"/members/{rosnida.pk}/")
    office.get_by_role("link", name="Ajukan pinjaman").click()
    expect(office.get_by_text("Memenuhi syarat", exact=True)).to_be_visible()
    expect(office.locator(".card").first).to_contain_text(rupiah(1_200_000))  # three times her Rp 400.000
    office.get_by_label("Jumlah (Rp)").fill("1.500.000")
    office.get_by_label("Jangka waktu (bulan)").select_option("10")
    office.get_by_label("Tujuan").fill("Modal kerupuk sanjai")
    office.get_by_label("Usaha yang dibiayai").fill("Kerupuk sanjai")
    office.get_by_label("Tanggal pengajuan").fill(APPLIED.isoformat())
    submit(office, office.get_by_role("button", name="Catat pengajuan"))
    expect(office.locator(".invalid-feedback")).to_contain_text(rupiah(1_200_000))
    assert not Loan.objects.exists()
    office.get_by_label("Jumlah (Rp)").fill("1.000.000")
    submit(office, office.get_by_role("button", name="Catat pengajuan"))
    loan = Loan.objects.get()
    assert (loan.member, loan.amount, loan.term, loan.status, loan.created_by) == (
        rosnida, 1_000_000, 10, LoanStatus.APPLIED, manager)
    url = f"/loans/{loan.pk}/"

    # At the meeting, on her phone: the group's decision; the meeting is named by its date.
    phone = open_page(pendamping1, viewport="phone", path=url)
    phone.get_by_role("link", name="Catat keputusan kelompok").click()
    phone.get_by_label("Disetujui").check()
    phone.get_by_label("Tanggal keputusan").fill(APPLIED.isoformat())
    choice = phone.get_by_label("Pertemuan")
    label = f"{meeting.group} · {date_format(APPLIED)} · Pertemuan rutin bulanan"
    choice.select_option(label=label)
    phone.get_by_label("Yang menyetujui").fill("Semua anggota yang hadir")
    submit(phone, phone.get_by_role("main").get_by_role("button"))
    loan.refresh_from_db()
    assert (loan.status, loan.decision_meeting, loan.decided_by) == (LoanStatus.AWAITING_MANAGER, meeting,
                                                                     pendamping1)
    expect(phone.locator("dd").filter(has_text=date_format(APPLIED)).first).to_be_visible()

    # The manager who recorded it is not offered the approval, and reads why.
    office.goto(url)
    expect(office.get_by_role("link", name="Persetujuan manajer")).to_have_count(0)
    expect(office.locator("[data-refusal]")).to_have_text(
        "Orang lain yang harus menyetujui: Anda yang mencatat pinjaman ini.")
    # The second manager approves.
    desk = open_page(second, viewport="desktop", path=url)
    desk.get_by_role("link", name="Persetujuan manajer").click()
    submit(desk, desk.get_by_role("button", name="Setujui"))
    expect(desk.get_by_role("alert")).to_contain_text("Pinjaman disetujui.")
    loan.refresh_from_db()
    assert (loan.status, loan.manager_approved_by) == (LoanStatus.APPROVED, second)

    # Disbursed the same day: Rp 990.000 in cash, the 1 % fee kept, ten instalments of 120.000.
    phone.goto(url)
    _step(phone, "Cairkan", Tanggal=APPLIED.isoformat())
    loan.refresh_from_db()
    assert (loan.status, loan.disbursed_on, loan.admin_fee) == (LoanStatus.ACTIVE, APPLIED, 10_000)
    assert [(i.principal, i.interest) for i in loan.schedules.get().instalments.order_by("number")] == [
        (100_000, 20_000)] * 10
    assert loan.disbursement_entry.lines.get(account__key="cash").credit == 990_000
    expect(phone.get_by_role("region", name="Jadwal angsuran").locator("tbody tr")).to_have_count(10)

    # The treasurer records what she paid, with the keyboard: Rp 60.000, interest first.
    counter = open_page(bendahara1, viewport="desktop", path=url)
    counter.get_by_role("link", name="Angsuran", exact=True).click()
    amount = counter.get_by_label("Jumlah (Rp)")
    amount.focus()
    counter.keyboard.type("60.000")
    with counter.expect_navigation():
        counter.keyboard.press("Enter")
    payment = Repayment.objects.get(loan=loan, kind=Repayment.Kind.MEMBER)
    assert (payment.amount, payment.created_by) == (60_000, bendahara1)
    assert {(a.instalment.number, a.component, a.amount) for a in Allocation.objects.filter(repayment=payment)} == {
        (1, "interest", 20_000), (1, "principal", 40_000)}

    # Instalments are due: the group fund covers what is left of the first, never more than is due.
    due = due_by(loan_position(loan, as_of=today()), today())
    assert due >= 60_000 + 120_000  # the rest of the first and at least the second
    phone.goto(url)
    _step(phone, "Tanggung renteng", **{"Jumlah (Rp)": "1.000.000"})
    expect(phone.locator(".invalid-feedback")).to_contain_text(rupiah(due))
    assert not Repayment.objects.filter(kind=Repayment.Kind.COVER).exists()
    phone.get_by_label("Jumlah (Rp)").fill("60.000")
    submit(phone, phone.get_by_role("main").get_by_role("button"))
    cover = Repayment.objects.get(loan=loan, kind=Repayment.Kind.COVER)
    assert (cover.amount, cover.coverer) == (60_000, None)
    entry = JournalEntry.objects.get(kind=EntryKind.LOAN_COVER)
    assert entry.lines.get(account__key="cover_receivable").debit == 60_000
    # She pays the group fund back in full: no more payback is offered for that cover.
    phone.get_by_role("link", name="Kembalikan").click()
    phone.get_by_label("Jumlah (Rp)").fill("60.000")
    submit(phone, phone.get_by_role("main").get_by_role("button"))
    assert cover.paybacks.get().amount == 60_000
    expect(phone.get_by_role("link", name="Kembalikan")).to_have_count(0)
    assert loan_position(loan, as_of=today()).outstanding_principal == 900_000

    # The harvest failed: Rp 900.000 over ten new months.
    _step(phone, "Jadwal ulang", **{"Jangka waktu baru (bulan)": "10", "Alasan": "Gagal panen cabai"})
    loan.refresh_from_db()
    assert loan.rescheduled and loan.schedules.count() == 2
    assert loan.schedules.get(version=2).principal == 900_000
    expect(phone.locator("main")).to_contain_text("Gagal panen cabai")

    # She moved to Jambi: only a manager writes off, the whole Rp 900.000 left.
    expect(phone.get_by_role("link", name="Hapus buku")).to_have_count(0)
    office.goto(url)
    _step(office, "Hapus buku", Alasan="Pindah ke Jambi, tidak dapat dihubungi")
    loan.refresh_from_db()
    assert loan.status == LoanStatus.WRITTEN_OFF and loan.write_off.principal == 900_000

    # The family pays Rp 150.000 back: recovery income, the rest still written off.
    counter.goto(url)
    _step(counter, "Penerimaan piutang dihapus", **{"Jumlah (Rp)": "150.000"})
    recovery = loan.recoveries.get()
    assert recovery.amount == 150_000
    assert {(line.account.key, line.debit, line.credit) for line in recovery.entry.lines.select_related("account")} == {
        ("cash", 150_000, 0), ("recovery_income", 0, 150_000)}
    expect(counter.get_by_role("alert")).to_contain_text("Penerimaan dicatat")
