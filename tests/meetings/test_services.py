import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from meetings import services
from meetings.models import Attendance, Meeting, SheetRow
from savings.models import SavingsTransaction
from sheet import services as sheet_services
from tests.factories import MemberFactory, UserFactory
from tests.meetings.conftest import MEETING_DAY

pytestmark = pytest.mark.django_db


def present_rows(members, **extra):
    return {m.pk: {"attendance": "present", **extra} for m in members}


def test_record_meeting_takes_group_place_and_audits(group_a, pendamping1):
    group_a.meeting_place = "Musala Al-Ikhlas"
    meeting = services.meeting_record(group=group_a, actor=pendamping1, date=MEETING_DAY, type="routine")
    assert meeting.place == "Musala Al-Ikhlas"
    assert meeting.status == Meeting.Status.DRAFT and meeting.submission_id is None
    assert AuditEvent.objects.filter(action="meetings.record", object_id=str(meeting.pk)).exists()


def test_thematic_needs_theme_and_records_participants(group_a, members_a, pendamping1):
    with pytest.raises(ValidationError) as err:
        services.meeting_record(group=group_a, actor=pendamping1, date=MEETING_DAY, type="thematic")
    assert err.value.error_dict["theme"][0].code == "theme_required"
    meeting = services.meeting_record(group=group_a, actor=pendamping1, date=MEETING_DAY, type="thematic",
                                      theme="Kebun pekarangan", participants=members_a[:3])
    assert set(meeting.participants.all()) == set(members_a[:3])


def test_participants_must_belong_to_group(group_a, group_b, pendamping1):
    stranger = MemberFactory(group=group_b)
    with pytest.raises(ValidationError) as err:
        services.meeting_record(group=group_a, actor=pendamping1, date=MEETING_DAY, type="training",
                                participants=[stranger])
    assert err.value.error_dict["participants"][0].code == "participant_outside_group"


def test_one_meeting_of_a_type_per_day(meeting_a, pendamping1):
    with pytest.raises(ValidationError) as err:
        services.meeting_record(group=meeting_a.group, actor=pendamping1, date=MEETING_DAY, type="routine")
    assert err.value.error_dict["date"][0].code == "duplicate_meeting"


def test_update_changes_a_draft_only(meeting_a, members_a, pendamping1):
    services.meeting_update(meeting=meeting_a, actor=pendamping1, topics="Arisan, simpanan")
    meeting_a.refresh_from_db()
    assert meeting_a.topics == "Arisan, simpanan"
    sheet_services.sheet_submit(meeting=meeting_a, actor=pendamping1, submission_id=uuid.uuid4(),
                          rows=present_rows(members_a), cash_counted=0)
    with pytest.raises(ValidationError) as err:
        services.meeting_update(meeting=meeting_a, actor=pendamping1, topics="changed")
    assert err.value.code == "not_draft"


def test_save_draft_replaces_rows(meeting_a, members_a, pendamping1):
    m0, m1 = members_a[:2]
    sheet_services.sheet_save_draft(meeting=meeting_a, actor=pendamping1,
                              rows={m0.pk: {"attendance": "present", "wajib": 10_000, "note": "lunas"}},
                              cash_counted=10_000)
    sheet_services.sheet_save_draft(meeting=meeting_a, actor=pendamping1,
                              rows={m0.pk: {"attendance": "present", "wajib": 20_000},
                                    m1.pk: {"attendance": "excused", "cover_amount": 5_000, "cover_for": m0.pk}},
                              cash_counted=25_000)
    rows = {r.member_id: r for r in SheetRow.objects.filter(meeting=meeting_a)}
    assert rows[m0.pk].wajib == 20_000 and rows[m0.pk].note == ""
    assert rows[m1.pk].cover_for_id == m0.pk and rows[m1.pk].cover_amount == 5_000
    meeting_a.refresh_from_db()
    assert meeting_a.cash_counted == 25_000
    assert not Attendance.objects.exists()  # a draft moves nothing


@pytest.mark.parametrize("row, key", [
    ({"wajib": -1}, "wajib"),
    ({"cover_amount": 5_000}, "cover_for"),
    ({"cover_for": "self"}, "cover_for"),
    ({"attendance": "late"}, "attendance"),
])
def test_draft_refuses_bad_cells_by_name(meeting_a, members_a, pendamping1, row, key):
    m0 = members_a[0]
    if row.get("cover_for") == "self":
        row = {"cover_for": m0.pk, "cover_amount": 1_000}
    with pytest.raises(ValidationError) as err:
        sheet_services.sheet_save_draft(meeting=meeting_a, actor=pendamping1, rows={m0.pk: row})
    assert f"{m0.pk}.{key}" in err.value.error_dict
    assert not SheetRow.objects.exists()


