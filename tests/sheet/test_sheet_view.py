import re

import pytest

from meetings.models import Attendance, Meeting, SheetRow
from meetings.services import meeting_record
from savings.models import SavingsTransaction
from tests.factories import MemberFactory
from tests.meetings.conftest import MEETING_DAY, sheet_post
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


def url(meeting):
    return f"/meetings/{meeting.pk}/sheet/"


@pytest.mark.parametrize("role", ["manager", "pendamping1", "bendahara1"])
def test_in_scope_roles_see_the_sheet(login, users, meeting_a, members_a, role):
    content = login(users[role]).get(url(meeting_a)).content.decode()
    assert "Anggota 03" in content
    assert "Tagihan Rp 60.000" in content  # pokok 50.000 + this month's wajib 10.000
    assert 'placeholder="10.000"' in content
    assert ('name="action" value="submit"' in content) == (role != "bendahara1")


def test_other_field_officer_gets_404(login, users, meeting_a):
    assert login(users["pendamping2"]).get(url(meeting_a)).status_code == 404
    assert login(users["pendamping2"]).post(url(meeting_a), {}).status_code == 404


def test_treasurer_cannot_write_the_sheet(login, users, meeting_a, members_a):
    response = login(users["bendahara1"]).post(url(meeting_a), sheet_post(meeting_a, members_a))
    assert response.status_code == 403
    assert not SheetRow.objects.exists()


def test_draft_is_saved_and_shown_again(login, users, meeting_a, members_a):
    client = login(users["pendamping1"])
    m = members_a[2]
    response = client.post(url(meeting_a), sheet_post(meeting_a, members_a, **{
        f"{m.pk}-wajib": "20.000", f"{m.pk}-sukarela_in": "Rp 5.000", f"{m.pk}-note": "bayar dua bulan"}))
    assert response.status_code == 302
    row = SheetRow.objects.get(meeting=meeting_a, member=m)
    assert (row.wajib, row.sukarela_in, row.note, row.attendance) == (20_000, 5_000, "bayar dua bulan", "present")
    content = client.get(url(meeting_a)).content.decode()
    assert 'value="20.000"' in content and "bayar dua bulan" in content
    assert "sheet-changed" in content  # 20.000 differs from the 10.000 due


def test_bad_cell_keeps_what_was_typed_and_saves_nothing(login, users, meeting_a, members_a):
    m = members_a[1]
    response = login(users["pendamping1"]).post(url(meeting_a), sheet_post(meeting_a, members_a, **{
        f"{m.pk}-wajib": "10rb", f"{members_a[0].pk}-wajib": "10.000"}))
    assert response.status_code == 400
    content = response.content.decode()
    assert 'value="10rb"' in content
    assert "Isi jumlah Rupiah bulat" in content  # the cell's own error, in Indonesian
    assert 'value="10.000"' in content  # the good cell is kept too
    assert not SheetRow.objects.exists()


def test_a_cell_without_an_error_shows_no_text_under_it(login, users, meeting_a, members_a):
    content = login(users["pendamping1"]).get(url(meeting_a)).content.decode()
    feedback = re.findall(r'<div class="invalid-feedback[^"]*" data-error-for="[a-z_]+">([^<]*)</div>', content)
    assert len(feedback) >= 7 * len(members_a)  # every amount cell of every row has its (empty) error line
    assert set(feedback) == {""}


def test_service_error_lands_on_its_row(login, users, meeting_a, members_a):
    m = members_a[3]
    response = login(users["pendamping1"]).post(url(meeting_a), sheet_post(meeting_a, members_a, **{
        f"{m.pk}-cover_amount": "15.000"}))
    assert response.status_code == 400
    content = response.content.decode()
    assert "Pilih anggota yang ditanggungnya." in content
    assert 'value="15.000"' in content


def test_submit_posts_and_redirects_to_the_record(login, users, meeting_a, members_a):
    response = login(users["pendamping1"]).post(url(meeting_a), sheet_post(meeting_a, members_a, action="submit",
                                                                            cash=0))
    assert response.status_code == 302 and response.url == f"/meetings/{meeting_a.pk}/"
    meeting_a.refresh_from_db()
    assert meeting_a.status == Meeting.Status.SUBMITTED
    assert Attendance.objects.filter(meeting=meeting_a).count() == 5


