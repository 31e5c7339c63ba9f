"""The loan simulator page and its PDF, for every role; group prefill only within scope."""
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from tests.factories import make_rules
from tests.utils import count_queries

pytestmark = pytest.mark.django_db

ALL_ROLES = ["manager", "pendamping1", "pendamping2", "bendahara1"]
ANNUITY_12000 = {"principal": "12.000", "rate": "2", "term": "4", "method": "annuity", "rounding": "1", "grace": "0"}


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_sees_the_empty_form(login, users, role):
    response = login(users[role]).get("/loans/simulator/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Simulasi pinjaman" in content
    assert "Jadwal angsuran" not in content


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_gets_the_schedule_with_totals(login, users, role):
    response = login(users[role]).get("/loans/simulator/", ANNUITY_12000)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Jadwal angsuran" in content
    for amount in ["Rp 2.911", "Rp 240", "Rp 3.151", "Rp 9.089", "Rp 3.091", "Rp 62", "Rp 3.153"]:
        assert amount in content
    assert "Rp 606" in content  # total interest 240 + 182 + 122 + 62
    assert "Rp 12.606" in content  # total to repay
    assert "Rp 3.151 – Rp 3.153" in content  # the instalment range
    assert 'data-label="Pokok"' in content  # phone tables become cards


def test_anonymous_is_sent_to_login(client):
    response = client.get("/loans/simulator/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_nav_links_to_the_simulator(login, users):
    assert 'href="/loans/simulator/"' in login(users["bendahara1"]).get("/").content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"principal": "satu juta"}, "Masukkan bilangan bulat Rupiah, misalnya 1.500.000."),
        ({"principal": "0"}, "Jumlah pinjaman harus bilangan bulat Rupiah lebih dari 0."),
        ({"term": "0"}, "Pastikan nilai ini lebih besar dari atau sama dengan 1."),
        ({"term": "6", "grace": "6"}, "Masa tenggang (6 bulan) harus lebih pendek dari jangka waktu (6 bulan)."),
        ({"method": "balloon"}, "balloon"),
        ({"rate": "-1"}, "Pastikan nilai ini lebih besar dari atau sama dengan 0."),
        ({"term": "999"}, "Jangka waktu harus bilangan bulat bulan dari 1 sampai 360."),
    ],
)
def test_bad_input_shows_form_errors(login, users, overrides, message):
    response = login(users["pendamping1"]).get("/loans/simulator/", {**ANNUITY_12000, **overrides})
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert "Jadwal angsuran" not in content


def test_indonesian_decimal_comma_rate_and_grouped_principal(login, users):
    response = login(users["manager"]).get("/loans/simulator/", {
        "principal": "1.000.000", "rate": "1,5", "term": "10", "method": "flat", "rounding": "100", "grace": "0"})
    content = response.content.decode()
    assert "Rp 115.000" in content  # 100.000 + 15.000 each month
    assert "1,5 %" in content


def test_prefill_from_a_visible_groups_rules(login, users, group_a, manager):
    make_rules(group_a, effective_from=group_a.rules.get().effective_from.replace(year=2021), created_by=manager,
               loan_interest_method="declining", loan_interest_rate=Decimal("1.75"), loan_terms="6,12",
               loan_rounding=500)
    response = login(users["pendamping1"]).get("/loans/simulator/", {"group": group_a.pk})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial == {"rate": Decimal("1.75"), "method": "declining", "rounding": 500, "term": 6}
    content = response.content.decode()
    assert "Anggrek" in content and "6,12" in content
    assert f'name="group" value="{group_a.pk}"' in content


@pytest.mark.parametrize(("role", "status"), [("manager", 200), ("pendamping1", 200), ("bendahara1", 200),
                                              ("pendamping2", 404)])
def test_group_prefill_is_scoped(login, users, group_a, role, status):
    assert login(users[role]).get("/loans/simulator/", {"group": group_a.pk}).status_code == status
    assert login(users[role]).get("/loans/simulator/pdf/", {**ANNUITY_12000, "group": group_a.pk}).status_code == status


@pytest.mark.parametrize("bad", ["abc", "99999", "-1"])
def test_unknown_group_is_404(login, users, bad):
    assert login(users["manager"]).get("/loans/simulator/", {"group": bad}).status_code == 404


@pytest.mark.parametrize(("paper", "height_mm"), [("A4", 297), ("F4", 330)])
def test_pdf_download(login, users, paper, height_mm):
    response = login(users["pendamping2"]).get("/loans/simulator/pdf/", {**ANNUITY_12000, "paper": paper})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(response.content))
    text = pdf.pages[0].extract_text()
    assert "Simulasi pinjaman" in text
    assert "Rp 2.911" in text and "Rp 12.606" in text
    assert round(float(pdf.pages[0].mediabox.height) / 72 * 25.4) == height_mm


def test_pdf_with_bad_input_shows_the_form_instead(login, users):
    response = login(users["manager"]).get("/loans/simulator/pdf/", {**ANNUITY_12000, "term": "x"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Masukkan keseluruhan angka bilangan." in response.content.decode()


def test_query_count_does_not_depend_on_the_term(login, users, group_a):
    client = login(users["pendamping1"])
    _, short = count_queries(lambda: client.get("/loans/simulator/", {**ANNUITY_12000, "group": group_a.pk}))
    _, long = count_queries(lambda: client.get("/loans/simulator/", {**ANNUITY_12000, "term": "120",
                                                                     "group": group_a.pk}))
    assert short == long


@pytest.mark.parametrize("role", ["manager", "pendamping1", "bendahara1"])
def test_the_schedule_of_a_group_falls_on_its_meetings(login, users, group_a, role):
    """group_a meets every second Tuesday; disbursed at its meeting of 14 January 2025 (14 days to the first)."""
    query = {"principal": "1.000.000", "rate": "2", "term": "3", "method": "flat", "rounding": "100", "grace": "0",
             "disbursed_on": "2025-01-14", "group": group_a.pk}
    response = login(users[role]).get("/loans/simulator/", query)
    lines = response.context["schedule"].lines
    assert [(ln.due_date.isoformat(), ln.total) for ln in lines] == [
        ("2025-02-11", 353_300), ("2025-03-11", 353_300), ("2025-04-08", 353_400)]
    assert "11 Februari 2025" in response.content.decode()
    pdf = login(users[role]).get("/loans/simulator/pdf/", query)
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "11 Februari 2025" in text and "8 April 2025" in text


def test_without_a_group_a_date_gives_monthly_due_dates(login, users):
    response = login(users["manager"]).get("/loans/simulator/", {**ANNUITY_12000, "disbursed_on": "2025-01-14"})
    assert [ln.due_date.isoformat() for ln in response.context["schedule"].lines] == [
        "2025-02-14", "2025-03-14", "2025-04-14", "2025-05-14"]