def test_draft_refuses_member_not_on_sheet(meeting_a, group_b, pendamping1):
    stranger = MemberFactory(group=group_b)
    with pytest.raises(ValidationError) as err:
        sheet_services.sheet_save_draft(meeting=meeting_a, actor=pendamping1, rows={stranger.pk: {"wajib": 10_000}})
    assert f"{stranger.pk}.member" in err.value.error_dict


def test_submit_posts_attendance_and_marks_submitted(meeting_a, members_a, pendamping1):
    rows = present_rows(members_a)
    rows[members_a[4].pk]["attendance"] = "represented"
    sheet_services.sheet_submit(meeting=meeting_a, actor=pendamping1, submission_id=uuid.uuid4(), rows=rows,
                          cash_counted=0)
    meeting_a.refresh_from_db()
    assert meeting_a.status == Meeting.Status.SUBMITTED and meeting_a.submitted_by == pendamping1
    assert dict(Attendance.objects.values_list("member_id", "status")) == {
        m.pk: ("represented" if m == members_a[4] else "present") for m in members_a}


def test_submit_needs_everyone_marked_and_cash_counted(meeting_a, members_a, pendamping1):
    rows = present_rows(members_a[:4])
    with pytest.raises(ValidationError) as err:
        sheet_services.sheet_submit(meeting=meeting_a, actor=pendamping1, submission_id=uuid.uuid4(), rows=rows,
                              cash_counted=None)
    assert set(err.value.error_dict) == {f"{members_a[4].pk}.attendance", "cash_counted"}
    assert not Attendance.objects.exists()
    meeting_a.refresh_from_db()
    assert meeting_a.status == Meeting.Status.DRAFT


def test_cash_difference_must_be_explained(meeting_a, members_a, pendamping1):
    with pytest.raises(ValidationError) as err:
        sheet_services.sheet_submit(meeting=meeting_a, actor=pendamping1, submission_id=uuid.uuid4(),
                              rows=present_rows(members_a), cash_counted=2_000)
    assert "cash_difference_note" in err.value.error_dict
    sheet_services.sheet_submit(meeting=meeting_a, actor=pendamping1, submission_id=uuid.uuid4(),
                          rows=present_rows(members_a), cash_counted=2_000,
                          cash_difference_note="Uang kas arisan tercampur")
    meeting_a.refresh_from_db()
    assert meeting_a.cash_difference_note == "Uang kas arisan tercampur"


def test_meeting_cannot_be_submitted_before_its_date(group_a, members_a, pendamping1, settings):
    from core.dates import today

    future = services.meeting_record(group=group_a, actor=pendamping1, date=today() + datetime.timedelta(days=30),
                                     type="routine")
    with pytest.raises(ValidationError) as err:
        sheet_services.sheet_submit(meeting=future, actor=pendamping1, submission_id=uuid.uuid4(),
                              rows=present_rows(members_a), cash_counted=0)
    assert "__all__" in err.value.error_dict


def test_the_same_submission_id_twice_posts_once_and_returns_the_first_result(meeting_a, members_a, pendamping1):
    """A double click, or the phone's queue resent after the signal came back: one id, one posting."""
    submission_id = uuid.uuid4()
    first = sheet_services.sheet_submit(meeting=meeting_a, actor=pendamping1, submission_id=submission_id,
                                  rows=present_rows(members_a), cash_counted=0)
    again = sheet_services.sheet_submit(meeting=meeting_a, actor=pendamping1, submission_id=str(submission_id),
                                  rows=present_rows(members_a, wajib=10_000), cash_counted=50_000)
    assert again.pk == first.pk and again.submitted_at == first.submitted_at and again.cash_counted == 0
    assert again.submission_id == submission_id
    assert Attendance.objects.count() == 5
    assert not SavingsTransaction.objects.exists()  # the repeat's wajib was not posted
    assert AuditEvent.objects.filter(action="meetings.submit").count() == 1


