"""The Living Lab pipeline in the shared database: follow a stored chain, move it between
stages, write dated notes, record what it delivered each year. Every change is checked by the
domain's rules inside the transaction that writes it; a refusal raises `PipelineRefused` with
the rule's code. Deleting a chain deletes its pipeline."""

from __future__ import annotations

import math
from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from dashboard.domain.pipeline import (
    FIRST,
    METRICS,
    Note,
    Pipeline,
    StageChange,
    YearResult,
    move_refusal,
    note_refusal,
    year_refusal,
)
from dashboard.store.db import engine
from dashboard.store.models import ChainRow, PipelineEventRow, PipelineRow, PipelineYearRow
from dashboard.store.rows import BadRow, now_utc

OWNER_LIMIT, SOURCE_LIMIT = 200, 500


class PipelineRefused(ValueError):
    """A change the pipeline's rules refuse; `code` says which rule."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _owner(owner: str) -> str:
    text = " ".join(owner.split())
    if not text or len(text) > OWNER_LIMIT:
        raise PipelineRefused("owner")
    return text


def _number(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, int | float) and math.isfinite(value):
        return float(value)
    raise BadRow(repr(value))


def _date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as error:
        raise BadRow(repr(value)) from error


def _pipeline(row: PipelineRow, events: list[PipelineEventRow], years: list[PipelineYearRow]):
    changes, notes = [], []
    for event in events:
        if event.stage is not None:
            changes.append(StageChange(_date(event.on), event.stage, event.reason or ""))
        else:
            notes.append(Note(_date(event.on), event.text or "", event.author or ""))
    results = tuple(
        YearResult(
            int(y.year), {m: _number(getattr(y, m)) for m in METRICS}, y.provenance, y.source
        )
        for y in sorted(years, key=lambda y: y.year)
    )
    return Pipeline(row.chain_id, row.owner, tuple(changes), tuple(notes), results)


def _read(session: Session, chain_ids: list[str]) -> dict[str, Pipeline]:
    rows = session.scalars(select(PipelineRow).where(PipelineRow.chain_id.in_(chain_ids))).all()
    ids = [row.chain_id for row in rows]
    events: dict[str, list] = {i: [] for i in ids}
    years: dict[str, list] = {i: [] for i in ids}
    query = select(PipelineEventRow).where(PipelineEventRow.chain_id.in_(ids))
    for event in session.scalars(query.order_by(PipelineEventRow.on, PipelineEventRow.id)):
        events[event.chain_id].append(event)
    for year in session.scalars(select(PipelineYearRow).where(PipelineYearRow.chain_id.in_(ids))):
        years[year.chain_id].append(year)
    found = {}
    for row in rows:
        try:
            found[row.chain_id] = _pipeline(row, events[row.chain_id], years[row.chain_id])
        except (BadRow, TypeError, ValueError):
            continue
    return found


def pipelines(dataset_id: str, *, url: str | None = None) -> dict[str, Pipeline]:
    """The followed chains of a dataset, by chain id (a pipeline whose rows cannot be read is
    left out)."""
    with Session(engine(url)) as session:
        ids = session.scalars(
            select(PipelineRow.chain_id)
            .join(ChainRow, ChainRow.id == PipelineRow.chain_id)
            .where(ChainRow.dataset_id == dataset_id)
        ).all()
        return _read(session, list(ids))


def pipeline(chain_id: str, *, url: str | None = None) -> Pipeline | None:
    with Session(engine(url)) as session:
        return _read(session, [chain_id]).get(chain_id)


def _held(session: Session, chain_id: str) -> tuple[PipelineRow, Pipeline]:
    row = session.scalars(
        select(PipelineRow).where(PipelineRow.chain_id == chain_id).with_for_update()
    ).first()
    if row is None:
        raise PipelineRefused("not_followed")
    found = _read(session, [chain_id]).get(chain_id)
    if found is None:
        raise PipelineRefused("unreadable")
    return row, found


def _touch(row: PipelineRow, now: datetime) -> None:
    row.updated, row.version = now, row.version + 1


def follow(
    chain_id: str, owner: str, on: date, *, today: date, now: datetime | None = None,
    url: str | None = None,
) -> Pipeline:  # fmt: skip
    """Start following a stored chain as an idea, from `on`."""
    owner, now = _owner(owner), now_utc(now)
    if on > today:
        raise PipelineRefused("future_date")
    with Session(engine(url)) as session, session.begin():
        if session.get(ChainRow, chain_id) is None:
            raise PipelineRefused("no_chain")
        if session.get(PipelineRow, chain_id) is not None:
            raise PipelineRefused("followed")
        session.add(PipelineRow(chain_id=chain_id, owner=owner, created=now, updated=now,
                                version=1))  # fmt: skip
        session.flush()
        session.add(PipelineEventRow(chain_id=chain_id, on=on, stage=FIRST, recorded=now))
    return Pipeline(chain_id, owner, (StageChange(on, FIRST),))


def move(
    chain_id: str, change: StageChange, *, today: date, note: str = "",
    now: datetime | None = None, url: str | None = None,
) -> None:  # fmt: skip
    """Record a stage change (with a note of the same date when given)."""
    now = now_utc(now)
    with Session(engine(url)) as session, session.begin():
        row, current = _held(session, chain_id)
        refusal = move_refusal(current, change, today)
        if refusal is None and note.strip():
            refusal = note_refusal(Note(change.on, note), today)
        if refusal:
            raise PipelineRefused(refusal)
        session.add(PipelineEventRow(chain_id=chain_id, on=change.on, stage=change.stage,
                                     reason=change.reason or None, recorded=now))  # fmt: skip
        if note.strip():
            session.add(PipelineEventRow(chain_id=chain_id, on=change.on, text=note.strip(),
                                         recorded=now))  # fmt: skip
        _touch(row, now)


def add_note(
    chain_id: str, note: Note, *, today: date, now: datetime | None = None,
    url: str | None = None,
) -> None:  # fmt: skip
    now = now_utc(now)
    with Session(engine(url)) as session, session.begin():
        row, _ = _held(session, chain_id)
        refusal = note_refusal(note, today)
        if refusal:
            raise PipelineRefused(refusal)
        session.add(PipelineEventRow(chain_id=chain_id, on=note.on, text=note.text.strip(),
                                     author=note.author.strip() or None, recorded=now))  # fmt: skip
        _touch(row, now)


def set_owner(chain_id: str, owner: str, *, now: datetime | None = None,
              url: str | None = None) -> None:  # fmt: skip
    owner, now = _owner(owner), now_utc(now)
    with Session(engine(url)) as session, session.begin():
        row, _ = _held(session, chain_id)
        row.owner = owner
        _touch(row, now)


def record_year(
    chain_id: str, result: YearResult, *, today: date, now: datetime | None = None,
    url: str | None = None,
) -> None:  # fmt: skip
    """Record (or replace) what the chain delivered in `result.year`."""
    now = now_utc(now)
    source = " ".join(result.source.split())
    if len(source) > SOURCE_LIMIT:
        raise PipelineRefused("source")
    with Session(engine(url)) as session, session.begin():
        row, current = _held(session, chain_id)
        refusal = year_refusal(current, result, today)
        if refusal:
            raise PipelineRefused(refusal)
        session.execute(delete(PipelineYearRow).where(
            PipelineYearRow.chain_id == chain_id, PipelineYearRow.year == result.year
        ))  # fmt: skip
        session.add(PipelineYearRow(
            chain_id=chain_id, year=result.year, provenance=result.provenance, source=source,
            recorded=now, **{m: result.values.get(m) for m in METRICS},
        ))  # fmt: skip
        _touch(row, now)


def remove_year(chain_id: str, year: int, *, now: datetime | None = None,
                url: str | None = None) -> bool:  # fmt: skip
    """Remove a year's figures; False when none were recorded."""
    with Session(engine(url)) as session, session.begin():
        row, _ = _held(session, chain_id)
        gone = session.execute(delete(PipelineYearRow).where(
            PipelineYearRow.chain_id == chain_id, PipelineYearRow.year == year
        )).rowcount  # fmt: skip
        if gone:
            _touch(row, now_utc(now))
    return bool(gone)


def unfollow(chain_id: str, *, url: str | None = None) -> bool:
    """Stop following a chain, forgetting its history; False when it was not followed."""
    with Session(engine(url)) as session, session.begin():
        row = session.get(PipelineRow, chain_id)
        if row is None:
            return False
        session.execute(delete(PipelineEventRow).where(PipelineEventRow.chain_id == chain_id))
        session.execute(delete(PipelineYearRow).where(PipelineYearRow.chain_id == chain_id))
        session.delete(row)
    return True


__all__ = [
    "PipelineRefused", "add_note", "follow", "move", "pipeline", "pipelines", "record_year",
    "remove_year", "set_owner", "unfollow",
]  # fmt: skip
