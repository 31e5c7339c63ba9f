"""The year-end scenario the RAT package's tests start from."""
import pytest

from tests.yearend.scenarios import build_small


@pytest.fixture
def small(group_a, manager):
    return build_small(group_a, manager)
