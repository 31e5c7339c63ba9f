"""The field officer's upcoming meetings: the list, "open the sheet", "prepare all" and the printed sheet."""
import datetime

import pytest

from meetings import services
from meetings.models import Meeting
from meetings.selectors import upcoming_meetings
from sheet import services as sheet_services
from tests.factories import GroupFactory, MemberFactory, assign
from tests.meetings.conftest import JOINED
from tests.utils import count_queries

pytestmark = pytest.mark.django_db

ON = datetime.date(2024, 5, 20)  # a Monday: May's meeting (14th) has passed, June's is on the 11th


@pytest.fixture
def on(monkeypatch):
    for where in ("dashboard.views.today", "sheet.views.today"):
        monkeypatch.setattr(where, lambda: ON)
    return ON


def test_her_upcoming_meetings_from_each_groups_calendar(group_a, pendamping1, manager):
    other = GroupFactory(name="Bougenvil", meeting_week=3, meeting_weekday=3)  # third Thursday
    assign(pendamping1, other)
    held = services.meeting_record(group=group_a, actor=pendamping1, date=datetime.date(2024, 5, 15), type="routine")
    items = upcoming_meetings(pendamping1, on=ON)
    # From five weeks back (15 April) to five weeks ahead; Anggrek's 9 April is older than that.
    assert [(i.group.name, i.date, i.meeting, i.overdue) for i in items] == [
        ("Bougenvil", datetime.date(2024, 4, 18), None, True),  # never recorded: still hers to do
        ("Anggrek", datetime.date(2024, 5, 15), held, True),  # May's held on the 15th, a draft
        ("Bougenvil", datetime.date(2024, 5, 16), None, True),
        ("Anggrek", datetime.date(2024, 6, 11), None, False),
        ("Bougenvil", datetime.date(2024, 6, 20), None, False),
    ]


def test_a_submitted_meeting_leaves_the_list(group_a, members_a, pendamping1):
    import uuid

    meeting = services.meeting_record(group=group_a, actor=pendamping1, date=datetime.date(2024, 5, 14),
                                      type="routine")
    sheet_services.sheet_submit(meeting=meeting, actor=pendamping1, submission_id=uuid.uuid4(), cash_counted=0,
                          rows={m.pk: {"attendance": "present"} for m in members_a})
    assert datetime.date(2024, 5, 14) not in [i.date for i in upcoming_meetings(pendamping1, on=ON)]


@pytest.mark.parametrize("role", ["manager", "bendahara1"])
def test_only_a_field_officer_has_the_list(users, group_a, role):
    assert upcoming_meetings(users[role], on=ON) == []


def test_the_list_takes_two_queries_however_many_groups(pendamping1, group_a):
    _, few = count_queries(lambda: upcoming_meetings(pendamping1, on=ON))
    for _ in range(5):
        group = GroupFactory()
        assign(pendamping1, group)
        services.meeting_record(group=group, actor=pendamping1, date=datetime.date(2024, 5, 14), type="routine")
    _, many = count_queries(lambda: upcoming_meetings(pendamping1, on=ON))
    assert few == many == 2


def test_open_sheet_records_the_draft_once(group_a, pendamping1):
    first = services.meeting_open_sheet(group=group_a, actor=pendamping1, date=datetime.date(2024, 6, 11))
    again = services.meeting_open_sheet(group=group_a, actor=pendamping1, date=datetime.date(2024, 6, 11))
    assert first.pk == again.pk and first.is_draft and first.type == Meeting.Type.ROUTINE
    assert Meeting.objects.count() == 1


def test_open_sheet_finds_the_months_meeting_held_on_another_day(group_a, pendamping1):
    held = services.meeting_record(group=group_a, actor=pendamping1, date=datetime.date(2024, 5, 15), type="routine")
    assert services.meeting_open_sheet(group=group_a, actor=pendamping1, date=datetime.date(2024, 5, 14)) == held


# --- the views ---------------------------------------------------------------------------------------


def test_home_page_lists_her_meetings_with_open_and_print(login, users, group_a, on):
    content = login(users["pendamping1"]).get("/").content.decode()
    assert "Pertemuan saya berikutnya" in content and "Siapkan semua untuk tanpa sinyal" in content
    assert f'action="/meetings/group/{group_a.pk}/open/"' in content
    assert 'value="2024-06-11"' in content
    assert f"/meetings/group/{group_a.pk}/planned/2024-06-11/sheet.pdf?paper=A4" in content
    assert "hari sudah lewat" in content  # May's meeting not recorded yet