def test_another_submission_of_a_submitted_meeting_is_refused(meeting_a, members_a, pendamping1, manager):
    """A second phone's sheet of the same meeting: refused by name, nothing posted twice."""
    sheet_services.sheet_submit(meeting=meeting_a, actor=pendamping1, submission_id=uuid.uuid4(),
                          rows=present_rows(members_a), cash_counted=0)
    with pytest.raises(ValidationError) as err:
        sheet_services.sheet_submit(meeting=meeting_a, actor=manager, submission_id=uuid.uuid4(),
                              rows=present_rows(members_a), cash_counted=0)
    assert err.value.code == "already_submitted"
    assert "pendamping1" in err.value.messages[0] or str(pendamping1) in err.value.messages[0]
    assert Attendance.objects.count() == 5


def test_negative_cash_counted_is_refused_as_such_and_posts_nothing(meeting_a, members_a, pendamping1):
    """A negative count is a typing error: said on the cash field, not blamed on the submission id."""
    with pytest.raises(ValidationError) as err:
        sheet_services.sheet_submit(meeting=meeting_a, actor=pendamping1, submission_id=uuid.uuid4(),
                              rows=present_rows(members_a, wajib=10_000), cash_counted=-50_000)
    assert "cash_counted" in err.value.error_dict
    assert not Attendance.objects.exists() and not SavingsTransaction.objects.exists()
    meeting_a.refresh_from_db()
    assert meeting_a.is_draft and meeting_a.submission_id is None


@pytest.mark.parametrize("bad", ["", "old-page", None, "12345"])
def test_a_submission_without_a_valid_id_is_refused(meeting_a, members_a, pendamping1, bad):
    with pytest.raises(ValidationError) as err:
        sheet_services.sheet_submit(meeting=meeting_a, actor=pendamping1, submission_id=bad,
                              rows=present_rows(members_a), cash_counted=0)
    assert err.value.code == "bad_submission_id"
    assert not Attendance.objects.exists()


def test_one_submission_id_posts_one_meeting(group_a, members_a, meeting_a, pendamping1):
    """The named unique constraint: an id that posted one meeting cannot post another."""
    from django.db import IntegrityError, transaction

    submission_id = uuid.uuid4()
    sheet_services.sheet_submit(meeting=meeting_a, actor=pendamping1, submission_id=submission_id,
                          rows=present_rows(members_a), cash_counted=0)
    other = services.meeting_record(group=group_a, actor=pendamping1, date=MEETING_DAY.replace(day=28),
                                    type="routine")
    with pytest.raises(ValidationError) as err:
        sheet_services.sheet_submit(meeting=other, actor=pendamping1, submission_id=submission_id,
                              rows=present_rows(members_a), cash_counted=0)
    assert err.value.code == "submission_elsewhere"
    other.refresh_from_db()
    assert other.is_draft and other.submission_id is None
    with pytest.raises(IntegrityError, match="submission_id"), transaction.atomic():
        Meeting.objects.filter(pk=other.pk).update(submission_id=submission_id)


def test_verify_by_treasurer_not_by_submitter(meeting_a, members_a, pendamping1, bendahara1, manager):
    with pytest.raises(ValidationError) as err:
        services.meeting_verify(meeting=meeting_a, actor=bendahara1)
    assert err.value.code == "not_submitted"
    sheet_services.sheet_submit(meeting=meeting_a, actor=manager, submission_id=uuid.uuid4(),
                          rows=present_rows(members_a), cash_counted=0)
    with pytest.raises(ValidationError) as err:
        services.meeting_verify(meeting=meeting_a, actor=manager)
    assert err.value.code == "own_submission"
    with pytest.raises(ValidationError) as err:
        services.meeting_verify(meeting=meeting_a, actor=pendamping1)
    assert err.value.code == "not_verifier"
    other_treasurer = UserFactory(role="treasurer", treasurer_of=MemberFactory().group)
    with pytest.raises(ValidationError):
        services.meeting_verify(meeting=meeting_a, actor=other_treasurer)
    services.meeting_verify(meeting=meeting_a, actor=bendahara1)
    meeting_a.refresh_from_db()
    assert meeting_a.status == Meeting.Status.VERIFIED and meeting_a.verified_by == bendahara1
    with pytest.raises(ValidationError) as err:
        sheet_services.sheet_save_draft(meeting=meeting_a, actor=pendamping1, rows={})
    assert err.value.code == "not_draft"


def test_only_routine_meeting_has_a_sheet(group_a, members_a, pendamping1):
    training = services.meeting_record(group=group_a, actor=pendamping1, date=MEETING_DAY, type="training")
    with pytest.raises(ValidationError) as err:
        sheet_services.sheet_save_draft(meeting=training, actor=pendamping1, rows={})
    assert err.value.code == "no_sheet"
