"""The empty templates and the export of current data, in the import's own columns."""
import io

import openpyxl
import pytest

from imports.models import ImportRun
from imports.services import import_check, import_confirm
from members.models import Member
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _sheet(response):
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return [list(r) for r in book.active.iter_rows(values_only=True)]


@pytest.mark.parametrize("role", ["pendamping1", "pendamping2", "bendahara1"])
def test_others_may_not_download(login, users, role):
    client = login(users[role])
    assert client.get("/imports/template/members/").status_code == 403
    assert client.get("/imports/export/members/").status_code == 403


def test_unknown_kind_is_404(login, users):
    assert login(users["manager"]).get("/imports/template/savings/").status_code == 404


def test_member_template_has_indonesian_headers_and_an_example_that_cannot_exist(login, users, group_a):
    """The example row left in the file is refused, so it neither renames a member nor brings one in."""
    client = login(users["manager"])
    real = MemberFactory(group=group_a, code="PDG-001-001", full_name="Yusnidar")
    response = client.get("/imports/template/members/")
    headers, example = _sheet(response)
    assert headers[:4] == ["Kode anggota", "Kode KPUK", "Nama lengkap", "Nama panggilan"]
    assert "Tanggal masuk" in headers and example[:2] == ["CONTOH-001-001", "CONTOH-001"]
    run = import_check(kind="members", file_name="template.xlsx", content=response.content, actor=users["manager"])
    assert run.status == ImportRun.Status.REJECTED
    assert run.problems == ["Baris 2 adalah contoh dari templat (CONTOH-001-001): hapus baris itu atau timpa "
                            "dengan data Anda."]
    real.refresh_from_db()
    assert real.full_name == "Yusnidar" and Member.objects.count() == 1


def test_a_real_row_beside_the_example_is_not_imported_either(login, users, group_a):
    headers, example = _sheet(login(users["manager"]).get("/imports/template/members/"))
    own = dict(zip(headers, example, strict=True)) | {"Kode anggota": "PDG-001-009", "Kode KPUK": group_a.code}
    content = "\n".join(",".join(str(v or "") for v in row) for row in
                         [headers, example, [own[h] for h in headers]]).encode()
    run = import_check(kind="members", file_name="t.csv", content=content, actor=users["manager"])
    assert run.status == ImportRun.Status.REJECTED and run.problems[0].startswith("Baris 2 adalah contoh")
    assert not Member.objects.exists()


def test_every_template_example_imports_in_order_once_its_codes_are_yours(login, users, pendamping1):
    client = login(users["manager"])
    for kind in ["regions", "groups", "assignments", "members"]:
        response = client.get(f"/imports/template/{kind}/?export=csv")
        assert response["Content-Type"].startswith("text/csv")
        refused = import_check(kind=kind, file_name="t.csv", content=response.content, actor=users["manager"])
        assert refused.status == ImportRun.Status.REJECTED, kind
        run = import_check(kind=kind, file_name="t.csv", content=response.content.replace(b"CONTOH-", b"PDG-"),
                           actor=users["manager"])
        assert (run.problems, run.rows, run.status) == ([], 1, ImportRun.Status.PREVIEWED)
        import_confirm(run=run, actor=users["manager"])
    assert Member.objects.get().code == "PDG-001-001"


@pytest.mark.parametrize("kind", ["regions", "groups", "rules", "assignments", "members"])
def test_exported_data_imports_again_unchanged(login, users, group_a, group_b, pendamping1, kind):
    MemberFactory(group=group_a, full_name="Rosmaniar", nickname="Ros", business_type="warung")
    MemberFactory(group=group_b, full_name="Yusnidar", exited_on="2023-05-31")
    response = login(users["manager"]).get(f"/imports/export/{kind}/?export=csv")
    run = import_check(kind=kind, file_name="data.csv", content=response.content, actor=users["manager"])
    assert run.problems == []
    assert (run.new, run.changed) == (0, 0) and run.unchanged > 0
    import_confirm(run=run, actor=users["manager"])
    assert Member.objects.count() == 2


@pytest.mark.parametrize(("kind", "first"), [("opening_savings", "Kode anggota"), ("opening_loans", "Kode anggota")])
def test_opening_balance_templates_download_with_their_example(login, users, kind, first):
    headers, example = _sheet(login(users["manager"]).get(f"/imports/template/{kind}/"))
    assert headers[0] == first and "Tanggal saldo awal" in headers
    assert example[0] == "CONTOH-001-001"
