"""Report figures are reused until an audited change, and never across scopes or periods."""
import datetime

import pytest

from core.cache import data_version, reuse_until_changed
from savings.models import SavingsKind
from savings.services import savings_deposit
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


class Counter:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return {"calls": self.calls}


def test_figures_are_reused_until_a_service_changes_the_data(group_a, manager):
    member = MemberFactory(group=group_a, joined_on=datetime.date(2025, 1, 1))
    compute = Counter()
    assert reuse_until_changed("panel", (group_a.pk,), compute) == {"calls": 1}
    assert reuse_until_changed("panel", (group_a.pk,), compute) == {"calls": 1}
    before = data_version()
    savings_deposit(member=member, kind=SavingsKind.SUKARELA, amount=25_000, date=datetime.date(2025, 2, 1),
                    actor=manager)
    assert data_version() != before
    assert reuse_until_changed("panel", (group_a.pk,), compute) == {"calls": 2}
    assert compute.calls == 2


def test_other_scopes_and_reports_are_computed_apart(group_a, group_b):
    compute = Counter()
    reuse_until_changed("panel", (group_a.pk,), compute)
    reuse_until_changed("panel", (group_b.pk,), compute)
    reuse_until_changed("indicators", (group_a.pk,), compute)
    assert compute.calls == 3


def test_one_query_checks_the_version(group_a, django_assert_num_queries):
    reuse_until_changed("panel", (group_a.pk,), Counter())
    with django_assert_num_queries(1):
        reuse_until_changed("panel", (group_a.pk,), Counter())


def test_a_scope_queryset_is_keyed_by_the_groups_it_holds(group_a, group_b):
    from groups.models import Group

    compute = Counter()
    reuse_until_changed("panel", (Group.objects.filter(pk=group_a.pk),), compute)
    reuse_until_changed("panel", (Group.objects.filter(code=group_a.code),), compute)  # same group, other query
    assert compute.calls == 1
    reuse_until_changed("panel", (Group.objects.all(),), compute)
    assert compute.calls == 2


def test_each_language_has_its_own_figures(group_a):
    from django.utils import translation

    compute = Counter()
    for language in ("id", "en", "id"):
        with translation.override(language):
            reuse_until_changed("panel", (group_a.pk,), compute)
    assert compute.calls == 2
