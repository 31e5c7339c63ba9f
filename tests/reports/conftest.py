"""The year-end scenarios (``tests/yearend/conftest.py``) for the RAT package's tests."""
from tests.yearend.conftest import small  # noqa: F401  (a fixture: pytest finds it by name here)
