import pytest

from groups.models import Group
from imports.models import ImportRun
from imports.services import import_check
from members.models import Member
from tests.imports.conftest import MEMBER_HEADERS, csv_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(manager, member_rows):
    return import_check(kind="members", file_name="anggota.csv", content=csv_bytes(MEMBER_HEADERS, member_rows),
                        actor=manager)


@pytest.mark.parametrize("role", ["pendamping1", "pendamping2", "bendahara1"])
def test_others_may_not_confirm(login, users, run, role):
    assert login(users[role]).post(f"/imports/{run.pk}/confirm/").status_code == 403
    assert not Member.objects.exists()


def test_confirm_needs_a_post(login, users, run):
    assert login(users["manager"]).get(f"/imports/{run.pk}/confirm/").status_code == 405


def test_manager_confirms_and_every_row_is_imported(login, users, run):
    response = login(users["manager"]).post(f"/imports/{run.pk}/confirm/", follow=True)
    assert "Diimpor: 3 baru, 0 berubah, 0 tidak berubah." in response.content.decode()
    assert Member.objects.count() == 3
    run.refresh_from_db()
    assert run.status == ImportRun.Status.IMPORTED


def test_problems_found_at_confirmation_are_shown_and_nothing_is_imported(login, users, run, group_b):
    Group.objects.filter(pk=group_b.pk).update(code="PDG-777")
    response = login(users["manager"]).post(f"/imports/{run.pk}/confirm/", follow=True)
    assert response.status_code == 200 and "Pekerjaan gagal." in response.content.decode()
    assert "Baris 4: kode KPUK &#x27;PDG-002&#x27; bukan kode KPUK yang terdaftar" in response.content.decode()
    assert not Member.objects.exists()


def test_a_second_confirmation_imports_nothing_more_and_shows_the_first_result(login, users, run):
    client = login(users["manager"])
    first = client.get(client.post(f"/imports/{run.pk}/confirm/")["Location"])  # the job's page leads to the run
    response = client.get(client.post(f"/imports/{run.pk}/confirm/")["Location"])  # a resend after a timeout
    assert (response.status_code, response["Location"]) == (302, first["Location"]) == (302, f"/imports/{run.pk}/")
    assert Member.objects.count() == 3


def test_two_confirmations_while_the_job_waits_are_one_job_run_by_the_worker(login, users, run, settings):
    from jobs.models import Job
    from tests.jobs.conftest import DATABASE_TASKS, work

    settings.TASKS = DATABASE_TASKS
    client = login(users["manager"])
    first = client.post(f"/imports/{run.pk}/confirm/")
    second = client.post(f"/imports/{run.pk}/confirm/")
    assert first["Location"] == second["Location"] and Job.objects.filter(kind="imports.confirm").count() == 1
    assert not Member.objects.exists()  # waiting for a worker
    work()
    assert Member.objects.count() == 3
    assert client.get(first["Location"])["Location"] == f"/imports/{run.pk}/"
