"""The shared database: its URL, one engine per URL, and its schema, made and upgraded by the
Alembic migrations in `migrations/` (run once per database, under a lock).

The URL comes from the environment variable `IS_DASHBOARD_DB` (any SQLAlchemy URL; a
`postgresql://` URL is served by psycopg 3); without it the store is
`sqlite:///<repo>/var/dashboard.sqlite`.

A SQLite file is opened in WAL mode (readers never wait for the writer), every connection waits
up to `BUSY_TIMEOUT_MS` for a lock instead of failing at once, and enforces foreign keys (so
`ON DELETE CASCADE` works there as on PostgreSQL).
"""

from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Connection, Engine, make_url

from dashboard.domain.reference import REPO_DIR

ENV_VAR = "IS_DASHBOARD_DB"
DEFAULT_PATH = REPO_DIR / "var" / "dashboard.sqlite"
MIGRATIONS = Path(__file__).parent / "migrations"
LOCK_KEY = 7_465_211
"""PostgreSQL advisory lock held while a process migrates (any number; the same everywhere)."""
BUSY_TIMEOUT_MS = 10_000


def database_url() -> str:
    return normalise(os.environ.get(ENV_VAR) or f"sqlite:///{DEFAULT_PATH}")


def normalise(url: str) -> str:
    """`postgresql://` and `postgres://` URLs use psycopg 3, the driver the project ships."""
    parsed = make_url(url.replace("postgres://", "postgresql://", 1))
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def _config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head() -> str | None:
    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


@contextmanager
def _migration_lock(engine: Engine):
    """One process at a time: an advisory lock on PostgreSQL, a lock file beside SQLite."""
    url = engine.url
    if url.get_backend_name() == "postgresql":
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": LOCK_KEY})
            connection.commit()
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": LOCK_KEY})
                connection.commit()
    elif url.database not in (None, "", ":memory:"):
        with open(f"{url.database}.lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
    else:
        yield


def migrate(engine: Engine) -> str | None:
    """Bring the database's schema to the newest migration (nothing when it is there) and
    return its revision."""
    with _migration_lock(engine), engine.begin() as connection:
        if current(connection) != head():
            command.upgrade(_config(connection), "head")
        return current(connection)


def _sqlite_pragmas(engine: Engine, wal: bool) -> None:
    """On each new connection: wait for locks, enforce foreign keys, and (files) use WAL."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys=ON")
            if wal:
                cursor.execute("PRAGMA journal_mode=WAL")
        finally:
            cursor.close()


@cache
def engine_for(url: str) -> Engine:
    """The engine of `url`, its schema migrated once per process; a SQLite file's folder is
    created on demand, and its connections use WAL, a busy timeout and foreign keys."""
    parsed = make_url(url)
    sqlite = parsed.get_backend_name() == "sqlite"
    on_file = parsed.database not in (None, "", ":memory:")
    if sqlite and on_file:
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    if sqlite:
        _sqlite_pragmas(engine, wal=on_file)
    migrate(engine)
    return engine


def engine(url: str | None = None) -> Engine:
    """The engine of `url`, or of the configured database."""
    return engine_for(normalise(url) if url else database_url())
