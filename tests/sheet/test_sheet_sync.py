"""The sheet's JSON endpoint for the phone's script: save the draft, submit once, refuse by cell."""
import uuid

import pytest

from audit.models import AuditEvent
from exits.services import member_exit
from meetings.models import Attendance, Meeting, SheetRow
from meetings.services import meeting_record
from savings.models import SavingsTransaction
from tests.meetings.conftest import MEETING_DAY, sheet_post
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


def url(meeting):
    return f"/meetings/{meeting.pk}/sheet/sync/"


def post(client, meeting, members, **kwargs):
    return client.post(url(meeting), sheet_post(meeting, members, **kwargs), HTTP_ACCEPT="application/json")


@pytest.mark.parametrize("role", ["manager", "pendamping1"])
def test_recorders_save_the_draft(login, users, meeting_a, members_a, role):
    m = members_a[0]
    response = post(login(users[role]), meeting_a, members_a, **{f"{m.pk}-wajib": "20.000"})
    assert response.status_code == 200 and response.json()["status"] == "saved"
    assert SheetRow.objects.get(meeting=meeting_a, member=m).wajib == 20_000
    assert Meeting.objects.get(pk=meeting_a.pk).is_draft


def test_the_treasurer_reads_but_is_refused_in_json(login, users, meeting_a, members_a):
    response = post(login(users["bendahara1"]), meeting_a, members_a)
    assert response.status_code == 403
    assert response.json()["status"] == "forbidden" and "tidak mengisinya" in response.json()["errors"]["__all__"][0]
    assert not SheetRow.objects.exists()


def test_another_groups_officer_gets_404(login, users, meeting_a, members_a):
    assert post(login(users["pendamping2"]), meeting_a, members_a).status_code == 404


def test_a_visitor_is_sent_to_log_in(client, meeting_a, members_a):
    """The phone keeps its queue when it meets the login page (a session that ended)."""
    response = post(client, meeting_a, members_a)
    assert response.status_code == 302 and response.url.startswith("/login/")


def test_get_is_not_allowed(login, users, meeting_a):
    assert login(users["pendamping1"]).get(url(meeting_a)).status_code == 405


def test_a_training_has_no_sheet(login, users, group_a, pendamping1):
    training = meeting_record(group=group_a, actor=pendamping1, date=MEETING_DAY, type="training")
    assert login(users["pendamping1"]).post(url(training), {}).status_code == 404


def test_submit_posts_and_a_repeated_id_gets_the_first_result(login, users, meeting_a, members_a):
    client = login(users["pendamping1"])
    data = sheet_post(meeting_a, members_a, action="submit", cash=60_000, **{f"{members_a[0].pk}-pokok": "50.000",
                                                                             f"{members_a[0].pk}-wajib": "10.000"})
    first = client.post(url(meeting_a), data, HTTP_ACCEPT="application/json")
    assert first.status_code == 200
    body = first.json()
    assert body["status"] == "posted" and body["url"] == f"/meetings/{meeting_a.pk}/"
    assert body["submission_id"] == data["submission_id"]
    data["cash_counted"] = "999.000"  # the same id resent with anything: the first result, nothing posted
    again = client.post(url(meeting_a), data, HTTP_ACCEPT="application/json")
    assert again.status_code == 200 and again.json() == body
    meeting_a.refresh_from_db()
    assert meeting_a.cash_counted == 60_000
    assert SavingsTransaction.objects.filter(meeting=meeting_a).count() == 2
    assert AuditEvent.objects.filter(action="meetings.submit").count() == 1


def test_a_second_phone_with_its_own_id_is_refused_with_409(login, users, meeting_a, members_a):
    client = login(users["pendamping1"])
    assert post(client, meeting_a, members_a, action="submit", cash=0).status_code == 200
    response = post(login(users["manager"]), meeting_a, members_a, action="submit", cash=0)
    assert response.status_code == 409
    body = response.json()
    assert body["status"] == "refused" and body["code"] == "already_submitted"
    assert "sudah dikirim oleh" in body["errors"]["__all__"][0]
    assert Attendance.objects.filter(meeting=meeting_a).count() == 5