def test_submit_without_cash_count_shows_the_error(login, users, meeting_a, members_a):
    response = login(users["pendamping1"]).post(url(meeting_a), sheet_post(meeting_a, members_a, action="submit"))
    assert response.status_code == 400
    assert "Hitung uang kas" in response.content.decode()


def test_submitted_sheet_is_read_only(login, users, meeting_a, members_a):
    client = login(users["pendamping1"])
    client.post(url(meeting_a), sheet_post(meeting_a, members_a, action="submit", cash=0))
    assert 'value="submit"' not in client.get(url(meeting_a)).content.decode()
    assert client.post(url(meeting_a), sheet_post(meeting_a, members_a)).status_code == 403


def test_training_has_no_sheet(login, users, group_a, pendamping1):
    training = meeting_record(group=group_a, actor=pendamping1, date=MEETING_DAY, type="training")
    assert login(users["pendamping1"]).get(url(training)).status_code == 404


def _grow(group, n):
    MemberFactory.create_batch(n, group=group)


def test_page_queries_do_not_grow_with_members(login, users, group_a, meeting_a):
    client = login(users["pendamping1"])
    _grow(group_a, 5)  # 10 members
    _, ten = count_queries(lambda: client.get(url(meeting_a)))
    _grow(group_a, 20)  # 30 members
    _, thirty = count_queries(lambda: client.get(url(meeting_a)))
    assert ten == thirty
    assert thirty <= 22  # 25 before the eligibility reused the dues' savings reads


@pytest.mark.parametrize("action", ["draft", "submit"])
def test_draft_and_submit_queries_do_not_grow_with_members(login, users, group_a, group_b, action):
    """Every member pays pokok and wajib: 20 vs 60 savings rows, posted in the same number of queries."""
    client = login(users["manager"])
    counts = []
    for group, n in ((group_a, 10), (group_b, 30)):
        members = MemberFactory.create_batch(n, group=group)
        meeting = meeting_record(group=group, actor=users["pendamping1"], date=MEETING_DAY, type="routine")
        cells = {f"{m.pk}-{f}": amount for m in members for f, amount in (("pokok", "50.000"), ("wajib", "10.000"))}
        response, queries = count_queries(lambda: client.post(url(meeting), sheet_post(  # noqa: B023
            meeting, members, action=action, cash=60_000 * n, **cells)))  # noqa: B023
        assert response.status_code == 302
        counts.append(queries)
    assert counts[0] == counts[1]
    # The view reads the dues no more (the service does, under its locks): 32 and 65 before.
    assert counts[1] <= {"draft": 17, "submit": 50}[action]
    assert SavingsTransaction.objects.count() == (80 if action == "submit" else 0)


def test_the_sheet_stays_out_of_the_browsers_caches_and_is_compressed(login, users, meeting_a, members_a):
    """No stale draft from the HTTP cache or the back button; the service worker keeps its own copy."""
    response = login(users["pendamping1"]).get(url(meeting_a), HTTP_ACCEPT_ENCODING="gzip")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["Content-Encoding"] == "gzip"


def test_the_sheet_carries_what_the_phone_needs(login, users, meeting_a, members_a):
    content = login(users["pendamping1"]).get(url(meeting_a)).content.decode()
    assert f'data-sync-url="/meetings/{meeting_a.pk}/sheet/sync/"' in content
    assert f'data-user="{users["pendamping1"].pk}"' in content
    assert 'name="submission_id"' in content
    assert 'id="sheet-strings"' in content and "Tersimpan di HP ini pukul %(time)s" in content
    assert "Anggota yang ditandai tidak hadir dilewati." in content


def test_a_posted_sheet_has_no_scripts_to_edit_it(login, users, meeting_a, members_a):
    client = login(users["pendamping1"])
    client.post(url(meeting_a), sheet_post(meeting_a, members_a, action="submit", cash=0))
    content = client.get(url(meeting_a)).content.decode()
    assert "sheet_offline.js" not in content and "data-editable" not in content


