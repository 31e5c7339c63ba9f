"""Fixtures shared by every test: a manager, two field officers and a treasurer, two groups.

``pendamping1`` accompanies ``group_a``; ``pendamping2`` accompanies ``group_b``;
``bendahara1`` is the treasurer of ``group_a``. Nearly every view test checks all of them.
"""
import pytest

from accounts.models import User
from tests.factories import GroupFactory, UserFactory, assign, make_rules


@pytest.fixture(autouse=True)
def _indonesian_by_default(settings):
    settings.LANGUAGE_CODE = "id"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Start every test with an empty cache: factories write without audit events, so cached reports would leak."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def manager(db):
    return UserFactory(username="manager", role=User.Role.MANAGER)


@pytest.fixture
def group_a(db, manager):
    group = GroupFactory(name="Anggrek", code="PDG-001")
    make_rules(group, created_by=manager)
    return group


@pytest.fixture
def group_b(db, manager):
    group = GroupFactory(name="Garuda Metro", code="PDG-002")
    make_rules(group, created_by=manager)
    return group


@pytest.fixture
def pendamping1(db, group_a):
    user = UserFactory(username="pendamping1", role=User.Role.FIELD_OFFICER)
    assign(user, group_a)
    return user


@pytest.fixture
def pendamping2(db, group_b):
    user = UserFactory(username="pendamping2", role=User.Role.FIELD_OFFICER)
    assign(user, group_b)
    return user


@pytest.fixture
def bendahara1(db, group_a):
    return UserFactory(username="bendahara1", role=User.Role.TREASURER, treasurer_of=group_a)


@pytest.fixture
def users(manager, pendamping1, pendamping2, bendahara1):
    """All four roles, by name."""
    return {"manager": manager, "pendamping1": pendamping1, "pendamping2": pendamping2, "bendahara1": bendahara1}


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login
