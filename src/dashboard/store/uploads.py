"""Accepted uploads kept in the shared database, found by the hash of their content.

An upload's id is the first 20 hex digits of the SHA-256 of its files (names and bytes), so the
same files uploaded twice are one upload, and a link holding the id works for whoever has it
(the id cannot be guessed). Only the browser session that uploaded it (its `owner` token) may
delete it; uploads older than `KEEP_DAYS` are deleted when another is saved.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from dashboard.store.db import engine
from dashboard.store.models import UploadRow

ID_LENGTH = 20
KEEP_DAYS = 30


@dataclass(frozen=True)
class StoredUpload:
    upload_id: str
    name: str
    files: dict[str, bytes]
    created: datetime


def content_id(files: Mapping[str, bytes]) -> str:
    """The id of these files: their names and bytes hashed in name order."""
    digest = hashlib.sha256()
    for name in sorted(files):
        encoded = name.encode("utf-8")
        digest.update(len(encoded).to_bytes(8, "big") + encoded)
        digest.update(len(files[name]).to_bytes(8, "big") + files[name])
    return digest.hexdigest()[:ID_LENGTH]


def _zip(files: Mapping[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            archive.writestr(name, files[name])
    return buffer.getvalue()


def _unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def save_upload(
    name: str, files: Mapping[str, bytes], owner: str, url: str | None = None
) -> str:
    """Keep an accepted upload (once per content) and return its id; old uploads are dropped."""
    upload_id = content_id(files)
    now = datetime.now(UTC)
    with Session(engine(url)) as session, session.begin():
        session.execute(delete(UploadRow).where(UploadRow.created < now - timedelta(KEEP_DAYS)))
        if session.get(UploadRow, upload_id) is None:
            data = _zip(files)
            session.add(
                UploadRow(id=upload_id, name=name, owner=owner, files=data, size=len(data),
                          created=now)
            )  # fmt: skip
    return upload_id


def read_upload(upload_id: str, url: str | None = None) -> StoredUpload | None:
    """The upload with this id, or None when there is none (never kept, expired or deleted)
    or its stored files cannot be read."""
    with Session(engine(url)) as session:
        row = session.get(UploadRow, upload_id)
        if row is None:
            return None
        try:
            files = _unzip(row.files)
        except (zipfile.BadZipFile, ValueError, OSError):
            return None
        created = row.created if row.created.tzinfo else row.created.replace(tzinfo=UTC)
        return StoredUpload(row.id, row.name, files, created)


def delete_upload(upload_id: str, owner: str, url: str | None = None) -> bool:
    """Delete an upload if `owner` made it; True when it was deleted."""
    with Session(engine(url)) as session, session.begin():
        result = session.execute(
            delete(UploadRow).where(UploadRow.id == upload_id, UploadRow.owner == owner)
        )
        return result.rowcount > 0


def owned_uploads(owner: str, url: str | None = None) -> list[tuple[str, str]]:
    """(id, name) of the uploads this owner made, newest first."""
    with Session(engine(url)) as session:
        rows = session.execute(
            select(UploadRow.id, UploadRow.name)
            .where(UploadRow.owner == owner)
            .order_by(UploadRow.created.desc())
        )
        return [(row.id, row.name) for row in rows]
