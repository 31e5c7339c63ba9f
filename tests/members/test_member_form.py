import pytest

from audit.models import AuditEvent
from members.forms import MemberForm
from members.models import Member, Membership

pytestmark = pytest.mark.django_db

FORBIDDEN = ["collateral", "agunan", "jaminan", "family_card", "kartu_keluarga", "kk", "business_permit",
             "izin", "husband", "suami", "spouse"]


def _payload(group, **overrides):
    data = {"code": "PDG-001-099", "group": group.pk, "full_name": "Rosmaniar Syafri", "nickname": "Ros",
            "nik": "", "phone": "0812 3456 7890", "contact_consent": "on", "address": "Jl. Kuranji 3",
            "village": "Kuranji", "birth_date": "1980-05-13", "business_type": "rakik_maco",
            "business_description": "Rakik maco ke minimarket", "joined_on": "2024-05-13", "travel_minutes": "20"}
    data.update(overrides)
    return data


def test_no_field_asks_for_collateral_family_card_permit_or_husband():
    names = [f.name.lower() for f in Member._meta.get_fields()] + [n.lower() for n in MemberForm.base_fields]
    for word in FORBIDDEN:
        assert not any(word in name for name in names), word


@pytest.mark.parametrize("role", ["manager", "pendamping1", "bendahara1"])
def test_roles_register_a_member_in_their_group(login, users, group_a, role):
    response = login(users[role]).post("/members/new/", _payload(group_a))
    assert response.status_code == 302
    member = Member.objects.get(code="PDG-001-099")
    assert Membership.objects.filter(member=member, group=group_a, left_on__isnull=True).exists()


def test_cannot_register_into_a_group_out_of_scope(login, users, group_b):
    response = login(users["pendamping1"]).post("/members/new/", _payload(group_b))
    assert response.status_code == 200
    assert "group" in response.context["form"].errors
    assert not Member.objects.exists()


def test_bad_input_gets_clear_messages_and_saves_nothing(login, users, group_a):
    response = login(users["manager"]).post("/members/new/", _payload(
        group_a, nik="123", birth_date="31-02-1980", travel_minutes="-5", phone="abc", full_name=""))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"nik", "birth_date", "travel_minutes", "phone", "full_name"} <= set(errors)
    assert "16" in str(errors["nik"])
    assert not Member.objects.exists()


def test_edit_does_not_move_the_member(login, users, group_a, group_b):
    login(users["manager"]).post("/members/new/", _payload(group_a))
    member = Member.objects.get()
    response = login(users["manager"]).post(f"/members/{member.pk}/edit/",
                                            _payload(group_b, full_name="Rosmaniar S."))
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.full_name == "Rosmaniar S." and member.group == group_a


def test_transfer_keeps_history(login, users, group_a, group_b):
    login(users["manager"]).post("/members/new/", _payload(group_a))
    member = Member.objects.get()
    response = login(users["manager"]).post(f"/members/{member.pk}/transfer/",
                                            {"to_group": group_b.pk, "on": "2025-01-01"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.group == group_b
    assert list(member.memberships.order_by("joined_on").values_list("group__code", "left_on")) == [
        (group_a.code, __import__("datetime").date(2025, 1, 1)), (group_b.code, None)]


def test_transfer_is_404_out_of_scope_and_forbidden_to_treasurer(login, users, group_a, group_b):
    login(users["manager"]).post("/members/new/", _payload(group_a))
    member = Member.objects.get()
    assert login(users["pendamping2"]).get(f"/members/{member.pk}/transfer/").status_code == 404
    assert login(users["bendahara1"]).get(f"/members/{member.pk}/transfer/").status_code == 403


@pytest.mark.parametrize("role", ["manager", "pendamping1", "bendahara1"])
def test_each_role_edits_a_member_of_her_group_with_one_audit_event(login, users, group_a, role):
    login(users["manager"]).post("/members/new/", _payload(group_a))
    member = Member.objects.get()
    response = login(users[role]).post(f"/members/{member.pk}/edit/",
                                       _payload(group_a, full_name="Rosmaniar S.", phone="0813 1111 2222"))
    assert response.status_code == 302
    event = AuditEvent.objects.filter(action="member.update").get()
    assert (event.actor, event.group, event.object_id, event.data) == (
        users[role], group_a, str(member.pk), {"changed": ["full_name", "phone"]})


def test_edit_of_a_member_out_of_scope_is_404(login, users, group_b):
    login(users["manager"]).post("/members/new/", _payload(group_b))
    member = Member.objects.get()
    response = login(users["pendamping1"]).post(f"/members/{member.pk}/edit/", _payload(group_b, full_name="X"))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="member.update").exists()
