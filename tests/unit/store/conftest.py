"""Fixtures of the store tests: a PostgreSQL server started by the tests themselves."""

from __future__ import annotations

import pytest

from ...services import postgres


@pytest.fixture(scope="session")
def postgres_url():
    with postgres.server() as url:
        yield url
