"""Scoring sheets kept in the store: a sheet round-trips with its levels, confidences, comments,
scorer and time; newer sheets come first; a bad row is skipped; the same on SQLite and
PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from dashboard.domain.scoring import CRITERIA, Entry, InvalidSheet, Sheet, blank_readiness
from dashboard.store import db
from dashboard.store import sheets as store
from dashboard.store.models import SheetRow

WHEN = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


def sheet(dataset: str, scorer: str = "Anna", when: datetime = WHEN, level: int = 4) -> Sheet:
    entries = tuple(
        Entry(c, level=level if i % 2 == 0 else None, confidence="medium" if i % 2 == 0 else None,
              comment="Трасса — 3 км; <b>" if i == 0 else "", suggested=3 if i < 3 else None)
        for i, c in enumerate(CRITERIA)
    )  # fmt: skip
    readiness = tuple(Entry(e.criterion, level=2, confidence="low") for e in blank_readiness())
    return Sheet(dataset, "detected:c1", scorer, when, entries, readiness)


def test_a_sheet_round_trips_with_everything_a_person_entered(url):
    dataset = uuid.uuid4().hex
    made = sheet(dataset)
    sheet_id = store.save_sheet(made, url=url)
    [read] = store.read_sheets(dataset, "detected:c1", url=url).sheets
    assert read == made and read.sheet_id == sheet_id
    assert read.entries[0].comment == "Трасса — 3 км; <b>"
    assert read.scored_at == WHEN


def test_newest_first_and_the_latest_sheet_of_each_scorer(url):
    dataset = uuid.uuid4().hex
    for hours, scorer, level in ((0, "Anna", 2), (1, "Boris", 3), (2, "anna", 5)):
        store.save_sheet(sheet(dataset, scorer, WHEN + timedelta(hours=hours), level), url=url)
    listed = store.read_sheets(dataset, url=url).sheets
    assert [s.scorer for s in listed] == ["anna", "Boris", "Anna"]
    latest = store.latest_per_scorer(listed)
    assert [(s.scorer, s.entries[0].level) for s in latest] == [("anna", 5), ("Boris", 3)]
    assert store.read_sheets(dataset, "detected:other", url=url).sheets == []


def test_an_invalid_sheet_is_refused_and_nothing_is_stored(url):
    dataset = uuid.uuid4().hex
    bad_level = sheet(dataset)
    bad_level = Sheet(dataset, "k", "Anna", WHEN, (Entry(CRITERIA[0], level=7),))
    for bad in (bad_level, Sheet(dataset, "k", "  ", WHEN, ()),
                Sheet(dataset, "k", "Anna", WHEN, (Entry("colour"),))):  # fmt: skip
        with pytest.raises(InvalidSheet):
            store.save_sheet(bad, url=url)
    assert store.read_sheets(dataset, url=url).sheets == []


def test_an_unreadable_row_is_skipped_and_named(url):
    dataset = uuid.uuid4().hex
    good = store.save_sheet(sheet(dataset), url=url)
    broken = store.save_sheet(sheet(dataset, "Boris"), url=url)
    with Session(db.engine(url)) as session, session.begin():
        session.execute(update(SheetRow).where(SheetRow.id == broken).values(entries="{not json"))
    listing = store.read_sheets(dataset, url=url)
    assert [s.sheet_id for s in listing.sheets] == [good] and listing.skipped == [broken]


def test_a_sheet_is_deleted_by_its_id_only(url):
    dataset = uuid.uuid4().hex
    first = store.save_sheet(sheet(dataset), url=url)
    second = store.save_sheet(sheet(dataset, "Boris"), url=url)
    assert store.delete_sheet(first, url=url) and not store.delete_sheet(first, url=url)
    assert [s.sheet_id for s in store.read_sheets(dataset, url=url).sheets] == [second]
