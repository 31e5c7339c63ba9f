"""The sheet's tests use the meetings' fixtures: a group with members and a routine meeting on its usual day."""
from tests.meetings.conftest import meeting_a, members_a  # noqa: F401  (fixtures, found by name)
