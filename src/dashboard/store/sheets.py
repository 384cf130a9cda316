"""Chains' scoring sheets kept in the shared database: save, list per chain or dataset, delete.

A sheet is saved as a new row each time (who scored, when), so earlier scorings stay to compare;
`latest_per_scorer` reads the current view. A row whose lines cannot be read is left out and
its id returned in `Listing.skipped`, so one bad row never breaks the page."""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from dashboard.domain.scoring import Entry, InvalidSheet, Sheet, validated
from dashboard.store.db import engine
from dashboard.store.models import SheetRow


@dataclass(frozen=True)
class Listing:
    sheets: list[Sheet]
    skipped: list[str] = field(default_factory=list)


def _dump(entries: tuple[Entry, ...]) -> str:
    return json.dumps([asdict(e) for e in entries], ensure_ascii=False)


def _load(text: str) -> tuple[Entry, ...]:
    return tuple(Entry(**item) for item in json.loads(text))


def save_sheet(sheet: Sheet, url: str | None = None) -> str:
    """Store a valid sheet (InvalidSheet otherwise) as a new row; return its id."""
    validated(sheet)
    sheet_id = uuid.uuid4().hex
    when = sheet.scored_at if sheet.scored_at.tzinfo else sheet.scored_at.replace(tzinfo=UTC)
    with Session(engine(url)) as session, session.begin():
        session.add(
            SheetRow(
                id=sheet_id, dataset_id=sheet.dataset_id, chain_key=sheet.chain_key,
                scorer=sheet.scorer.strip(), scored_at=when, entries=_dump(sheet.entries),
                readiness=_dump(sheet.readiness),
            )
        )  # fmt: skip
    return sheet_id


def _sheet(row: SheetRow) -> Sheet:
    when = row.scored_at if row.scored_at.tzinfo else row.scored_at.replace(tzinfo=UTC)
    sheet = Sheet(
        row.dataset_id, row.chain_key, row.scorer, when, _load(row.entries),
        _load(row.readiness), sheet_id=row.id,
    )  # fmt: skip
    return validated(sheet)


def read_sheets(dataset_id: str, chain_key: str | None = None, url: str | None = None) -> Listing:
    """The dataset's sheets (of one chain when `chain_key` is given), newest first."""
    query = select(SheetRow).where(SheetRow.dataset_id == dataset_id)
    if chain_key is not None:
        query = query.where(SheetRow.chain_key == chain_key)
    sheets, skipped = [], []
    with Session(engine(url)) as session:
        for row in session.scalars(query.order_by(SheetRow.scored_at.desc(), SheetRow.id)):
            try:
                sheets.append(_sheet(row))
            except (InvalidSheet, TypeError, ValueError, AttributeError):
                skipped.append(row.id)
    return Listing(sheets, skipped)


def latest_per_scorer(sheets: list[Sheet]) -> list[Sheet]:
    """Each (chain, scorer)'s newest sheet, in the order given (newest first)."""
    seen: set[tuple[str, str]] = set()
    latest = []
    for sheet in sheets:
        key = (sheet.chain_key, sheet.scorer.casefold())
        if key not in seen:
            seen.add(key)
            latest.append(sheet)
    return latest


def delete_sheet(sheet_id: str, url: str | None = None) -> bool:
    """Delete one sheet by id; False when there was none."""
    with Session(engine(url)) as session, session.begin():
        return session.execute(delete(SheetRow).where(SheetRow.id == sheet_id)).rowcount > 0


def now() -> datetime:
    return datetime.now(UTC)
