"""Uploads kept in the store: one row per content, found by id, deleted only by their owner,
dropped after KEEP_DAYS; the same on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session

from dashboard.store import db
from dashboard.store import uploads as store
from dashboard.store.models import UploadRow

FILES = {"companies.csv": b"company_id,name\nA,Alpha\n", "streams.csv": b"stream_id\n"}


def newest_migration() -> str:
    """The revision of the last migration file (they are numbered)."""
    return sorted(p.name for p in (db.MIGRATIONS / "versions").glob("[0-9]*.py"))[-1][:4]


def test_an_upload_is_kept_once_per_content_and_read_back(url):
    first = store.save_upload("mine", FILES, owner="session-a", url=url)
    again = store.save_upload("renamed", dict(reversed(list(FILES.items()))), "session-b", url=url)
    assert first == again == store.content_id(FILES) and len(first) == store.ID_LENGTH
    kept = store.read_upload(first, url=url)
    assert kept.name == "mine" and kept.files == FILES
    assert store.content_id({"companies.csv": b"other"}) != first
    assert store.read_upload("0" * store.ID_LENGTH, url=url) is None


def test_only_the_owner_deletes_an_upload(url):
    upload_id = store.save_upload("x", {"companies.csv": b"1"}, owner="owner", url=url)
    assert store.owned_uploads("owner", url=url)[0] == (upload_id, "x")
    assert not store.delete_upload(upload_id, "someone else", url=url)
    assert store.read_upload(upload_id, url=url) is not None
    assert store.delete_upload(upload_id, "owner", url=url)
    assert store.read_upload(upload_id, url=url) is None


def test_old_uploads_are_dropped_when_another_is_saved(url):
    old = store.save_upload("old", {"companies.csv": b"old"}, owner="o", url=url)
    with Session(db.engine(url)) as session, session.begin():
        long_ago = datetime.now(UTC) - timedelta(days=store.KEEP_DAYS + 1)
        session.execute(update(UploadRow).where(UploadRow.id == old).values(created=long_ago))
    store.save_upload("new", {"companies.csv": b"new"}, owner="o", url=url)
    assert store.read_upload(old, url=url) is None


def test_the_schema_is_at_the_newest_migration(tmp_path):
    engine = db.engine(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    with engine.connect() as connection:
        assert db.current(connection) == db.head() == newest_migration()
