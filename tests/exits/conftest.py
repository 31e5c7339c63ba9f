"""The exit's tests use the savings' fixtures: a member in each group."""
from tests.savings.conftest import member_a, member_b  # noqa: F401  (fixtures, found by name)
