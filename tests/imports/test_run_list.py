import pytest

from imports.models import ImportRun
from imports.services import import_check
from tests.imports.conftest import MEMBER_HEADERS, csv_bytes
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


def _runs(manager, n, content=b""):
    for i in range(n):
        import_check(kind="members", file_name=f"f{i}.csv", content=content, actor=manager)


@pytest.mark.parametrize("role", ["pendamping1", "pendamping2", "bendahara1"])
def test_others_may_not_see_the_log(login, users, role):
    assert login(users[role]).get("/imports/log/").status_code == 403
    assert login(users[role]).get("/imports/log/?export=csv").status_code == 403


def test_the_log_lists_who_when_what_and_counts(login, users, member_rows):
    import_check(kind="members", file_name="anggota.csv", content=csv_bytes(MEMBER_HEADERS, member_rows),
                 actor=users["manager"])
    page = login(users["manager"]).get("/imports/log/").content.decode()
    assert "anggota.csv" in page and "Sudah diperiksa, menunggu konfirmasi" in page


def test_the_log_filters_and_exports_with_its_filters(login, users, member_rows):
    _runs(users["manager"], 2)
    import_check(kind="members", file_name="anggota.csv", content=csv_bytes(MEMBER_HEADERS, member_rows),
                 actor=users["manager"])
    client = login(users["manager"])
    assert client.get("/imports/log/?status=rejected").context["page"].paginator.count == 2
    response = client.get("/imports/log/?status=previewed&export=csv")
    body = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "anggota.csv" in body and "f0.csv" not in body
    assert client.get("/imports/log/?export=xlsx")["Content-Type"].startswith("application/vnd.openxml")


def test_query_count_does_not_grow_with_runs(login, users):
    client = login(users["manager"])
    _runs(users["manager"], 2)
    _, few = count_queries(lambda: client.get("/imports/log/"))
    _runs(users["manager"], 20)
    _, many = count_queries(lambda: client.get("/imports/log/"))
    assert few == many
    assert ImportRun.objects.count() == 22
