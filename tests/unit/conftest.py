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
