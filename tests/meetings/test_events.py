"""A capacity-building event (training, thematic discussion) records who came and is completed.

Before: with three participants chosen it listed 0 present, offered no submit and stayed a draft.
"""
import uuid

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from loans.selectors import eligibility_for_members
from meetings.models import Attendance, Meeting
from meetings.selectors import event_lines, meetings_for_group
from meetings.services import event_complete, meeting_record, meeting_verify
from sheet.services import sheet_submit
from tests.factories import MemberFactory, make_rules
from tests.meetings.conftest import MEETING_DAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def training(group_a, members_a, pendamping1):
    return meeting_record(group=group_a, actor=pendamping1, date=MEETING_DAY, type=Meeting.Type.TRAINING,
                          theme="Pembukuan usaha", participants=members_a[:3])


def complete(event, actor, attendance, submission_id=None):
    return event_complete(meeting=event, actor=actor, submission_id=submission_id or uuid.uuid4(),
                          attendance=attendance)


def test_a_draft_lists_every_member_with_the_chosen_participants_present(training, members_a):
    lines = {line.member.pk: line.status for line in event_lines(training)}
    assert lines == {**{m.pk: "present" for m in members_a[:3]}, **{m.pk: "" for m in members_a[3:]}}


def test_completing_records_attendance_and_keeps_those_who_came(training, members_a, pendamping1):
    m = members_a
    complete(training, pendamping1, {m[0].pk: "present", m[1].pk: "excused", m[2].pk: "present",
                                     m[3].pk: "represented"})
    training.refresh_from_db()
    assert training.status == Meeting.Status.SUBMITTED and training.submitted_by == pendamping1
    assert dict(Attendance.objects.filter(meeting=training).values_list("member_id", "status")) == {
        m[0].pk: "present", m[1].pk: "excused", m[2].pk: "present", m[3].pk: "represented"}
    # The participants are those who took part: the excused one is not, the represented one is.
    assert set(training.participants.all()) == {m[0], m[2], m[3]}
    assert meetings_for_group(training.group).get(pk=training.pk).present == 3
    assert [(line.member, line.status_label) for line in event_lines(training)] == [
        (m[0], "Hadir"), (m[1], "Izin"), (m[2], "Hadir"), (m[3], "Dititipkan")]
    assert AuditEvent.objects.filter(action="meetings.event_complete", object_id=str(training.pk)).exists()


def test_a_repeat_with_the_same_submission_id_writes_nothing(training, members_a, pendamping1):
    page = uuid.uuid4()
    complete(training, pendamping1, {members_a[0].pk: "present"}, submission_id=page)
    again = complete(training, pendamping1, {members_a[1].pk: "present"}, submission_id=page)
    assert again.status == Meeting.Status.SUBMITTED
    assert list(Attendance.objects.filter(meeting=training).values_list("member_id", flat=True)) == [members_a[0].pk]
    with pytest.raises(ValidationError) as err:
        complete(training, pendamping1, {members_a[1].pk: "present"}, submission_id=uuid.uuid4())  # another page
    assert err.value.code == "already_submitted"


@pytest.mark.parametrize("attendance, key, message", [
    ({}, "__all__", "Tandai minimal satu anggota hadir"),
    ("excused only", "__all__", "Tandai minimal satu anggota hadir"),
    ("bad status", "member.attendance", "Pilih hadir, izin, tidak hadir atau diwakilkan."),
    ("stranger", "member.attendance", "Ia bukan anggota kelompok pada hari kegiatan."),
])
def test_bad_attendance_is_named_and_changes_nothing(training, members_a, group_b, pendamping1, attendance, key,
                                                     message):
    member = members_a[0]
    if attendance == "excused only":
        attendance = {member.pk: "excused"}
    elif attendance == "bad status":
        attendance = {member.pk: "sleeping"}
    elif attendance == "stranger":
        member = MemberFactory(group=group_b)
        attendance = {member.pk: "present"}
    with pytest.raises(ValidationError) as err:
        complete(training, pendamping1, attendance)
    key = key.replace("member", str(member.pk))
    assert message in " ".join(err.value.message_dict[key])
    training.refresh_from_db()
    assert training.status == Meeting.Status.DRAFT
    assert not Attendance.objects.filter(meeting=training).exists()


def test_a_page_without_a_submission_id_and_a_routine_meeting_are_refused(training, meeting_a, members_a,
                                                                          pendamping1):
    with pytest.raises(ValidationError) as err:
        complete(training, pendamping1, {members_a[0].pk: "present"}, submission_id="stale")
    assert err.value.code == "bad_submission_id"
    with pytest.raises(ValidationError) as err:
        complete(meeting_a, pendamping1, {members_a[0].pk: "present"})
    assert err.value.code == "has_sheet"


