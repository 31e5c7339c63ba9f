"""A whole 20-member meeting posted from the sheet: exact balances, schedules and journal entries."""
import datetime
import uuid

import pytest

from books.models import JournalEntry
from books.selectors import account_balances, unbalanced_entries
from loans import services as loan_services
from loans.models import LoanStatus, Repayment
from loans.positions import loan_position
from meetings.models import Attendance, Meeting
from meetings.services import meeting_record
from savings.models import SavingsTransaction
from savings.selectors import balances_for_members
from savings.services import savings_deposit
from sheet.selectors import sheet_lines
from sheet.services import sheet_submit
from tests.factories import MemberFactory, make_rules
from tests.loans.conftest import OPEN_RULES

pytestmark = pytest.mark.django_db

BEFORE = datetime.date(2024, 4, 9)  # April's meeting, recorded before the sheet existed
DAY = datetime.date(2024, 5, 14)


@pytest.fixture
def scene(group_a, manager, pendamping1):
    """20 members with pokok and two months of wajib paid; two loans running; one approved."""
    make_rules(group_a, effective_from=datetime.date(2021, 1, 1), created_by=manager, **OPEN_RULES)
    m = [MemberFactory(group=group_a, full_name=f"Anggota {i:02d}", joined_on=datetime.date(2024, 3, 1))
         for i in range(20)]
    for member in m:
        savings_deposit(member=member, kind="pokok", amount=50_000, date=BEFORE, actor=pendamping1)
        savings_deposit(member=member, kind="wajib", amount=20_000, date=BEFORE, actor=pendamping1)
    savings_deposit(member=m[0], kind="sukarela", amount=100_000, date=BEFORE, actor=pendamping1)
    loans = {}
    for i, amount, term in ((1, 1_000_000, 10), (2, 500_000, 5)):
        loan = loan_services.loan_apply(member=m[i], amount=amount, term=term, purpose="Modal", business="Warung",
                                        date=BEFORE, actor=pendamping1)
        loan_services.loan_decide(loan=loan, approved=True, date=BEFORE, agreed_by="Rapat", actor=pendamping1)
        loans[i] = loan_services.loan_disburse(loan=loan, date=BEFORE, actor=pendamping1)
    approved = loan_services.loan_apply(member=m[4], amount=200_000, term=10, purpose="Modal", business="Kue",
                                        date=datetime.date(2024, 5, 1), actor=pendamping1)
    loan_services.loan_decide(loan=approved, approved=True, date=datetime.date(2024, 5, 1), agreed_by="Rapat",
                              actor=pendamping1)
    loans[4] = approved
    meeting = meeting_record(group=group_a, actor=pendamping1, date=DAY, type=Meeting.Type.ROUTINE)
    return {"m": m, "loans": loans, "meeting": meeting}


def the_rows(m):
    """Most pay this month's wajib; two are absent; a withdrawal, a repayment, a cover, a disbursement."""
    rows = {member.pk: {"attendance": "present", "wajib": 10_000} for member in m}
    rows[m[0].pk]["sukarela_out"] = 40_000
    rows[m[1].pk]["instalment"] = 120_000  # 100.000 principal + 20.000 interest (flat 2 %)
    rows[m[2].pk] = {"attendance": "absent"}
    rows[m[3].pk].update(cover_amount=110_000, cover_for=m[2].pk)  # covers Anggota 02's instalment
    rows[m[4].pk]["disbursed"] = 200_000
    rows[m[5].pk]["wajib"] = 20_000  # pays a month ahead
    rows[m[6].pk] = {"attendance": "excused"}
    rows[m[7].pk]["attendance"] = "represented"
    rows[m[8].pk]["sukarela_in"] = 25_000
    return rows


