"""Year-end pages for every role: who previews, who posts, who gets 403 or 404."""
import pytest

from books.models import ClosedPeriod
from savings.models import SavingsTransaction, TxnType
from tests.yearend.scenarios import YEAR
from yearend.models import YearEnd
from yearend.services import year_end_post

pytestmark = pytest.mark.django_db

DECISION = {"decided_on": "2025-02-15", "agreed_by": "RAT: 4 dari 4 anggota hadir, setuju bulat"}


def urls(group, year=YEAR):
    base = f"/year-end/groups/{group.pk}/"
    return {"years": base, "distribution": f"{base}{year}/", "pdf": f"{base}{year}/pdf/",
            "post": f"{base}{year}/post/", "reverse": f"{base}{year}/reverse/"}


@pytest.mark.parametrize("role", ["manager", "pendamping1", "bendahara1"])
def test_everyone_in_scope_sees_the_years_and_the_preview(small, login, users, role):
    client = login(users[role])
    u = urls(small["group"])
    page = client.get(u["years"]).content.decode()
    assert "2024" in page and "2025" in page
    response = client.get(u["distribution"])
    assert response.status_code == 200
    assert response.context["distribution"].surplus == 1_000_000
    assert "Rp 277.778" in response.content.decode()
    assert (response.context["post_form"] is not None) == (role != "pendamping1")
    pdf = client.get(u["pdf"])
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    xlsx = client.get(u["distribution"] + "?export=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.parametrize("role", ["manager", "bendahara1"])
def test_manager_and_the_groups_treasurer_post_once(small, login, users, role):
    client = login(users[role])
    u = urls(small["group"])
    key = client.get(u["distribution"]).context["post_form"].initial["idempotency_key"]
    first = client.post(u["post"], {**DECISION, "idempotency_key": key})
    again = client.post(u["post"], {**DECISION, "idempotency_key": key})  # a double tap, a resend
    assert first.status_code == again.status_code == 302
    year_end = YearEnd.objects.get()
    assert (year_end.posted_by, year_end.agreed_by) == (users[role], DECISION["agreed_by"])
    assert SavingsTransaction.objects.filter(type=TxnType.SHU).count() == 3
    page = client.get(u["distribution"])
    assert page.context["posted"] == year_end and page.context["reverse_form"] is not None
    response = client.post(u["reverse"], {"reason": "Tanggal RAT salah"})
    assert response.status_code == 302
    year_end.refresh_from_db()
    assert year_end.reversed_by == users[role]


def test_a_field_officer_cannot_post_or_reverse(small, login, users, manager):
    client = login(users["pendamping1"])
    u = urls(small["group"])
    assert client.post(u["post"], {**DECISION, "idempotency_key": "x"}).status_code == 403
    assert not YearEnd.objects.exists()
    year_end_post(group=small["group"], year=YEAR, actor=manager, decided_on=small["ani"].joined_on.replace(2025, 2),
                  agreed_by="RAT")
    assert client.post(u["reverse"], {"reason": "x"}).status_code == 403
    assert YearEnd.objects.get().reversed_at is None


@pytest.mark.parametrize("role", ["pendamping2"])
def test_out_of_scope_is_404(small, login, users, role, group_b):
    client = login(users[role])
    for url in urls(small["group"]).values():
        assert client.get(url).status_code == 404
    assert client.post(urls(small["group"])["post"], {**DECISION, "idempotency_key": "y"}).status_code == 404
    assert not YearEnd.objects.exists()


def test_a_treasurer_closes_only_her_own_group(small, login, users, group_b):
    """bendahara1 keeps group_a's books: group_b is out of her scope."""
    client = login(users["bendahara1"])
    assert client.get(urls(group_b)["years"]).status_code == 404
    assert client.post(urls(group_b)["post"], DECISION).status_code == 404


def test_a_year_that_is_not_a_book_year_is_404(small, login, users):
    client = login(users["manager"])
    for year in (1999, 2026, 2099):
        assert client.get(urls(small["group"], year)["distribution"]).status_code == 404


@pytest.mark.parametrize(("data", "message"), [
    ({"decided_on": "2024-12-31", "agreed_by": "RAT"}, "setelah 31/12/2024"),
    ({"decided_on": "bukan tanggal", "agreed_by": "RAT"}, "tanggal yang valid"),
    ({"decided_on": "2025-02-15", "agreed_by": ""}, "tidak boleh kosong"),
])
def test_bad_input_gets_a_clear_message_and_changes_nothing(small, login, users, data, message):
    response = login(users["manager"]).post(urls(small["group"])["post"], {**data, "idempotency_key": "z"})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not YearEnd.objects.exists() and not ClosedPeriod.objects.exists()


def test_rules_not_summing_to_100_show_the_refusal_not_an_error(small, login, users, manager):
    from tests.factories import make_rules
    from tests.yearend.scenarios import SHU_RULES, D

    make_rules(small["group"], effective_from=D(YEAR, 12, 1), created_by=manager,
               **{**SHU_RULES, "shu_reserve_pct": "50"})
    response = login(users["manager"]).get(urls(small["group"])["distribution"])
    assert response.status_code == 200
    assert "110 %" in response.content.decode() and response.context["distribution"] is None


def test_a_step_the_service_would_refuse_is_not_offered(small, login, users, manager):
    """2025 waits for 2024's year end; once both are posted, 2024 can be reversed only after 2025."""
    from tests.yearend.scenarios import D

    client = login(users["bendahara1"])
    page = client.get(urls(small["group"], 2025)["distribution"])
    assert page.context["post_form"] is None and "Bukukan tutup buku 2024 dulu" in page.content.decode()
    year_end_post(group=small["group"], year=YEAR, actor=manager, decided_on=D(2025, 2, 15), agreed_by="RAT")
    year_end_post(group=small["group"], year=2025, actor=manager, decided_on=D(2026, 2, 15), agreed_by="RAT")
    page = client.get(urls(small["group"])["distribution"])
    assert page.context["reverse_form"] is None and "batalkan yang itu dulu" in page.content.decode()
    assert client.get(urls(small["group"], 2025)["distribution"]).context["reverse_form"] is not None


@pytest.fixture
def payable_year(small, manager):
    from tests.factories import make_rules
    from tests.yearend.scenarios import RAT, SHU_RULES, D

    make_rules(small["group"], effective_from=D(YEAR, 12, 1), created_by=manager, **SHU_RULES,
               shu_paid_as="payable", shu_leavers_share=True)
    return year_end_post(group=small["group"], year=YEAR, decided_on=RAT, agreed_by="RAT", actor=manager)


@pytest.mark.parametrize("role", ["manager", "bendahara1"])
def test_the_treasurer_pays_a_members_shu_once(small, payable_year, login, users, role):
    from yearend.models import ShuPayout

    client = login(users[role])
    u = urls(small["group"])
    page = client.get(u["distribution"])
    form = page.context["payout_form"]
    assert "Rp 238.889" in page.content.decode() and form is not None
    data = {"member": small["ani"].pk, "amount": "200.000", "paid_on": "2025-03-10",
            "idempotency_key": form.initial["idempotency_key"]}
    first = client.post(u["distribution"] + "payout/", data)
    again = client.post(u["distribution"] + "payout/", data)  # a double tap
    assert first.status_code == again.status_code == 302
    payout = ShuPayout.objects.get()
    assert (payout.amount, payout.member, payout.created_by) == (200_000, small["ani"], users[role])
    rows = {r["member"].code: r["owed"] for r in client.get(u["distribution"]).context["owed"]}
    assert rows["B-001"] == 38_889


def test_a_payout_beyond_what_is_owed_gets_a_message(small, payable_year, login, users):
    from yearend.models import ShuPayout

    client = login(users["bendahara1"])
    u = urls(small["group"])
    key = client.get(u["distribution"]).context["payout_form"].initial["idempotency_key"]
    response = client.post(u["distribution"] + "payout/", {"member": small["butet"].pk, "amount": "119.445",
                                                            "paid_on": "2025-03-10", "idempotency_key": key})
    assert response.status_code == 400 and "Rp 119.444" in response.content.decode()
    assert not ShuPayout.objects.exists()


def test_payouts_by_a_field_officer_403_out_of_scope_404(small, payable_year, login, users):
    from yearend.models import ShuPayout

    data = {"member": small["ani"].pk, "amount": "1.000", "paid_on": "2025-03-10",
            "idempotency_key": "0" * 32}
    officer = login(users["pendamping1"])
    assert officer.get(urls(small["group"])["distribution"]).context["payout_form"] is None
    assert officer.post(urls(small["group"])["distribution"] + "payout/", data).status_code == 403
    assert login(users["pendamping2"]).post(urls(small["group"])["distribution"] + "payout/", data).status_code == 404
    assert not ShuPayout.objects.exists()
