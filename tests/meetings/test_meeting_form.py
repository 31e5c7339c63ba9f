import pytest

from meetings.models import Meeting

pytestmark = pytest.mark.django_db


def test_field_officer_records_a_routine_meeting_and_lands_on_its_sheet(login, users, group_a, members_a):
    response = login(users["pendamping1"]).post(f"/meetings/group/{group_a.pk}/new/", {
        "date": "2024-05-14", "type": "routine", "place": "Rumah Bu Ani", "officer_attended": "on",
        "topics": "Simpanan, angsuran"})
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response.url == f"/meetings/{meeting.pk}/sheet/"
    assert (meeting.place, meeting.created_by) == ("Rumah Bu Ani", users["pendamping1"])


def test_thematic_discussion_with_participants(login, users, group_a, members_a):
    response = login(users["manager"]).post(f"/meetings/group/{group_a.pk}/new/", {
        "date": "2024-05-20", "type": "thematic", "theme": "Kerupuk rakik maco",
        "participants": [members_a[0].pk, members_a[1].pk]})
    meeting = Meeting.objects.get()
    assert response.url == f"/meetings/{meeting.pk}/"
    assert meeting.participants.count() == 2


def test_missing_theme_is_shown_on_the_form(login, users, group_a):
    response = login(users["pendamping1"]).post(f"/meetings/group/{group_a.pk}/new/",
                                                {"date": "2024-05-20", "type": "thematic"})
    assert response.status_code == 200
    assert "Isi tema diskusi tematik." in response.content.decode()
    assert not Meeting.objects.exists()


def test_treasurer_may_not_record(login, users, group_a):
    client = login(users["bendahara1"])
    assert client.get(f"/meetings/group/{group_a.pk}/new/").status_code == 403


def test_other_field_officer_gets_404(login, users, group_a):
    assert login(users["pendamping2"]).get(f"/meetings/group/{group_a.pk}/new/").status_code == 404


@pytest.mark.parametrize("role, status", [("manager", 200), ("pendamping1", 200), ("bendahara1", 403),
                                          ("pendamping2", 404)])
def test_edit_by_role(login, users, meeting_a, role, status):
    assert login(users[role]).get(f"/meetings/{meeting_a.pk}/edit/").status_code == status


def test_edit_saves(login, users, meeting_a):
    response = login(users["pendamping1"]).post(f"/meetings/{meeting_a.pk}/edit/", {
        "date": "2024-05-14", "type": "routine", "place": "Balai nagari", "notes": "Hujan lebat"})
    assert response.status_code == 302
    meeting_a.refresh_from_db()
    assert (meeting_a.place, meeting_a.notes, meeting_a.officer_attended) == ("Balai nagari", "Hujan lebat", False)