def test_sheet_prefills_what_each_owes(scene):
    m = scene["m"]
    lines = {line.member.pk: line for line in sheet_lines(scene["meeting"])}
    assert lines[m[1].pk].due == {"pokok": 0, "wajib": 10_000, "instalment": 120_000}
    assert lines[m[2].pk].due["instalment"] == 110_000
    assert lines[m[0].pk].sukarela_balance == 100_000
    assert (lines[m[4].pk].approved_amount, lines[m[4].pk].approved_fee) == (200_000, 2_000)
    assert lines[m[9].pk].eligible_amount == 5_000_000  # the ceiling: the open rules judge nothing else


def test_twenty_member_meeting_posts_exactly(scene, pendamping1):
    m, loans, meeting = scene["m"], scene["loans"], scene["meeting"]
    group = meeting.group
    assert account_balances(group, as_of=BEFORE)["cash"] == 15_000  # 1.500.000 saved - 985.000 - 490.000 lent + fees
    sheet_submit(meeting=meeting, actor=pendamping1, submission_id=uuid.uuid4(), rows=the_rows(m),
                 cash_counted=222_000)

    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SUBMITTED
    assert Attendance.objects.filter(meeting=meeting).count() == 20
    assert Attendance.objects.get(meeting=meeting, member=m[7]).status == "represented"

    balances = balances_for_members([x.pk for x in m], as_of=DAY)
    assert balances[m[0].pk]["sukarela"] == 60_000
    assert balances[m[5].pk]["wajib"] == 40_000
    assert balances[m[6].pk]["wajib"] == 20_000
    assert balances[m[8].pk]["sukarela"] == 25_000
    assert SavingsTransaction.objects.filter(meeting=meeting).count() == 20  # 18 wajib, 1 in, 1 out

    first = loan_position(loans[1], as_of=DAY)
    assert first.instalments[0].is_paid and first.remaining_total == 1_080_000
    repaid = Repayment.objects.get(meeting=meeting, kind=Repayment.Kind.MEMBER)
    assert (repaid.loan_id, repaid.amount, repaid.value_date) == (loans[1].pk, 120_000, DAY)
    assert sorted(repaid.allocations.values_list("component", "amount")) == [("interest", 20_000),
                                                                              ("principal", 100_000)]
    cover = Repayment.objects.get(meeting=meeting, kind=Repayment.Kind.COVER)
    assert (cover.loan_id, cover.coverer_id, cover.amount) == (loans[2].pk, m[3].pk, 110_000)
    assert loan_position(loans[2], as_of=DAY).instalments[0].is_paid
    loans[4].refresh_from_db()
    assert (loans[4].status, loans[4].disbursed_on, loans[4].admin_fee) == (LoanStatus.ACTIVE, DAY, 2_000)
    assert len(loan_position(loans[4], as_of=DAY).instalments) == 10

    books = account_balances(group, as_of=DAY)
    assert books["cash"] == 222_000  # 15.000 + 190.000 + 25.000 + 120.000 + 110.000 - 40.000 - 198.000
    assert books["savings_wajib"] == 20 * 20_000 + 190_000
    assert books["savings_sukarela"] == 100_000 + 25_000 - 40_000
    assert books["loans_receivable"] == 1_500_000 - 100_000 - 100_000 + 200_000
    assert books["interest_income"] == 20_000 + 10_000
    assert books["fee_income"] == 10_000 + 5_000 + 2_000
    # 18 wajib + sukarela in + out + a repayment + a cover + a disbursement
    assert JournalEntry.objects.filter(group=group, date=DAY).count() == 23
    assert unbalanced_entries() == []  # every entry of the scene and the sheet (SQLite has no trigger for it)


def _nothing_posted(meeting, approved):
    meeting.refresh_from_db()
    approved.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT
    assert not Attendance.objects.filter(meeting=meeting).exists()
    assert not SavingsTransaction.objects.filter(meeting=meeting).exists()
    assert not Repayment.objects.filter(meeting=meeting).exists()
    assert not JournalEntry.objects.filter(group=meeting.group, date=DAY).exists()
    assert approved.status == LoanStatus.APPROVED


