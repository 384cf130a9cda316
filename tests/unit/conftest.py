"""Fixtures of the unit tests."""

from __future__ import annotations

import pytest

from dashboard.domain.reference import DATASETS_DIR
from dashboard.io.datasets import load_path


@pytest.fixture(scope="session")
def leningrad():
    """The bundled Leningrad dataset (treat it as read-only)."""
    dataset, problems = load_path(DATASETS_DIR / "leningrad")
    assert problems == []
    return dataset


@pytest.fixture(scope="session")
def postgres_url():
    """A throwaway PostgreSQL server started by the tests themselves (see tests/services)."""
    from ..services import postgres

    with postgres.server() as url:
        yield url
