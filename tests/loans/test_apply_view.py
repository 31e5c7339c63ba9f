import pytest

from loans.forms.application import ApplicationForm
from loans.models import Loan
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_the_form_asks_only_amount_term_purpose_business_and_date():
    asked = [name for name, field in ApplicationForm(terms=[5, 10]).fields.items() if not field.widget.is_hidden]
    assert asked == ["amount", "term", "purpose", "business", "date"]


@pytest.mark.parametrize("role", ["manager", "pendamping1", "bendahara1"])
def test_in_scope_roles_see_eligibility_and_apply(login, users, open_group_a, role):
    member = MemberFactory(group=open_group_a)
    client = login(users[role])
    page = client.get(f"/loans/member/{member.pk}/apply/").content.decode()
    assert "Rp 5.000.000" in page  # the ceiling she may borrow
    for word in ("agunan", "jaminan", "Kartu Keluarga", "suami", "izin usaha"):
        assert word.lower() not in page.lower()
    response = client.post(f"/loans/member/{member.pk}/apply/", {
        "amount": "1.000.000", "term": "10", "purpose": "Modal", "business": "Warung", "date": "2026-11-29"})
    loan = Loan.objects.get(member=member)
    assert response.status_code == 302 and response.url == f"/loans/{loan.pk}/"
    assert loan.amount == 1_000_000


def test_pendamping2_gets_404(login, users, open_group_a):
    member = MemberFactory(group=open_group_a)
    assert login(users["pendamping2"]).get(f"/loans/member/{member.pk}/apply/").status_code == 404


def test_bad_input_shows_a_message_and_saves_nothing(login, users, open_group_a):
    member = MemberFactory(group=open_group_a)
    response = login(users["pendamping1"]).post(f"/loans/member/{member.pk}/apply/", {
        "amount": "9.000.000", "term": "10", "purpose": "Modal", "business": "Warung", "date": "2026-11-29"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Loan.objects.exists()


def test_ineligible_member_sees_why_and_is_offered_no_form(login, users, group_a):
    member = MemberFactory(group=group_a)
    page = login(users["manager"]).get(f"/loans/member/{member.pk}/apply/").content.decode()
    assert "✘" in page
    assert "Catat pengajuan" not in page and "Pengajuan dicatat setelah ia memenuhi aturan kelompok" in page


def test_no_loan_model_field_asks_for_collateral_family_card_permit_or_husband():
    from loans.models import Loan

    names = " ".join(f.name for f in Loan._meta.get_fields())
    for word in ("collateral", "guarantee", "family", "card", "permit", "husband", "spouse"):
        assert word not in names
