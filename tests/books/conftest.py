"""A member of group_a for the books tests that post savings."""
import datetime

import pytest

from tests.factories import MemberFactory


@pytest.fixture
def member_a(group_a):
    """Rosmaniar, a member of group_a since 1 January 2025 (pokok Rp 50.000, wajib Rp 10.000 a month)."""
    return MemberFactory(group=group_a, full_name="Rosmaniar", joined_on=datetime.date(2025, 1, 1))


@pytest.fixture
def member_b(group_b):
    return MemberFactory(group=group_b, full_name="Nurhayati", joined_on=datetime.date(2025, 1, 1))