def test_a_draft_of_a_submitted_meeting_is_refused_with_409(login, users, meeting_a, members_a):
    client = login(users["pendamping1"])
    post(client, meeting_a, members_a, action="submit", cash=0)
    response = post(client, meeting_a, members_a)
    assert response.status_code == 409 and response.json()["code"] == "not_draft"


def test_a_bad_cell_is_refused_under_its_key_and_nothing_is_saved(login, users, meeting_a, members_a):
    m = members_a[1]
    response = post(login(users["pendamping1"]), meeting_a, members_a, **{f"{m.pk}-wajib": "10rb"})
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == "refused"
    assert body["errors"] == {f"{m.pk}.wajib": ["Isi jumlah Rupiah bulat, misalnya 25.000."]}
    assert body["names"] == {str(m.pk): "Anggota 01"}
    assert not SheetRow.objects.exists()


def test_the_service_refusal_names_the_cell(login, users, meeting_a, members_a):
    m = members_a[3]
    response = post(login(users["pendamping1"]), meeting_a, members_a, action="submit", cash=0,
                    note="diambil dari kas", **{f"{m.pk}-sukarela_out": "5.000"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [f"{m.pk}.sukarela_out"]
    assert Meeting.objects.get(pk=meeting_a.pk).is_draft


def test_a_missing_submission_id_is_refused(login, users, meeting_a, members_a):
    data = sheet_post(meeting_a, members_a, action="submit", cash=0)
    data["submission_id"] = "not-a-uuid"
    response = login(users["pendamping1"]).post(url(meeting_a), data)
    assert response.status_code == 400 and response.json()["code"] == "bad_submission_id"


def test_a_member_who_left_since_the_sheet_was_prepared_is_refused_by_name(login, users, meeting_a, members_a,
                                                                          pendamping1):
    """The phone's copy still has her row: her money is not dropped in silence, the row is refused."""
    gone = members_a[4]
    member_exit(member=gone, date=MEETING_DAY.replace(day=3), actor=pendamping1)
    response = post(login(users["pendamping1"]), meeting_a, members_a, action="submit", cash=10_000,
                    **{f"{gone.pk}-wajib": "10.000"})
    assert response.status_code == 400
    body = response.json()
    assert body["errors"][f"{gone.pk}.member"] == ["Anggota ini tidak ada di lembar pertemuan ini."]
    assert body["names"][str(gone.pk)] == gone.display_name
    assert not SavingsTransaction.objects.exists()


def test_queries_do_not_grow_with_members(login, users, group_a, meeting_a):
    from tests.factories import MemberFactory

    client = login(users["pendamping1"])
    counts = []
    for n in (5, 25):
        members = MemberFactory.create_batch(n, group=group_a)
        _, queries = count_queries(lambda: post(client, meeting_a, members))  # noqa: B023
        counts.append(queries)
    assert counts[0] == counts[1]
    assert counts[1] <= 18


def test_a_draft_post_without_submission_id_is_fine(login, users, meeting_a, members_a):
    data = sheet_post(meeting_a, members_a)
    del data["submission_id"]
    assert login(users["pendamping1"]).post(url(meeting_a), data).json()["status"] == "saved"


def test_the_submission_id_is_kept_for_good(login, users, meeting_a, members_a):
    submission_id = str(uuid.uuid4())
    data = sheet_post(meeting_a, members_a, action="submit", cash=0)
    data["submission_id"] = submission_id
    login(users["pendamping1"]).post(url(meeting_a), data)
    assert str(Meeting.objects.get(pk=meeting_a.pk).submission_id) == submission_id


@pytest.mark.parametrize("key, value", [("²-wajib", "10.000"), ("99999999999999999999999-wajib", "1"),
                                        ("{pk}-cover_for", "²"), ("{pk}-cover_for", "9" * 30)])
def test_hostile_cells_get_an_answer_not_a_500(login, users, meeting_a, members_a, key, value):
    data = sheet_post(meeting_a, members_a, **{key.format(pk=members_a[0].pk): value})
    response = login(users["pendamping1"]).post(url(meeting_a), data)
    assert response.status_code in (200, 400)
    assert response.json()["status"] in ("saved", "refused")
