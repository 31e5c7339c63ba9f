import pytest

from audit.models import AuditEvent
from groups.models import Group
from tests.factories import RegionFactory

pytestmark = pytest.mark.django_db


def _payload(region, **overrides):
    data = {"code": "PDG-050", "name": "Seroja", "region": region.pk, "village": "Kuranji", "status": "active",
            "meeting_week": 2, "meeting_weekday": 1, "address": "", "founded_on": "2019-03-01",
            "lkp_founded_on": "2019-06-01", "meeting_place": "Mushalla"}
    data.update(overrides)
    return data


def test_manager_creates_a_group_with_its_books(login, users, group_a):
    response = login(users["manager"]).post("/groups/new/", _payload(group_a.region))
    group = Group.objects.get(code="PDG-050")
    assert response.status_code == 302
    assert group.accounts.filter(key="cash").exists()


@pytest.mark.parametrize("role", ["pendamping1", "bendahara1"])
def test_only_managers_create_groups(login, users, group_a, role):
    response = login(users[role]).post("/groups/new/", _payload(group_a.region))
    assert response.status_code == 403
    assert not Group.objects.filter(code="PDG-050").exists()


def test_bad_input_shows_messages_and_saves_nothing(login, users, group_a):
    before = Group.objects.count()
    response = login(users["manager"]).post(
        "/groups/new/", _payload(group_a.region, code=group_a.code, founded_on="31-02-2019", meeting_week=9)
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) >= {"code", "founded_on", "meeting_week"}
    assert Group.objects.count() == before


def test_edit_is_404_out_of_scope(login, users, group_b):
    assert login(users["pendamping1"]).get(f"/groups/{group_b.pk}/edit/").status_code == 404


def test_manager_edits_a_group(login, users, group_a):
    response = login(users["manager"]).post(f"/groups/{group_a.pk}/edit/",
                                            _payload(group_a.region, code=group_a.code, name="Anggrek Baru"))
    assert response.status_code == 302
    group_a.refresh_from_db()
    assert group_a.name == "Anggrek Baru"


@pytest.mark.parametrize("role", ["pendamping1", "bendahara1"])
def test_only_managers_edit_groups(login, users, group_a, role):
    response = login(users[role]).post(f"/groups/{group_a.pk}/edit/",
                                       _payload(group_a.region, code=group_a.code, name="Anggrek Baru"))
    assert response.status_code == 403
    group_a.refresh_from_db()
    assert group_a.name == "Anggrek"
    assert not AuditEvent.objects.filter(action="group.update").exists()


def test_create_and_edit_each_write_one_audit_event(login, users, group_a):
    client = login(users["manager"])
    client.post("/groups/new/", _payload(group_a.region))
    group = Group.objects.get(code="PDG-050")
    client.post(f"/groups/{group.pk}/edit/", _payload(group_a.region, name="Seroja Baru", meeting_week=3))
    client.post(f"/groups/{group.pk}/edit/", _payload(group_a.region, name="Seroja Baru", meeting_week=3))  # no change
    events = AuditEvent.objects.filter(object_type="groups.group", object_id=str(group.pk)).order_by("id")
    assert [(e.action, e.actor, e.data) for e in events] == [
        ("group.create", users["manager"], {"code": "PDG-050"}),
        ("group.update", users["manager"], {"changed": ["meeting_week", "name"]}),
    ]


def test_a_new_district_shows_on_the_managers_dashboard_at_once(login, users, group_a):
    """The panel is cached until the next audit event (core.cache): the edit must write one."""
    padang = RegionFactory(name="Kota Padang", level="district")
    agam = RegionFactory(name="Kabupaten Agam", level="district")
    Group.objects.filter(pk=group_a.pk).update(region=padang)
    client = login(users["manager"])
    panel = _district_table(client.get("/").content.decode())
    assert "Kota Padang" in panel and "Kabupaten Agam" not in panel
    response = client.post(f"/groups/{group_a.pk}/edit/", _payload(agam, code=group_a.code, name=group_a.name))
    assert response.status_code == 302
    panel = _district_table(client.get("/").content.decode())
    assert "Kabupaten Agam" in panel and "Kota Padang" not in panel


def _district_table(content):
    start = content.index("/reports/districts/?")  # the table's download links, then the table
    return content[start:content.index("</table>", start)]
def test_the_legal_form_picks_the_regime_and_defaults_to_informal(login, users, group_a):
    from groups.regimes import regime_for
    from loans.quality_selectors import group_regime

    client = login(users["manager"])
    client.post("/groups/new/", _payload(group_a.region))
    assert Group.objects.get(code="PDG-050").legal_form == "informal"
    client.post("/groups/new/", _payload(group_a.region, code="PDG-051", legal_form="ksp"))
    ksp = Group.objects.get(code="PDG-051")
    assert ksp.legal_form == "ksp"
    import datetime

    assert group_regime(ksp, datetime.date(2026, 1, 1)) == regime_for("ksp", datetime.date(2026, 1, 1))
    assert group_regime(ksp, datetime.date(2026, 1, 1)).key == "ksp-juknis-2021"
