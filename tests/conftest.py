"""Test-wide settings: chains saved by tests go to a temporary database, never to var/."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(autouse=True, scope="session")
def temporary_chain_store(tmp_path_factory: pytest.TempPathFactory):
    if "IS_DASHBOARD_DB" in os.environ:
        yield os.environ["IS_DASHBOARD_DB"]
        return
    url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'dashboard.sqlite'}"
    os.environ["IS_DASHBOARD_DB"] = url
    yield url
    del os.environ["IS_DASHBOARD_DB"]
