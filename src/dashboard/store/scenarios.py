"""Policy what-ifs saved in the shared database: save, list, read, delete. Every function takes
an optional database URL (default: `db.database_url()`).

A scenario is kept as its changes, (key, value) text pairs in order (see
`dashboard.analysis.scenario`), never as results: its numbers are computed again from the data
and factors of the day. Names are unique per dataset (a unique index, migration 0005): saving
under a name the dataset already has raises `DuplicateName`, which offers a free name.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from dashboard.store.chains import DuplicateName, free_among
from dashboard.store.db import engine
from dashboard.store.models import ScenarioChangeRow, ScenarioRow

__all__ = [
    "DuplicateName", "StoredScenario", "delete_scenario", "free_name", "get_scenario",
    "list_scenarios", "save_scenario",
]  # fmt: skip


@dataclass(frozen=True)
class StoredScenario:
    scenario_id: str
    name: str
    dataset_id: str
    created: datetime
    updated: datetime
    changes: tuple[tuple[str, str], ...]


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _stored(row: ScenarioRow) -> StoredScenario:
    changes = tuple((c.key, c.value) for c in row.changes)
    return StoredScenario(row.id, row.name, row.dataset_id, _aware(row.created),
                          _aware(row.updated), changes)  # fmt: skip


def _names(session: Session, dataset_id: str) -> set[str]:
    query = select(ScenarioRow.name).where(ScenarioRow.dataset_id == dataset_id)
    return set(session.scalars(query))


def free_name(name: str, dataset_id: str, url: str | None = None) -> str:
    """`name`, or "name (2)", "name (3)", ...: the first no scenario of the dataset has."""
    with Session(engine(url)) as session:
        return free_among(name, _names(session, dataset_id))


def save_scenario(
    name: str, dataset_id: str, changes: Iterable[tuple[str, str]], url: str | None = None
) -> str:
    """Keep a scenario's changes under a name and return its id; `DuplicateName` when the
    dataset already has a scenario of that name."""
    now = datetime.now(UTC)
    scenario_id = uuid.uuid4().hex
    rows = [ScenarioChangeRow(position=i, key=str(key), value=str(value))
            for i, (key, value) in enumerate(changes)]  # fmt: skip
    try:
        with Session(engine(url)) as session, session.begin():
            taken = _names(session, dataset_id)
            if name in taken:
                raise DuplicateName(name, free_among(name, taken))
            session.add(ScenarioRow(id=scenario_id, name=name, dataset_id=dataset_id,
                                    created=now, updated=now, changes=rows))  # fmt: skip
    except IntegrityError as error:  # another process took the name meanwhile
        raise DuplicateName(name, free_name(name, dataset_id, url)) from error
    return scenario_id


def list_scenarios(dataset_id: str | None = None, url: str | None = None) -> list[StoredScenario]:
    """Saved scenarios, newest first, then by name (only those of `dataset_id` when given)."""
    query = select(ScenarioRow).options(selectinload(ScenarioRow.changes))
    if dataset_id is not None:
        query = query.where(ScenarioRow.dataset_id == dataset_id)
    query = query.order_by(ScenarioRow.updated.desc(), ScenarioRow.name, ScenarioRow.id)
    with Session(engine(url)) as session:
        return [_stored(row) for row in session.scalars(query)]


def get_scenario(scenario_id: str, url: str | None = None) -> StoredScenario | None:
    """The scenario, or None when there is none with this id."""
    with Session(engine(url)) as session:
        row = session.get(ScenarioRow, scenario_id)
        return None if row is None else _stored(row)


def delete_scenario(scenario_id: str, url: str | None = None) -> bool:
    """Delete a scenario and its changes; False when it does not exist."""
    with Session(engine(url)) as session, session.begin():
        row = session.get(ScenarioRow, scenario_id)
        if row is None:
            return False
        session.delete(row)
    return True