def test_a_completed_event_is_verified_by_the_treasurer(training, members_a, pendamping1, bendahara1):
    complete(training, pendamping1, {members_a[0].pk: "present"})
    meeting_verify(meeting=training, actor=bendahara1)
    training.refresh_from_db()
    assert training.status == Meeting.Status.VERIFIED


def test_missing_a_training_is_no_absence_for_a_loan(group_a, manager, meeting_a, members_a, training, pendamping1):
    """Eligibility counts routine meetings only: a training is open to whom it concerns."""
    make_rules(group_a, effective_from=MEETING_DAY.replace(day=1), created_by=manager, loan_min_membership_months=0,
               loan_require_wajib_current=False, loan_min_attendance_rate=100)
    sheet_submit(meeting=meeting_a, actor=pendamping1, submission_id=uuid.uuid4(), cash_counted=0,
                 rows={m.pk: {"attendance": "present"} for m in members_a})
    complete(training, pendamping1, {members_a[0].pk: "present"})
    eligibility = eligibility_for_members([members_a[4]], on=MEETING_DAY)[members_a[4].pk]
    attendance = next(c for c in eligibility.checks if c.key == "attendance")
    assert attendance.passed, attendance.message


# ----- the page -------------------------------------------------------------------------------

def form_data(event, statuses):
    return {"submission_id": str(uuid.uuid4()), **{f"{pk}-attendance": s for pk, s in statuses.items()}}


def test_the_field_officer_completes_it_on_the_page(login, training, members_a, pendamping1):
    client = login(pendamping1)
    page = client.get(f"/meetings/{training.pk}/").content.decode()
    assert "Selesaikan kegiatan" in page and f'name="{members_a[4].pk}-attendance"' in page
    response = client.post(f"/meetings/{training.pk}/complete/",
                           form_data(training, {members_a[0].pk: "present", members_a[1].pk: "absent"}), follow=True)
    content = response.content.decode()
    assert "Kegiatan selesai: kehadiran dicatat." in content and "Hadir: 1" in content
    assert "Selesaikan kegiatan" not in content
    assert Attendance.objects.filter(meeting=training).count() == 2


def test_a_bad_page_shows_the_message_and_keeps_what_was_chosen(login, training, members_a, pendamping1):
    response = login(pendamping1).post(f"/meetings/{training.pk}/complete/",
                                       form_data(training, {members_a[0].pk: "excused"}))
    assert response.status_code == 400
    content = response.content.decode()
    assert "Tandai minimal satu anggota hadir" in content
    assert '<option value="excused" selected>' in content
    training.refresh_from_db()
    assert training.status == Meeting.Status.DRAFT


@pytest.mark.parametrize("role, status", [("bendahara1", 403), ("pendamping2", 404), ("manager", 302)])
def test_who_may_complete_it(login, users, training, members_a, role, status):
    client = login(users[role])
    page = client.get(f"/meetings/{training.pk}/")
    assert ("Selesaikan kegiatan" in page.content.decode()) == (role == "manager")
    assert client.post(f"/meetings/{training.pk}/complete/",
                       form_data(training, {members_a[0].pk: "present"})).status_code == status
    assert Attendance.objects.filter(meeting=training).exists() == (role == "manager")


def test_a_routine_meeting_has_no_completion_page(login, meeting_a, pendamping1):
    assert login(pendamping1).post(f"/meetings/{meeting_a.pk}/complete/", {}).status_code == 404
    assert login(pendamping1).get(f"/meetings/{meeting_a.pk}/complete/").status_code == 405


def test_the_second_tap_of_a_double_tap_that_raced_the_first_gets_its_result(login, training, members_a, pendamping1,
                                                                              monkeypatch):
    """On SQLite the row lock is a no-op: both taps may read the draft before either writes.

    The second then meets the first one's attendance rows; it answers with the completed event
    (the first result), not a 500, and writes nothing.
    """
    client = login(pendamping1)
    data = form_data(training, {members_a[0].pk: "present"})
    assert client.post(f"/meetings/{training.pk}/complete/", data).status_code == 302
    monkeypatch.setattr("meetings.services.done_by_this_page", lambda meeting, submission_id: False)
    repeat = client.post(f"/meetings/{training.pk}/complete/", data)
    assert repeat.status_code == 302 and repeat["Location"] == f"/meetings/{training.pk}/"
    assert Attendance.objects.filter(meeting=training).count() == 1
