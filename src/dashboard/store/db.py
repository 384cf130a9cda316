"""The shared database: its URL and one engine per URL, with every table of `models` created.

The URL comes from the environment variable `IS_DASHBOARD_DB` (any SQLAlchemy URL); without it
the store is `sqlite:///<repo>/var/dashboard.sqlite`.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine, make_url

from dashboard.domain.reference import REPO_DIR
from dashboard.store.models import Base

ENV_VAR = "IS_DASHBOARD_DB"
DEFAULT_PATH = REPO_DIR / "var" / "dashboard.sqlite"


def database_url() -> str:
    return os.environ.get(ENV_VAR) or f"sqlite:///{DEFAULT_PATH}"


@cache
def engine_for(url: str) -> Engine:
    """The engine of `url`, created once with every table; a SQLite file's folder is created on
    demand."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    Base.metadata.create_all(engine)
    return engine


def engine(url: str | None = None) -> Engine:
    """The engine of `url`, or of the configured database."""
    return engine_for(url or database_url())
