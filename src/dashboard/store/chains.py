"""Chains composed by users, kept in the shared database: create, list, rename, set members,
delete. Every function takes an optional database URL (default: `db.database_url()`).

Rows are read defensively: a chain whose stored values cannot be read (a date that is not a
date, a quantity that is not a finite number, an unknown member kind) is left out and named in
`Listing.skipped`, so one bad row never breaks the page for everyone else.

Names are unique per dataset (a unique index, migration 0002): creating or renaming a chain to
a name its dataset already has raises `DuplicateName`, which offers a free name."""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import String, delete, select, type_coerce
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dashboard.domain.members import MEMBER_KINDS, Member, StoredChain
from dashboard.store.db import engine
from dashboard.store.models import ChainRow, MemberRow
from dashboard.store.rows import BadRow, aware


def _now() -> datetime:
    return datetime.now(UTC)


def _member_rows(members: Iterable[Member]) -> list[MemberRow]:
    rows = []
    for position, member in enumerate(members):
        if member.kind not in MEMBER_KINDS:
            raise ValueError(member.kind)
        rows.append(
            MemberRow(
                position=position,
                kind=member.kind,
                ref_id=member.ref_id,
                source_company=member.source_company,
                target_company=member.target_company,
                material=member.material,
                quantity=member.quantity,
                unit=member.unit,
            )
        )
    return rows


@dataclass(frozen=True)
class Listing:
    """Stored chains, and the ids of those whose rows could not be read."""

    chains: list[StoredChain]
    skipped: list[str] = field(default_factory=list)


def _quantity(value: object) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError) as error:
        raise BadRow(repr(value)) from error
    if not math.isfinite(number):
        raise BadRow(repr(value))
    return number


def _text(value: object) -> str | None:
    return None if value is None else str(value)


CHAIN_COLUMNS = (
    ChainRow.id, ChainRow.name, ChainRow.dataset_id,
    type_coerce(ChainRow.created, String), type_coerce(ChainRow.updated, String),
)  # fmt: skip
MEMBER_COLUMNS = (
    MemberRow.chain_id, MemberRow.kind, MemberRow.ref_id, MemberRow.source_company,
    MemberRow.target_company, MemberRow.material, type_coerce(MemberRow.quantity, String),
    MemberRow.unit,
)  # fmt: skip


def _read(session: Session, chain_filter) -> Listing:
    """Chains matching `chain_filter` (a where clause on ChainRow), read value by value."""
    chains = session.execute(
        select(*CHAIN_COLUMNS).where(chain_filter).order_by(ChainRow.updated.desc(), ChainRow.id)
    ).all()
    ids = [row[0] for row in chains]
    members: dict[str, list] = {chain_id: [] for chain_id in ids}
    if ids:
        query = select(*MEMBER_COLUMNS).where(MemberRow.chain_id.in_(ids))
        for row in session.execute(query.order_by(MemberRow.chain_id, MemberRow.position)):
            members[row[0]].append(row[1:])
    found, skipped = [], []
    for chain_id, name, dataset_id, created, updated in chains:
        try:
            parts = []
            for kind, ref_id, source, target, material, quantity, unit in members[chain_id]:
                if kind not in MEMBER_KINDS:
                    raise BadRow(repr(kind))
                member = Member(
                    kind, str(ref_id), _text(source), _text(target), _text(material),
                    _quantity(quantity), _text(unit),
                )  # fmt: skip
                parts.append(member)
            chain = StoredChain(
                chain_id, str(name), str(dataset_id), aware(created), aware(updated),
                tuple(parts),
            )  # fmt: skip
            found.append(chain)
        except BadRow:
            skipped.append(str(chain_id))
    return Listing(found, skipped)


class DuplicateName(ValueError):
    """A chain of the dataset already has this name; `suggestion` is a free one."""

    def __init__(self, name: str, suggestion: str):
        super().__init__(name)
        self.name, self.suggestion = name, suggestion


