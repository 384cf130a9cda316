"""Trainers' decks in the shared database: create, list, read, save slides, rename, delete.
Every function takes an optional database URL (default: `db.database_url()`).

A deck keeps its slides (kind, reference, note) as JSON, never their content: a slide is drawn
again from the data of the day. Names are unique per dataset (migration 0007). A save names the
version it was based on; a save over a newer version raises `Stale`, so two trainers editing one
deck never overwrite each other unseen.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dashboard.domain.deck import NAME_MAX, BadSlide, Deck, Slide, checked_slides
from dashboard.store.chains import DuplicateName, free_among
from dashboard.store.db import engine
from dashboard.store.models import DeckRow
from dashboard.store.rows import aware

__all__ = [
    "DuplicateName", "Stale", "create_deck", "delete_deck", "get_deck", "list_decks",
    "rename_deck", "save_slides",
]  # fmt: skip


class Stale(Exception):
    """The deck changed since it was read (its version is newer than the one named)."""


def _dump(slides: Sequence[Slide]) -> str:
    return json.dumps(
        [{"kind": s.kind, "ref": s.ref, "note": s.note} for s in slides], ensure_ascii=False
    )


def _load(text: str) -> tuple[Slide, ...]:
    slides = []
    for item in json.loads(text):
        try:
            slides.append(checked_slides([Slide(str(item["kind"]), item.get("ref"),
                                                str(item.get("note") or ""))])[0])  # fmt: skip
        except (BadSlide, KeyError, TypeError):
            continue  # a kind a later version removed: the rest of the deck still shows
    return tuple(slides)


def _deck(row: DeckRow) -> Deck:
    return Deck(row.id, row.name, row.dataset_id, _load(row.slides), aware(row.updated),
                row.version)  # fmt: skip


def _name(name: object) -> str:
    text = " ".join(str(name).split())
    if not text or len(text) > NAME_MAX:
        raise BadSlide("name")
    return text


def _names(session: Session, dataset_id: str) -> set[str]:
    return set(session.scalars(select(DeckRow.name).where(DeckRow.dataset_id == dataset_id)))


def _free(name: str, dataset_id: str, url: str | None) -> str:
    with Session(engine(url)) as session:
        return free_among(name, _names(session, dataset_id))


def create_deck(
    name: str, dataset_id: str, slides: Sequence[Slide], url: str | None = None
) -> str:
    """Keep a new deck and return its id; `DuplicateName` when the dataset has a deck of that
    name, `BadSlide` when a slide or the name cannot be kept."""
    name, kept = _name(name), _dump(checked_slides(slides))
    now, deck_id = datetime.now(UTC), uuid.uuid4().hex
    try:
        with Session(engine(url)) as session, session.begin():
            taken = _names(session, dataset_id)
            if name in taken:
                raise DuplicateName(name, free_among(name, taken))
            session.add(DeckRow(id=deck_id, name=name, dataset_id=dataset_id, slides=kept,
                                created=now, updated=now, version=1))  # fmt: skip
    except IntegrityError as error:
        raise DuplicateName(name, _free(name, dataset_id, url)) from error
    return deck_id


def list_decks(dataset_id: str, url: str | None = None) -> list[Deck]:
    """The dataset's decks, newest first, then by name."""
    query = (select(DeckRow).where(DeckRow.dataset_id == dataset_id)
             .order_by(DeckRow.updated.desc(), DeckRow.name, DeckRow.id))  # fmt: skip
    with Session(engine(url)) as session:
        return [_deck(row) for row in session.scalars(query)]


def get_deck(deck_id: str, url: str | None = None) -> Deck | None:
    with Session(engine(url)) as session:
        row = session.get(DeckRow, deck_id)
        return None if row is None else _deck(row)


def save_slides(
    deck_id: str, slides: Sequence[Slide], base_version: int, url: str | None = None
) -> Deck:
    """Replace the deck's slides; `Stale` when it was saved since `base_version`, `KeyError`
    when it is gone."""
    kept = _dump(checked_slides(slides))
    with Session(engine(url)) as session, session.begin():
        row = session.get(DeckRow, deck_id, with_for_update=True)
        if row is None:
            raise KeyError(deck_id)
        if row.version != base_version:
            raise Stale(deck_id)
        row.slides, row.updated, row.version = kept, datetime.now(UTC), row.version + 1
        session.flush()
        return _deck(row)


def rename_deck(deck_id: str, name: str, url: str | None = None) -> bool:
    """Rename a deck; False when it is gone, `DuplicateName` when its dataset has the name."""
    name = _name(name)
    try:
        with Session(engine(url)) as session, session.begin():
            row = session.get(DeckRow, deck_id)
            if row is None:
                return False
            taken = _names(session, row.dataset_id) - {row.name}
            if name in taken:
                raise DuplicateName(name, free_among(name, taken))
            row.name, row.updated, row.version = name, datetime.now(UTC), row.version + 1
            dataset_id = row.dataset_id
    except IntegrityError as error:
        raise DuplicateName(name, _free(name, dataset_id, url)) from error
    return True


def delete_deck(deck_id: str, url: str | None = None) -> bool:
    with Session(engine(url)) as session, session.begin():
        row = session.get(DeckRow, deck_id)
        if row is None:
            return False
        session.delete(row)
    return True
