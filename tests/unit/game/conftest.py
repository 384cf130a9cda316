"""Fixtures of the game tests: the bundled factors, catalogue and the matcher's candidates."""

from __future__ import annotations

import pytest

from dashboard.analysis.matching import find_candidates
from dashboard.analysis.policy.catalogue import bundled_catalogue
from dashboard.domain.factors import Factors


@pytest.fixture(scope="session")
def factors():
    return Factors()


@pytest.fixture(scope="session")
def catalogue():
    return bundled_catalogue()


@pytest.fixture(scope="session")
def candidates(leningrad):
    """The matcher's candidates on Leningrad, with its default options."""
    return find_candidates(leningrad)
