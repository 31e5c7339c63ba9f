import datetime

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from core.dates import today
from groups.rules import GroupRules
from groups.selectors import rules_for
from groups.services import rules_add_version
from tests.factories import make_rules

pytestmark = pytest.mark.django_db


def _form(**overrides):
    rules = GroupRules.objects.order_by("-effective_from").first()
    data = {k: ("" if v is None else v) for k, v in rules.copy_fields().items()}
    data = {k: ("on" if v is True else v) for k, v in data.items() if v is not False}
    data.update({"effective_from": today().isoformat(), "decision_note": "Rapat 12"})
    data.update(overrides)
    return data


def test_new_version_keeps_the_old_one_and_history_reads_it(group_a, manager):
    old = GroupRules.objects.get(group=group_a)
    start = today() + datetime.timedelta(days=10)
    new = rules_add_version(group=group_a, actor=manager, effective_from=start, wajib_amount=20_000)
    old.refresh_from_db()
    assert old.wajib_amount == 10_000
    assert new.wajib_amount == 20_000 and new.pokok_amount == old.pokok_amount
    assert rules_for(group_a, start - datetime.timedelta(days=1)) == old
    assert rules_for(group_a, start) == new
    assert AuditEvent.objects.filter(action="rules.add_version", object_id=str(new.pk)).exists()


def test_rules_cannot_start_in_the_past(group_a, manager):
    with pytest.raises(ValidationError) as exc:
        rules_add_version(group=group_a, actor=manager, effective_from=today() - datetime.timedelta(days=1))
    assert exc.value.code == "rules_in_past"


def test_rules_must_start_after_the_latest_version(group_a, manager):
    make_rules(group_a, effective_from=today() + datetime.timedelta(days=30), created_by=manager)
    with pytest.raises(ValidationError) as exc:
        rules_add_version(group=group_a, actor=manager, effective_from=today() + datetime.timedelta(days=5))
    assert exc.value.code == "rules_not_after_latest"


def test_shu_shares_must_sum_to_100(group_a, manager):
    with pytest.raises(ValidationError) as exc:
        rules_add_version(group=group_a, actor=manager, effective_from=today(), shu_reserve_pct=50)
    assert exc.value.code == "shu_not_100"


def test_a_rules_row_cannot_be_edited(group_a):
    rules = GroupRules.objects.get(group=group_a)
    rules.wajib_amount = 1
    with pytest.raises(ValidationError):
        rules.save()


@pytest.mark.parametrize("role", ["manager", "pendamping1"])
def test_manager_and_field_officer_record_rules(login, users, group_a, role):
    response = login(users[role]).post(f"/groups/{group_a.pk}/rules/new/", _form(wajib_amount=15000))
    assert response.status_code == 302, response.context["form"].errors
    assert rules_for(group_a).wajib_amount == 15_000


def test_treasurer_cannot_edit_rules(login, users, group_a):
    client = login(users["bendahara1"])
    assert client.get(f"/groups/{group_a.pk}/rules/new/").status_code == 403
    assert client.post(f"/groups/{group_a.pk}/rules/new/", _form(wajib_amount=15000)).status_code == 403
    assert rules_for(group_a).wajib_amount == 10_000


def test_rules_page_is_404_for_other_officer(login, users, group_a):
    assert login(users["pendamping2"]).get(f"/groups/{group_a.pk}/rules/new/").status_code == 404


def test_bad_rules_input_changes_nothing(login, users, group_a):
    response = login(users["manager"]).post(
        f"/groups/{group_a.pk}/rules/new/",
        _form(wajib_amount="sepuluh", loan_terms="3,x", effective_from="2001-01-01"),
    )
    assert response.status_code == 200
    assert {"wajib_amount", "loan_terms"} <= set(response.context["form"].errors)
    assert GroupRules.objects.filter(group=group_a).count() == 1


def test_backdated_rules_from_the_form_are_refused_with_a_message(login, users, group_a):
    response = login(users["manager"]).post(f"/groups/{group_a.pk}/rules/new/", _form(effective_from="2021-01-01"))
    assert response.status_code == 200
    assert "tidak boleh" in response.content.decode() or response.context["form"].non_field_errors()
    assert GroupRules.objects.filter(group=group_a).count() == 1


def test_the_shu_settings_are_rules_versioned_from_the_form(login, users, group_a):
    """How the SHU is shared is part of the AD/ART: a new version from the form, the old one unchanged."""
    client = login(users["manager"])
    page = client.get(f"/groups/{group_a.pk}/rules/new/").content.decode()
    assert "SHU: jasa modal menurut" in page and "Jasa pinjaman yang ia bayar dalam tahun itu" in page
    response = client.post(f"/groups/{group_a.pk}/rules/new/", _form(
        shu_jasa_modal_basis="all_savings", shu_jasa_anggota_basis="principal_disbursed", shu_leavers_share="on",
        shu_paid_as="payable"))
    assert response.status_code == 302
    old, new = GroupRules.objects.filter(group=group_a).order_by("effective_from")
    assert (old.shu_jasa_modal_basis, old.shu_jasa_anggota_basis, old.shu_leavers_share, old.shu_paid_as) == (
        "pokok_wajib", "interest_paid", False, "sukarela")
    assert (new.shu_jasa_modal_basis, new.shu_jasa_anggota_basis, new.shu_leavers_share, new.shu_paid_as) == (
        "all_savings", "principal_disbursed", True, "payable")
    bad = client.post(f"/groups/{group_a.pk}/rules/new/", _form(shu_paid_as="cash",
                                                                effective_from=(today() + datetime.timedelta(days=3))
                                                                .isoformat()))
    assert bad.status_code == 200 and GroupRules.objects.filter(group=group_a).count() == 2
