"""Saved decks: kept with their slides in order, listed per dataset, names unique per dataset,
a save over a newer version refused, renamed and deleted; the same on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from dashboard.domain import deck as dk
from dashboard.store import db
from dashboard.store import decks as store
from dashboard.store.models import DeckRow

SLIDES = (dk.Slide(dk.TITLE), dk.Slide(dk.CASE, "kalundborg", "Начать с <b>Калуннборга</b>"),
          dk.Slide(dk.GAME, "ABC234"))  # fmt: skip


def test_a_deck_is_kept_with_its_slides_in_order(url):
    deck_id = store.create_deck("  Тренинг   СПб ", "leningrad", SLIDES, url)
    kept = store.get_deck(deck_id, url)
    assert kept.name == "Тренинг СПб" and kept.dataset_id == "leningrad"
    assert kept.slides == SLIDES and kept.version == 1 and kept.updated.tzinfo is not None
    assert store.get_deck("0" * 32, url) is None
    assert [d.deck_id for d in store.list_decks("leningrad", url)] == [deck_id]
    assert store.list_decks("kalundborg", url) == []


def test_names_are_unique_per_dataset(url):
    store.create_deck("Deck", "leningrad", (), url)
    with pytest.raises(store.DuplicateName) as taken:
        store.create_deck("Deck", "leningrad", (), url)
    assert taken.value.suggestion == "Deck (2)"
    store.create_deck("Deck", "kalundborg", (), url)
    other = store.create_deck("Other", "leningrad", (), url)
    with pytest.raises(store.DuplicateName):
        store.rename_deck(other, "Deck", url)
    assert store.rename_deck(other, "Renamed", url)
    assert not store.rename_deck("0" * 32, "x", url)
    with pytest.raises(dk.BadSlide):
        store.create_deck(" ", "leningrad", (), url)


def test_a_save_over_a_newer_version_is_refused(url):
    deck_id = store.create_deck("Versions", "leningrad", SLIDES, url)
    saved = store.save_slides(deck_id, SLIDES[::-1], 1, url)
    assert saved.version == 2 and saved.slides == SLIDES[::-1]
    with pytest.raises(store.Stale):
        store.save_slides(deck_id, SLIDES, 1, url)
    assert store.get_deck(deck_id, url).slides == SLIDES[::-1]
    with pytest.raises(dk.BadSlide):
        store.save_slides(deck_id, [dk.Slide(dk.CHAIN)], 2, url)
    with pytest.raises(KeyError):
        store.save_slides("0" * 32, SLIDES, 1, url)


def test_a_slide_of_an_unknown_kind_is_skipped_when_read(url):
    deck_id = store.create_deck("Old", "leningrad", SLIDES, url)
    with Session(db.engine(url)) as session, session.begin():
        session.execute(update(DeckRow).where(DeckRow.id == deck_id).values(
            slides='[{"kind": "poster"}, {"kind": "title", "ref": null, "note": ""}]'))
    assert store.get_deck(deck_id, url).slides == (dk.Slide(dk.TITLE),)


def test_a_deck_is_deleted(url):
    deck_id = store.create_deck("Gone", "leningrad", SLIDES, url)
    assert store.delete_deck(deck_id, url) and store.get_deck(deck_id, url) is None
    assert not store.delete_deck(deck_id, url)