def test_an_overdraw_posts_nothing_and_names_its_row(scene, pendamping1):
    m, meeting = scene["m"], scene["meeting"]
    rows = the_rows(m)
    rows[m[0].pk]["sukarela_out"] = 150_000
    with pytest.raises(Exception) as err:
        sheet_submit(meeting=meeting, actor=pendamping1, submission_id=uuid.uuid4(), rows=rows,
                     cash_counted=112_000)
    assert list(err.value.error_dict) == [f"{m[0].pk}.sukarela_out"]
    _nothing_posted(meeting, scene["loans"][4])


def test_a_loan_service_refusal_rolls_back_the_savings_already_written(scene, pendamping1):
    m, meeting = scene["m"], scene["meeting"]
    rows = the_rows(m)
    rows[m[3].pk]["cover_amount"] = 200_000  # more than Anggota 02 owes now
    with pytest.raises(Exception) as err:
        sheet_submit(meeting=meeting, actor=pendamping1, submission_id=uuid.uuid4(), rows=rows,
                     cash_counted=312_000)
    assert list(err.value.error_dict) == [f"{m[3].pk}.cover_amount"]
    _nothing_posted(meeting, scene["loans"][4])


def test_an_instalment_more_than_the_loan_owes_names_its_row_and_posts_nothing(scene, pendamping1):
    m, meeting = scene["m"], scene["meeting"]
    rows = the_rows(m)
    rows[m[1].pk]["instalment"] = 1_300_000  # the loan owes 1.200.000 in all
    with pytest.raises(Exception) as err:
        sheet_submit(meeting=meeting, actor=pendamping1, submission_id=uuid.uuid4(), rows=rows,
                     cash_counted=1_402_000)
    assert list(err.value.error_dict) == [f"{m[1].pk}.instalment"]
    assert "Rp 100.000" in " ".join(err.value.error_dict[f"{m[1].pk}.instalment"][0].messages)
    _nothing_posted(meeting, scene["loans"][4])


def test_the_page_shows_the_failing_row_and_keeps_the_sheet(scene, login, users):
    m, meeting = scene["m"], scene["meeting"]
    data = {"submission_id": str(uuid.uuid4()), "action": "submit", "cash_counted": "112.000",
            "cash_difference_note": ""}
    for pk, row in the_rows(m).items():
        for key, value in row.items():
            data[f"{pk}-{key}"] = value
    data[f"{m[0].pk}-sukarela_out"] = "150.000"
    response = login(users["pendamping1"]).post(f"/meetings/{meeting.pk}/sheet/", data)
    assert response.status_code == 400
    content = response.content.decode()
    assert "tidak bisa mengambil Rp 150.000" in content
    assert 'value="150.000"' in content and 'value="200000"' in content  # kept as typed
    _nothing_posted(meeting, scene["loans"][4])


def test_the_record_after_posting_shows_the_cash_the_sheet_expected(scene, pendamping1, login, users):
    """The admin fee of the loan disbursed at the meeting stays in the record's expected cash (Rp 222.000),
    though the loan is no longer waiting to be disbursed once the sheet posted it."""
    from sheet.selectors import opening_cash, sheet_totals

    m, meeting = scene["m"], scene["meeting"]
    sheet_submit(meeting=meeting, actor=pendamping1, submission_id=uuid.uuid4(), rows=the_rows(m),
                 cash_counted=222_000)
    meeting.refresh_from_db()
    totals = sheet_totals(sheet_lines(meeting), opening=opening_cash(meeting))
    assert (totals["opening_cash"], totals["fees"], totals["expected_cash"]) == (15_000, 2_000, 222_000)
    page = login(users["pendamping1"]).get(f"/meetings/{meeting.pk}/")
    assert page.context["totals"]["expected_cash"] == 222_000
