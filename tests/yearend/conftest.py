"""The year-end scenarios (``tests/yearend/scenarios.py``) as fixtures on ``group_a``."""
import pytest

from .scenarios import build_example, build_small


@pytest.fixture
def example(group_a, manager):
    return build_example(group_a, manager)


@pytest.fixture
def small(group_a, manager):
    return build_small(group_a, manager)
