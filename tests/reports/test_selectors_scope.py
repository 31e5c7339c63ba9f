"""The scope chooser of the indicators and repayments pages: in scope it shows, otherwise a 404."""
import pytest
from django.http import Http404, QueryDict

from reports.selectors.scope import officers_visible_to, regions_visible_to, scope_from_params
from tests.factories import RegionFactory

pytestmark = pytest.mark.django_db
PAGES = ["/reports/indicators/", "/reports/portfolio/"]
PERIOD = "start=2024-01-01&end=2024-12-31"


@pytest.fixture
def regions(group_a, group_b):
    """group_a in Koto Tangah under Kota Padang; group_b in its own region elsewhere."""
    district = RegionFactory(name="Kota Padang", level="district")
    group_a.region.parent = district
    group_a.region.save()
    return {"a": group_a.region, "district": district, "b": group_b.region}


def test_regions_and_officers_each_role_may_choose(users, regions):
    assert set(regions_visible_to(users["manager"])) == {regions["a"], regions["district"], regions["b"]}
    assert set(regions_visible_to(users["pendamping1"])) == {regions["a"], regions["district"]}
    assert set(regions_visible_to(users["bendahara1"])) == {regions["a"], regions["district"]}
    assert set(officers_visible_to(users["manager"])) == {users["pendamping1"], users["pendamping2"]}
    assert list(officers_visible_to(users["pendamping1"])) == [users["pendamping1"]]
    assert list(officers_visible_to(users["bendahara1"])) == []


def test_scope_from_params_reads_each_choice(users, regions, group_a, group_b):
    manager = users["manager"]

    def scope(query):
        return scope_from_params(manager, QueryDict(query), on=None)

    assert scope("").kind == "all"
    assert list(scope(f"group={group_a.pk}").groups) == [group_a]
    assert list(scope(f"region={regions['district'].pk}").groups) == [group_a]
    assert scope(f"officer={users['pendamping2'].pk}").kind == "officer"
    assert scope("group=&region=").kind == "all"  # an empty choice means all


@pytest.mark.parametrize("query", ["group=abc", "group=-1", "group=1.5", "group=99999999", "group=%EF%BC%91",
                                   "region=x", "region=99999999", "officer=0x1",
                                   "group=123456789012345678901234567890"])
def test_malformed_or_unknown_ids_are_a_404(users, regions, query):
    with pytest.raises(Http404):
        scope_from_params(users["manager"], QueryDict(query), on=None)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role, choice, status", [
    ("manager", "group_b", 200), ("manager", "region_b", 200), ("manager", "officer2", 200),
    ("pendamping1", "group_a", 200), ("pendamping1", "region_a", 200), ("pendamping1", "officer1", 200),
    ("pendamping1", "group_b", 404), ("pendamping1", "region_b", 404), ("pendamping1", "officer2", 404),
    ("pendamping2", "group_a", 404), ("pendamping2", "region_a", 404), ("pendamping2", "officer1", 404),
    ("bendahara1", "group_a", 200), ("bendahara1", "group_b", 404), ("bendahara1", "region_b", 404),
    ("bendahara1", "officer1", 404),
])
def test_each_role_gets_a_404_outside_her_scope(login, users, regions, group_a, group_b, page, role, choice,
                                                status):
    value = {"group_a": f"group={group_a.pk}", "group_b": f"group={group_b.pk}",
             "region_a": f"region={regions['a'].pk}", "region_b": f"region={regions['b'].pk}",
             "officer1": f"officer={users['pendamping1'].pk}", "officer2": f"officer={users['pendamping2'].pk}"}
    response = login(users[role]).get(f"{page}?{PERIOD}&{value[choice]}")
    assert response.status_code == status
    if status == 200:
        assert not response.context["form"].errors


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", ["manager", "pendamping1", "pendamping2", "bendahara1"])
@pytest.mark.parametrize("query", ["group=abc", "region=%27%3B--", "officer=1e3", "group=99999999999999999999999"])
def test_malformed_ids_are_a_404_never_a_500(login, users, page, role, query):
    assert login(users[role]).get(f"{page}?{PERIOD}&{query}").status_code == 404
