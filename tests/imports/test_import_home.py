import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from imports.models import ImportRun
from members.models import Member
from tests.imports.conftest import MEMBER_HEADERS, csv_bytes
from tests.jobs.helpers import job_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["pendamping1", "pendamping2", "bendahara1"])
def test_only_managers_and_admins_may_import(login, users, role):
    client = login(users[role])
    assert client.get("/imports/").status_code == 403
    upload = SimpleUploadedFile("a.csv", b"x")
    assert client.post("/imports/", {"kind": "members", "file": upload}).status_code == 403
    assert not ImportRun.objects.exists()


def test_admin_may_import(login, users):
    from accounts.models import User
    from tests.factories import UserFactory

    admin = UserFactory(username="admin", role=User.Role.ADMIN)
    assert login(admin).get("/imports/").status_code == 200


def test_manager_sees_the_upload_form_and_template_links(login, users):
    content = login(users["manager"]).get("/imports/").content.decode()
    assert "Impor dari lembar kerja" in content
    assert "/imports/template/members/" in content


def test_upload_checks_the_file_and_shows_the_preview(login, users, member_rows):
    client = login(users["manager"])
    upload = SimpleUploadedFile("anggota.csv", csv_bytes(MEMBER_HEADERS, member_rows), content_type="text/csv")
    response = client.post("/imports/", {"kind": "members", "file": upload})
    run = ImportRun.objects.get()
    job = job_of(response)  # checked in the background; the job's page leads to the run's
    assert (job.kind, job.status, job.requested_by, job.group) == ("imports.check", "done", users["manager"], None)
    response = client.get(response["Location"])
    assert response.status_code == 302 and response["Location"] == f"/imports/{run.pk}/"
    assert login(users["pendamping1"]).get(f"/jobs/{job.pk}/").status_code == 404  # managers only
    client = login(users["manager"])
    assert (run.file_name, run.created_by, run.status) == ("anggota.csv", users["manager"], "previewed")
    assert not Member.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "Rosmaniar" in page and "Impor sekarang" in page


def test_upload_without_a_file_shows_the_form_again(login, users):
    response = login(users["manager"]).post("/imports/", {"kind": "members"})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not ImportRun.objects.exists()


def test_a_bad_file_is_recorded_as_rejected_with_its_problems(login, users):
    client = login(users["manager"])
    upload = SimpleUploadedFile("foto.csv", b"\x89PNG\r\n\x1a\n\x00\x00")
    response = client.post("/imports/", {"kind": "members", "file": upload}, follow=True)
    assert "bukan lembar kerja" in response.content.decode()
    assert "Impor sekarang" not in response.content.decode()
    assert ImportRun.objects.get().status == ImportRun.Status.REJECTED
