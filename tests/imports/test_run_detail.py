import pytest

from imports.services import import_check
from tests.imports.conftest import MEMBER_HEADERS, csv_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(manager, member_rows):
    return import_check(kind="members", file_name="anggota.csv", content=csv_bytes(MEMBER_HEADERS, member_rows),
                        actor=manager)


@pytest.mark.parametrize("role", ["pendamping1", "pendamping2", "bendahara1"])
def test_others_may_not_see_a_run(login, users, run, role):
    assert login(users[role]).get(f"/imports/{run.pk}/").status_code == 403


def test_manager_sees_the_counts_and_rows_to_create(login, users, run):
    page = login(users["manager"]).get(f"/imports/{run.pk}/").content.decode()
    assert "anggota.csv" in page and "Yusnidar" in page and "buat baru" in page
    assert f"/imports/{run.pk}/confirm/" in page


def test_an_unknown_run_is_404(login, users):
    assert login(users["manager"]).get("/imports/999/").status_code == 404
