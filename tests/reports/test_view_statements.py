"""Group financial statements: HTML, PDF and XLSX, for each role."""
import io

import pytest
from pypdf import PdfReader

from groups.models import GroupOfficer
from tests.factories import MemberFactory
from tests.reports.factories import build_books
from tests.utils import count_queries

pytestmark = pytest.mark.django_db
YEAR = "start=2024-01-01&end=2024-12-31"


def _url(group, suffix=""):
    return f"/reports/groups/{group.pk}/statements/{suffix}?{YEAR}"


@pytest.mark.parametrize("role", ["manager", "pendamping1", "bendahara1"])
def test_in_scope_roles_see_the_statements(login, users, group_a, manager, role):
    build_books(group_a, manager)
    response = login(users[role]).get(_url(group_a))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Rp 1.424.000" in content  # total assets
    assert "Rp 21.000" in content  # surplus of the year


@pytest.mark.parametrize("role", ["pendamping1", "bendahara1"])
def test_out_of_scope_is_404(login, users, group_b, role):
    assert login(users[role]).get(_url(group_b)).status_code == 404
    assert login(users[role]).get(_url(group_b, "pdf/")).status_code == 404


def test_pendamping2_gets_404_on_group_a(login, users, group_a):
    assert login(users["pendamping2"]).get(_url(group_a)).status_code == 404


def test_pdf_has_group_period_totals_and_signatures(login, users, group_a, manager):
    build_books(group_a, manager)
    chair = MemberFactory(group=group_a, full_name="Yusnimar")
    GroupOfficer.objects.create(group=group_a, member=chair, role=GroupOfficer.Role.CHAIR, start="2020-01-01")
    response = login(users["bendahara1"]).get(_url(group_a, "pdf/") + "&paper=F4")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Anggrek" in text
    assert "1.424.000" in text
    assert "21.000" in text
    assert "Yusnimar" in text
    assert "Bendahara" in text
    assert "Halaman 1" in text
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (215, 330)  # F4


def test_xlsx_export(login, users, group_a, manager):
    build_books(group_a, manager)
    response = login(users["manager"]).get(_url(group_a) + "&export=csv")
    body = response.content.decode("utf-8-sig")
    assert "Kas,,,,1124000" in body
    assert "Pendapatan jasa pinjaman,,,,30000" in body
    response = login(users["manager"]).get(_url(group_a) + "&export=xlsx")
    assert response.status_code == 200


def test_bad_period_shows_an_error(login, users, group_a):
    response = login(users["manager"]).get(f"/reports/groups/{group_a.pk}/statements/?start=2024-12-31&end=2024-01-01")
    assert response.status_code == 200
    assert response.context["form"].errors


def test_query_count_does_not_grow_with_entries(login, users, group_a, manager):
    client = login(users["manager"])
    build_books(group_a, manager)
    _, few = count_queries(lambda: client.get(_url(group_a)))
    for _i in range(3):
        build_books(group_a, manager)
    _, many = count_queries(lambda: client.get(_url(group_a)))
    assert few == many