@pytest.mark.parametrize("role", ["manager", "bendahara1", "pendamping2"])
def test_others_have_no_upcoming_list_of_anggrek(login, users, group_a, role, on):
    content = login(users[role]).get("/").content.decode()
    assert f"/meetings/group/{group_a.pk}/open/" not in content


def test_home_page_queries_do_not_grow_with_groups(login, users, pendamping1, on):
    client = login(users["pendamping1"])
    _, few = count_queries(lambda: client.get("/"))
    for _ in range(4):
        assign(pendamping1, GroupFactory())
    _, many = count_queries(lambda: client.get("/"))
    assert few == many


@pytest.mark.parametrize("role", ["manager", "pendamping1"])
def test_open_sheet_view_records_the_draft_and_opens_it(login, users, group_a, role):
    response = login(users[role]).post(f"/meetings/group/{group_a.pk}/open/", {"date": "2024-06-11"})
    meeting = Meeting.objects.get(group=group_a)
    assert response.status_code == 302 and response.url == f"/meetings/{meeting.pk}/sheet/"
    assert meeting.date == datetime.date(2024, 6, 11) and meeting.created_by == users[role]


def test_open_sheet_view_refuses_the_treasurer_and_hides_other_groups(login, users, group_a):
    open_url = f"/meetings/group/{group_a.pk}/open/"
    assert login(users["bendahara1"]).post(open_url, {"date": "2024-06-11"}).status_code == 403
    assert login(users["pendamping2"]).post(open_url, {"date": "2024-06-11"}).status_code == 404
    assert login(users["pendamping1"]).get(open_url).status_code == 405
    assert not Meeting.objects.exists()


def test_open_sheet_view_with_a_bad_date_says_so_and_records_nothing(login, users, group_a):
    client = login(users["pendamping1"])
    response = client.post(f"/meetings/group/{group_a.pk}/open/", {"date": "11/06/2024"}, follow=True)
    assert "Pilih tanggal pertemuan." in response.content.decode()
    assert not Meeting.objects.exists()


def test_prepare_all_records_every_upcoming_draft(login, users, group_a, pendamping1, on):
    client = login(users["pendamping1"])
    response = client.post("/meetings/prepare/", HTTP_ACCEPT="application/json")
    sheets = response.json()["sheets"]
    assert [s["date"] for s in sheets] == ["2024-05-14", "2024-06-11"]
    assert Meeting.objects.filter(group=group_a, status="draft").count() == 2
    assert sheets[0]["url"] == f"/meetings/{sheets[0]['meeting']}/sheet/" and sheets[0]["group"] == group_a.pk
    again = client.post("/meetings/prepare/", HTTP_ACCEPT="application/json").json()["sheets"]
    assert again == sheets and Meeting.objects.count() == 2  # preparing twice makes nothing twice
    plain = client.post("/meetings/prepare/")
    assert plain.status_code == 302 and plain.url == "/"


@pytest.mark.parametrize("role", ["manager", "bendahara1"])
def test_prepare_all_is_for_field_officers(login, users, group_a, role, on):
    assert login(users[role]).post("/meetings/prepare/").status_code == 403
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("role", ["manager", "pendamping1", "bendahara1"])
def test_the_planned_sheet_prints_before_the_meeting_exists(login, users, group_a, role, on):
    MemberFactory(group=group_a, full_name="Rosmaini", joined_on=JOINED)
    response = login(users[role]).get(f"/meetings/group/{group_a.pk}/planned/2024-06-11/sheet.pdf?paper=F4")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "lembar-pertemuan-PDG-001-2024-06-11.pdf" in response["Content-Disposition"]
    assert not Meeting.objects.exists()


def test_the_planned_sheet_of_a_recorded_month_is_its_own(login, users, group_a, meeting_a, on):
    planned = f"/meetings/group/{group_a.pk}/planned/2024-05-14/sheet.pdf?paper=F4"
    response = login(users["pendamping1"]).get(planned)
    assert response.status_code == 302 and response.url == f"/meetings/{meeting_a.pk}/sheet.pdf?paper=F4"


@pytest.mark.parametrize("bad", ["2024-13-01", "tomorrow", "1990-01-01"])
def test_the_planned_sheet_of_a_bad_date_is_not_found(login, users, group_a, bad, on):
    assert login(users["pendamping1"]).get(f"/meetings/group/{group_a.pk}/planned/{bad}/sheet.pdf").status_code == 404


def test_the_planned_sheet_of_another_group_is_not_found(login, users, group_a, on):
    planned = f"/meetings/group/{group_a.pk}/planned/2024-06-11/sheet.pdf"
    assert login(users["pendamping2"]).get(planned).status_code == 404
