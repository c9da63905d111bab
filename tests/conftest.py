"""Fixtures shared by the engine-level tests."""

import pytest

from tests.engine_helpers import make_engine


@pytest.fixture
def engine(tmp_path):
    """An engine on a fresh SQLite file, with a fake clock."""
    return make_engine(str(tmp_path / "coach.db"))