def test_the_plain_form_submits_once_with_its_submission_id(login, users, meeting_a, members_a):
    """Without the script (or its double click), the page's own submission id posts once."""
    client = login(users["pendamping1"])
    data = sheet_post(meeting_a, members_a, action="submit", cash=0)
    assert client.post(url(meeting_a), data).status_code == 302
    meeting_a.refresh_from_db()
    assert str(meeting_a.submission_id) == data["submission_id"]
    assert Attendance.objects.filter(meeting=meeting_a).count() == 5
    again = client.post(url(meeting_a), data)  # the second click: the meeting posted, nothing twice
    assert again.status_code == 302 and again.url == f"/meetings/{meeting_a.pk}/"
    assert Attendance.objects.filter(meeting=meeting_a).count() == 5


def test_the_page_grows_by_a_row_per_member_not_by_the_square(login, users, group_a, meeting_a):
    """The "covers for" list is one <datalist> for the sheet: each member adds her row and one option."""
    client = login(users["pendamping1"])
    sizes, options = {}, {}
    for n in (10, 20, 30):
        MemberFactory.create_batch(n - group_a.members.count(), group=group_a, full_name="Anggota Baru")
        page = client.get(url(meeting_a)).content.decode()
        datalist = page.split('<datalist id="sheet-cover-members">')[1].split("</datalist>")[0]
        assert datalist.count("<option") == n
        assert page.count('list="sheet-cover-members"') == n
        sizes[n], options[n] = len(page.encode()), page.count("<option")
    assert options[30] - options[20] == options[20] - options[10]
    first, second = sizes[20] - sizes[10], sizes[30] - sizes[20]
    assert abs(second - first) < first * 0.02  # the same bytes for each ten more members


def test_a_cover_names_the_member_by_her_code(login, users, meeting_a, members_a):
    """The row's "covers for" carries the code from the list; a member id (an older queued sheet) still works."""
    from sheet.forms import read_sheet

    coverer, covered = members_a[0], members_a[1]
    codes = {m.code: m.pk for m in members_a}
    data = {f"{coverer.pk}-cover_for": covered.code, f"{members_a[2].pk}-cover_for": str(covered.pk)}
    rows = read_sheet(data, [m.pk for m in members_a], codes=codes)[0]
    assert rows[coverer.pk]["cover_for"] == rows[members_a[2].pk]["cover_for"] == covered.pk
    assert rows[members_a[3].pk]["cover_for"] is None
    client = login(users["pendamping1"])
    # A cover without an amount is refused: the page comes back with her choice, as its code.
    response = client.post(url(meeting_a), sheet_post(meeting_a, members_a,
                                                      **{f"{coverer.pk}-cover_for": covered.code}))
    assert response.status_code == 400
    assert f'name="{coverer.pk}-cover_for" value="{covered.code}"' in response.content.decode()


def test_opening_cash_reads_the_month_totals_of_the_group(group_a, group_b, manager, meeting_a):
    """The cash of the day before the meeting, from the group's month totals and its month's lines: two queries."""
    import datetime

    from books.selectors import account_balances
    from books.services import credit, debit, journal_post
    from sheet.selectors import opening_cash

    D = datetime.date
    for group in (group_a, group_b):
        for day, amount in ((D(2023, 11, 30), 1_000_000), (D(2024, 3, 31), 250_000), (D(2024, 5, 1), 40_000),
                            (D(2024, 5, 13), 7_000), (D(2024, 5, 14), 900_000)):
            journal_post(group=group, date=day, kind="grant", actor=manager,
                         lines=[debit("cash", amount), credit("grants", amount)])
        journal_post(group=group, date=D(2024, 4, 20), kind="expense", actor=manager,
                     lines=[debit("meeting_expense", 12_000), credit("cash", 12_000)])
    cash, queries = count_queries(lambda: opening_cash(meeting_a))
    # 1.000.000 + 250.000 − 12.000 + 40.000 + 7.000; the meeting day's 900.000 is not yet in the box.
    assert cash == 1_285_000 == account_balances(group_a, as_of=D(2024, 5, 13))["cash"]
    assert queries == 2
