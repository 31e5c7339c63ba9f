"""The job's page, its status, its file and its retry, per role: a job of a group she does not see is
a 404, a district's job is the managers'. The request answers with the job's page at once."""
import io
import re

import pytest
from pypdf import PdfReader

from groups.models import Region
from jobs.models import Job
from savings.services import savings_deposit
from tests.factories import GroupFactory, MemberFactory, RegionFactory, make_rules
from tests.utils import count_queries

from .conftest import HALF, D, work
from .helpers import job_file, job_of

pytestmark = pytest.mark.django_db
URL = "/reports/groups/{}/member-statements/pdf/?" + HALF


@pytest.mark.parametrize("role", ["manager", "pendamping1", "bendahara1"])
def test_in_scope_roles_ask_watch_and_download(queued, savers, group_a, login, users, role):
    client = login(users[role])
    job = job_of(client.post(URL.format(group_a.pk)))
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'id="job-progress"' in page and 'src="/static/js/job.js"' in page and "Menunggu giliran" in page
    assert client.get(f"/jobs/{job.pk}/status/").json() == {
        "status": "pending", "percent": 0, "step": "", "label": "Menunggu giliran"}
    assert client.get(f"/jobs/{job.pk}/file/").status_code == 404  # not ready yet
    work()
    assert client.get(f"/jobs/{job.pk}/status/").json()["status"] == "done"
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Unduh PDF" in page and "job.js" not in page
    file = client.get(f"/jobs/{job.pk}/file/")
    assert file["Content-Type"] == "application/pdf"
    assert file["Content-Disposition"] == f'inline; filename="laporan-anggota-semua-{group_a.code}-2024-06-30.pdf"'
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(file.content)).pages)
    assert all(m.full_name in text for m in savers)


@pytest.mark.parametrize("role", ["pendamping2"])
def test_out_of_scope_is_404_everywhere(queued, savers, group_a, login, users, manager, role):
    job = job_of(login(manager).post(URL.format(group_a.pk)))
    work()
    client = login(users[role])
    for suffix in ("", "status/", "file/"):
        assert client.get(f"/jobs/{job.pk}/{suffix}").status_code == 404
    assert client.post(f"/jobs/{job.pk}/retry/").status_code == 404
    assert client.post(URL.format(group_a.pk)).status_code == 404
    assert Job.objects.count() == 1


def test_a_treasurer_of_another_group_gets_404(savers, group_a, group_b, login, manager):
    from tests.factories import UserFactory

    job = job_of(login(manager).post(URL.format(group_a.pk)))
    other = UserFactory(role="treasurer", treasurer_of=group_b)
    assert login(other).get(f"/jobs/{job.pk}/").status_code == 404
    assert login(other).get("/jobs/99999999999999999999/").status_code == 404


def test_the_same_request_twice_while_waiting_shows_the_same_job(queued, savers, group_a, login, users):
    first = job_of(login(users["bendahara1"]).post(URL.format(group_a.pk)))
    second = job_of(login(users["pendamping1"]).post(URL.format(group_a.pk)))  # a second tap, another person
    assert first.pk == second.pk and Job.objects.count() == 1


def test_a_failed_job_says_why_and_offers_a_retry(savers, group_a, login, users, settings):
    settings.JOBS_MAX_RESULT_BYTES = 1000
    client = login(users["bendahara1"])
    job = job_of(client.post(URL.format(group_a.pk)))
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Pekerjaan gagal." in page and "lebih besar dari" in page and f"/jobs/{job.pk}/retry/" in page
    assert client.get(f"/jobs/{job.pk}/file/").status_code == 404
    settings.JOBS_MAX_RESULT_BYTES = 50 * 1024 * 1024
    response = client.post(f"/jobs/{job.pk}/retry/")
    again = job_of(response)
    assert again.pk != job.pk and again.requested_by == users["bendahara1"]
    assert job_file(client, response)["Content-Type"] == "application/pdf"
    # A job that did not fail is not asked for again.
    assert job_of(client.post(f"/jobs/{again.pk}/retry/")).pk == again.pk
    assert Job.objects.count() == 2


def test_the_job_page_costs_the_same_queries_with_more_members(queued, group_a, login, users, manager):
    client = login(users["bendahara1"])
    job = job_of(client.post(URL.format(group_a.pk)))
    _, few = count_queries(lambda: client.get(f"/jobs/{job.pk}/"))
    MemberFactory.create_batch(20, group=group_a)
    work()
    _, many = count_queries(lambda: client.get(f"/jobs/{job.pk}/"))
    assert few == many


@pytest.fixture
def district(manager, group_a, group_b):
    """Kota Padang holds group A (in its kecamatan) and group C (directly); group B is elsewhere."""
    padang = RegionFactory(name="Kota Padang", level=Region.Level.DISTRICT)
    Region.objects.filter(pk=group_a.region_id).update(parent=padang)
    group_c = GroupFactory(name="Cempaka", code="PDG-003", region=padang)
    make_rules(group_c, created_by=manager)
    for group, name in ((group_a, "Asmawati"), (group_b, "Bukan Padang"), (group_c, "Cici")):
        member = MemberFactory(group=group, full_name=name, joined_on=D(2023, 1, 1))
        savings_deposit(member=member, kind="pokok", amount=50_000, date=D(2024, 1, 10), actor=manager)
    return padang


def test_a_manager_gets_every_statement_of_a_district(district, login, manager):
    client = login(manager)
    assert "Kota Padang" in client.get("/reports/districts/member-statements/").content.decode()
    response = client.post("/reports/districts/member-statements/", {
        "region": district.pk, "start": "2024-01-01", "end": "2024-06-30", "paper": "A4"})
    file = job_file(client, response)
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(file.content)).pages]
    assert len(pages) == 2 and "Asmawati" in pages[0] and "Cici" in pages[1]
    assert not any("Bukan Padang" in p for p in pages)
    assert job_of(response).region == district


@pytest.mark.parametrize("role", ["pendamping1", "bendahara1"])
def test_a_district_is_the_managers(district, login, users, manager, role):
    job = job_of(login(manager).post("/reports/districts/member-statements/", {
        "region": district.pk, "start": "2024-01-01", "end": "2024-06-30", "paper": "A4"}))
    client = login(users[role])
    assert client.get("/reports/districts/member-statements/").status_code == 404
    assert client.post("/reports/districts/member-statements/", {"region": district.pk}).status_code == 404
    assert client.get(f"/jobs/{job.pk}/").status_code == 404


def test_the_group_page_asks_by_post(savers, group_a, login, users):
    page = login(users["bendahara1"]).get(f"/groups/{group_a.pk}/").content.decode()
    assert re.search(r'<form method="post" action="/reports/groups/\d+/member-statements/pdf/"', page)
