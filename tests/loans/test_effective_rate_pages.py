"""The effective annual rate beside every flat rate, and the regime's cap warned where it is exceeded.

Group Anggrek's rules: 2 % a month flat, terms 5, 10 and 12 months. As a KSP (Permenkop 8/2023, cap
24 % a year read as effective) the 12-month reading is 41,70 % a year: above the cap. As an informal
group there is no cap, the effective rate is still shown.
"""
import pytest

from groups.regimes import LegalForm
from tests.factories import MemberFactory
from tests.loans.conftest import OPEN_RULES, disburse_loan

pytestmark = pytest.mark.django_db
SIM = "/loans/simulator/?principal=12000000&rate=2&term=12&method=flat&rounding=1&grace=0"


def _ksp(group):
    group.legal_form = LegalForm.KSP
    group.save(update_fields=["legal_form"])


def test_simulator_shows_the_effective_rate_without_a_group(login, users):
    content = login(users["pendamping1"]).get(SIM).content.decode()
    assert "41,70 %" in content and "50,67 %" in content and "24,00 %" in content
    assert 'id="loan-cap"' not in content


def test_simulator_for_a_ksp_group_warns_above_the_cap(login, users, group_a):
    _ksp(group_a)
    page = login(users["pendamping1"]).get(SIM + f"&group={group_a.pk}")
    assert page.context["rates"].loan_cap.exceeded
    content = page.content.decode()
    assert "Melampaui batas" in content and "Permenkop UKM 8/2023" in content


def test_application_page_shows_each_term_and_the_cap(login, users, group_a, manager):
    from tests.factories import make_rules

    make_rules(group_a, effective_from=__import__("datetime").date(2021, 1, 1), created_by=manager, **OPEN_RULES)
    _ksp(group_a)
    member = MemberFactory(group=group_a)
    page = login(users["pendamping1"]).get(f"/loans/member/{member.pk}/apply/")
    assert page.status_code == 200
    rates = page.context["rates"]
    assert [t for t, _ in rates.by_term] == [5, 10, 12]
    content = page.content.decode()
    assert "41,52 %" in content and "41,70 %" in content  # 10 and 12 months
    assert "Melampaui batas" in content


def test_loan_page_shows_the_loans_own_effective_rate(login, users, open_group_a_loan):
    page = login(users["manager"]).get(f"/loans/{open_group_a_loan.pk}/")
    content = page.content.decode()
    assert 'id="effective-rate"' in content
    eff = page.context["rates"].by_term[0][1]
    assert eff.nominal_annual == 24
    assert f"{eff.annual_declining}".replace(".", ",") in content


@pytest.fixture
def open_group_a_loan(open_group_a, manager):
    import datetime

    member = MemberFactory(group=open_group_a, full_name="Rosnida")
    return disburse_loan(member, manager, amount=1_000_000, term=10, date=datetime.date(2024, 1, 15))


@pytest.mark.parametrize("legal_form, warned", [(LegalForm.KSP, True), (LegalForm.INFORMAL, False)])
def test_rules_form_shows_the_effective_rate_and_warns_for_a_ksp(login, users, group_a, legal_form, warned):
    group_a.legal_form = legal_form
    group_a.save(update_fields=["legal_form"])
    page = login(users["manager"]).get(f"/groups/{group_a.pk}/rules/new/")
    assert page.status_code == 200
    content = page.content.decode()
    assert 'id="effective-rates"' in content
    assert ("Melampaui batas" in content) is warned


def test_rules_form_warns_after_recording_rules_above_the_cap(login, users, group_a):
    _ksp(group_a)
    client = login(users["manager"])
    page = client.get(f"/groups/{group_a.pk}/rules/new/")
    data = {k: v for k, v in page.context["form"].initial.items() if v is not None}
    from core.dates import today

    data.update({"effective_from": today().isoformat(), "decision_note": "RAT", "loan_interest_rate": "2.5"})
    for key, value in list(data.items()):
        if isinstance(value, bool):
            data[key] = "on" if value else ""
    response = client.post(f"/groups/{group_a.pk}/rules/new/", data, follow=True)
    assert response.redirect_chain, response.context["form"].errors
    content = response.content.decode()
    assert "melampaui batas bunga" in content
