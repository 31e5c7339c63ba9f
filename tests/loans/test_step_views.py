"""The step pages: decision, approval, disbursement, repayment, cover, reversal, end of loan."""
import pytest

from core.dates import today
from loans import services
from loans.models import Loan, LoanStatus, Repayment
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def applied(open_group_a, manager):
    member = MemberFactory(group=open_group_a)
    return services.loan_apply(member=member, amount=1_000_000, term=10, purpose="Modal", business="Warung",
                               date=today(), actor=manager)


@pytest.mark.parametrize("role", ["manager", "pendamping1", "bendahara1"])
def test_decide_then_disburse(login, users, applied, role):
    client = login(users[role])
    response = client.post(f"/loans/{applied.pk}/decide/", {
        "approved": "yes", "date": today().isoformat(), "agreed_by": "Semua anggota hadir"})
    assert response.status_code == 302
    response = client.post(f"/loans/{applied.pk}/disburse/", {"date": today().isoformat()})
    assert response.status_code == 302
    assert Loan.objects.get(pk=applied.pk).status == LoanStatus.ACTIVE


def test_pendamping2_gets_404_on_every_step(login, users, loan_a):
    client = login(users["pendamping2"])
    payment = services.loan_repay(loan=loan_a, amount=10_000, date=today(), actor=users["manager"])
    for url in ["decide", "approve", "disburse", "repay", "cover", "reschedule", "write-off", "recover"]:
        assert client.get(f"/loans/{loan_a.pk}/{url}/").status_code == 404, url
    assert client.get(f"/loans/payments/{payment.pk}/reverse/").status_code == 404
    assert client.get(f"/loans/covers/{payment.pk}/payback/").status_code == 404


@pytest.mark.parametrize("role", ["manager", "pendamping1", "bendahara1"])
def test_repayment_posted_once_even_if_submitted_twice(login, users, loan_a, role):
    client = login(users[role])
    form = client.get(f"/loans/{loan_a.pk}/repay/").context["form"]
    data = {"amount": "120.000", "date": today().isoformat(), "overpayment": "refuse",
            "idempotency_key": form.initial["idempotency_key"]}
    assert client.post(f"/loans/{loan_a.pk}/repay/", data).status_code == 302
    assert client.post(f"/loans/{loan_a.pk}/repay/", data).status_code == 302
    assert Repayment.objects.filter(loan=loan_a).count() == 1


def test_overpayment_refused_shows_on_the_form(login, users, loan_a):
    response = login(users["pendamping1"]).post(f"/loans/{loan_a.pk}/repay/", {
        "amount": "2.000.000", "date": today().isoformat(), "overpayment": "refuse"})
    assert response.status_code == 200 and response.context["form"].errors["amount"]
    assert not Repayment.objects.exists()


def test_not_a_number_is_a_form_error(login, users, loan_a):
    response = login(users["pendamping1"]).post(f"/loans/{loan_a.pk}/repay/", {
        "amount": "seratus", "date": today().isoformat(), "overpayment": "refuse"})
    assert response.status_code == 200 and response.context["form"].errors["amount"]


@pytest.mark.parametrize("role", ["pendamping1", "bendahara1"])
def test_only_a_manager_writes_off(login, users, loan_a, role):
    assert login(users[role]).get(f"/loans/{loan_a.pk}/write-off/").status_code == 403


def test_manager_writes_off(login, users, loan_a):
    response = login(users["manager"]).post(f"/loans/{loan_a.pk}/write-off/", {
        "date": today().isoformat(), "reason": "Meninggal dunia"})
    assert response.status_code == 302
    assert Loan.objects.get(pk=loan_a.pk).status == LoanStatus.WRITTEN_OFF


@pytest.mark.parametrize("role", ["pendamping1", "bendahara1"])
def test_only_a_manager_gives_manager_approval(login, users, applied, role):
    assert login(users[role]).get(f"/loans/{applied.pk}/approve/").status_code == 403


def test_reverse_payment(login, users, loan_a):
    payment = services.loan_repay(loan=loan_a, amount=10_000, date=today(), actor=users["manager"])
    response = login(users["pendamping1"]).post(f"/loans/payments/{payment.pk}/reverse/", {
        "date": today().isoformat(), "reason": "Salah ketik"})
    assert response.status_code == 302
    assert hasattr(Repayment.objects.get(pk=payment.pk), "reversal")


def test_reschedule_page(login, users, loan_a):
    response = login(users["pendamping1"]).post(f"/loans/{loan_a.pk}/reschedule/", {
        "date": today().isoformat(), "reason": "Gagal panen", "term": "5"})
    assert response.status_code == 302
    assert loan_a.schedules.count() == 2


@pytest.fixture
def late_loan(open_group_a, manager):
    import datetime

    from .conftest import disburse_loan

    return disburse_loan(MemberFactory(group=open_group_a), manager, date=today() - datetime.timedelta(days=40))


@pytest.mark.parametrize("role", ["manager", "pendamping1", "bendahara1"])
def test_cover_by_the_group_fund_then_payback(login, users, late_loan, role):
    client = login(users[role])
    response = client.post(f"/loans/{late_loan.pk}/cover/", {"amount": "120.000", "date": today().isoformat()})
    assert response.status_code == 302
    cover = Repayment.objects.get(loan=late_loan, kind="cover")
    response = client.post(f"/loans/covers/{cover.pk}/payback/", {"amount": "20.000", "date": today().isoformat()})
    assert response.status_code == 302
    assert cover.paybacks.get().amount == 20_000


def test_recovery_page_after_write_off(login, users, late_loan):
    services.loan_write_off(loan=late_loan, date=today(), actor=users["manager"], reason="Pindah")
    response = login(users["bendahara1"]).post(f"/loans/{late_loan.pk}/recover/", {
        "amount": "100.000", "date": today().isoformat()})
    assert response.status_code == 302
    assert late_loan.recoveries.get().amount == 100_000
