"""A step the service would refuse is not offered on the loan page; the page says why instead.

Before: "Tanggung renteng" was offered in a group whose rules have no joint liability (refused only
after the form was filled) and "Persetujuan manajer" to the manager who had recorded the loan.
"""
import datetime

import pytest

from accounts.models import User
from core.dates import today
from loans import services
from loans.models import LoanStatus, Repayment
from tests.factories import MemberFactory, UserFactory, make_rules
from tests.loans.conftest import OPEN_RULES, disburse_loan

pytestmark = pytest.mark.django_db

NO_JOINT_LIABILITY = "Aturan kelompok tidak memakai tanggung renteng."
RECORDER = "Orang lain yang harus menyetujui: Anda yang mencatat pinjaman ini."
NOTHING_DUE = "Belum ada yang jatuh tempo: tanggung renteng hanya membayar yang sudah jatuh tempo."


def cover_link(loan):
    return f'href="/loans/{loan.pk}/cover/"'


@pytest.fixture
def late_loan(open_group_a, manager):
    return disburse_loan(MemberFactory(group=open_group_a), manager, date=today() - datetime.timedelta(days=40))


def test_cover_is_offered_when_something_is_due_and_the_rules_have_joint_liability(login, pendamping1, late_loan):
    content = login(pendamping1).get(f"/loans/{late_loan.pk}/").content.decode()
    assert cover_link(late_loan) in content and NO_JOINT_LIABILITY not in content


def test_no_cover_without_joint_liability_and_the_page_says_why(login, pendamping1, manager, late_loan):
    make_rules(late_loan.group, effective_from=today() - datetime.timedelta(days=1), created_by=manager,
               **OPEN_RULES, loan_joint_liability=False)
    client = login(pendamping1)
    content = client.get(f"/loans/{late_loan.pk}/").content.decode()
    assert cover_link(late_loan) not in content and NO_JOINT_LIABILITY in content
    # Reached by its address anyway: the reason, no form; a POST changes nothing.
    page = client.get(f"/loans/{late_loan.pk}/cover/")
    assert NO_JOINT_LIABILITY in page.content.decode() and "form" not in page.context
    response = client.post(f"/loans/{late_loan.pk}/cover/", {"amount": "120.000", "date": today().isoformat()})
    assert response.status_code == 400
    assert not Repayment.objects.filter(loan=late_loan).exists()


def test_no_cover_before_anything_is_due(login, pendamping1, loan_a):
    content = login(pendamping1).get(f"/loans/{loan_a.pk}/").content.decode()
    assert cover_link(loan_a) not in content and NOTHING_DUE in content


@pytest.fixture
def awaiting(open_group_a, manager, pendamping1):
    """A loan above the group's manager-approval limit, applied for by the manager herself."""
    make_rules(open_group_a, effective_from=datetime.date(2022, 1, 1), created_by=manager, **OPEN_RULES,
               loan_manager_approval_above=500_000)
    loan = services.loan_apply(member=MemberFactory(group=open_group_a), amount=1_000_000, term=10, purpose="Modal",
                               business="Warung", date=today(), actor=manager)
    services.loan_decide(loan=loan, approved=True, date=today(), agreed_by="Rapat", actor=pendamping1)
    loan.refresh_from_db()
    assert loan.status == LoanStatus.AWAITING_MANAGER
    return loan


def test_the_recorder_is_not_offered_the_approval_and_sees_why(login, manager, awaiting):
    client = login(manager)
    content = client.get(f"/loans/{awaiting.pk}/").content.decode()
    assert f'href="/loans/{awaiting.pk}/approve/"' not in content and RECORDER in content
    page = client.get(f"/loans/{awaiting.pk}/approve/")
    assert RECORDER in page.content.decode() and "Setujui" not in page.content.decode()
    assert client.post(f"/loans/{awaiting.pk}/approve/", {}).status_code == 400
    awaiting.refresh_from_db()
    assert awaiting.status == LoanStatus.AWAITING_MANAGER


def test_another_manager_is_offered_it_and_approves(login, awaiting):
    other = UserFactory(username="manager2", role=User.Role.MANAGER)
    client = login(other)
    content = client.get(f"/loans/{awaiting.pk}/").content.decode()
    assert f'href="/loans/{awaiting.pk}/approve/"' in content and RECORDER not in content
    assert client.post(f"/loans/{awaiting.pk}/approve/", {}).status_code == 302
    awaiting.refresh_from_db()
    assert awaiting.status == LoanStatus.APPROVED and awaiting.manager_approved_by == other


def test_a_cover_paid_back_offers_neither_payback_nor_reversal(login, pendamping1, manager, late_loan):
    cover = services.loan_cover(loan=late_loan, amount=120_000, date=today(), actor=manager)
    client = login(pendamping1)
    content = client.get(f"/loans/{late_loan.pk}/").content.decode()
    assert f"/loans/covers/{cover.pk}/payback/" in content and f"/loans/payments/{cover.pk}/reverse/" in content
    services.cover_payback(cover=cover, amount=20_000, date=today(), actor=manager)
    content = client.get(f"/loans/{late_loan.pk}/").content.decode()
    # Partly paid back: more payback is offered; the reversal the service refuses is not.
    assert f"/loans/covers/{cover.pk}/payback/" in content and f"/loans/payments/{cover.pk}/reverse/" not in content
    services.cover_payback(cover=cover, amount=100_000, date=today(), actor=manager)
    content = client.get(f"/loans/{late_loan.pk}/").content.decode()
    assert f"/loans/covers/{cover.pk}/payback/" not in content