def _names(session: Session, dataset_id: str) -> set[str]:
    return set(session.scalars(select(ChainRow.name).where(ChainRow.dataset_id == dataset_id)))


def free_among(name: str, taken: set[str]) -> str:
    """`name`, or the first of "name (2)", "name (3)", ... that is not in `taken`."""
    if name not in taken:
        return name
    n = 2
    while f"{name} ({n})" in taken:
        n += 1
    return f"{name} ({n})"


def free_name(name: str, dataset_id: str, url: str | None = None) -> str:
    """`name`, or "name (2)", "name (3)", ...: the first that no chain of the dataset has."""
    with Session(engine(url)) as session:
        return free_among(name, _names(session, dataset_id))


def _unique(session: Session, name: str, dataset_id: str) -> None:
    taken = _names(session, dataset_id)
    if name in taken:
        raise DuplicateName(name, free_among(name, taken))


def create_chain(
    name: str, dataset_id: str, members: Iterable[Member] = (), url: str | None = None
) -> str:
    """Store a new chain and return its id; `DuplicateName` when the dataset has the name."""
    now = _now()
    chain_id = uuid.uuid4().hex
    rows = _member_rows(members)
    try:
        with Session(engine(url)) as session, session.begin():
            _unique(session, name, dataset_id)
            session.add(
                ChainRow(
                    id=chain_id, name=name, dataset_id=dataset_id, created=now, updated=now,
                    members=rows,
                )
            )  # fmt: skip
    except IntegrityError as error:  # another process took the name meanwhile
        raise DuplicateName(name, free_name(name, dataset_id, url)) from error
    return chain_id


def get_chain(chain_id: str, url: str | None = None) -> StoredChain | None:
    """The chain, or None when it does not exist or cannot be read."""
    with Session(engine(url)) as session:
        chains = _read(session, ChainRow.id == chain_id).chains
    return chains[0] if chains else None


def read_chains(dataset_id: str | None = None, url: str | None = None) -> Listing:
    """Stored chains, newest first (only those of `dataset_id` when given), and the ids of
    those that could not be read."""
    condition = ChainRow.dataset_id == dataset_id if dataset_id is not None else True
    with Session(engine(url)) as session:
        return _read(session, condition)


def list_chains(dataset_id: str | None = None, url: str | None = None) -> list[StoredChain]:
    """Stored chains that can be read, newest first; only those of `dataset_id` when given."""
    return read_chains(dataset_id, url).chains


def rename_chain(chain_id: str, name: str, url: str | None = None) -> bool:
    """Rename a chain; False when it does not exist, `DuplicateName` when another chain of its
    dataset has the name."""
    try:
        with Session(engine(url)) as session, session.begin():
            row = session.get(ChainRow, chain_id)
            if row is None:
                return False
            if name == row.name:
                return True
            dataset_id = row.dataset_id
            _unique(session, name, dataset_id)
            row.name, row.updated = name, _now()
    except IntegrityError as error:
        raise DuplicateName(name, free_name(name, dataset_id, url)) from error
    return True


def set_members(chain_id: str, members: Iterable[Member], url: str | None = None) -> bool:
    """Replace a chain's members (in order); False when the chain does not exist."""
    rows = _member_rows(members)
    with Session(engine(url)) as session, session.begin():
        row = session.get(ChainRow, chain_id)
        if row is None:
            return False
        session.execute(delete(MemberRow).where(MemberRow.chain_id == chain_id))
        session.expire(row, ["members"])
        row.members = rows
        row.updated = _now()
    return True


def delete_chain(chain_id: str, url: str | None = None) -> bool:
    """Delete a chain and its members; False when it does not exist."""
    with Session(engine(url)) as session, session.begin():
        row = session.get(ChainRow, chain_id)
        if row is None:
            return False
        session.delete(row)
    return True
