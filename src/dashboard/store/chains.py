"""Chains composed by users, kept in the shared database: create, list, rename, set members,
delete. Every function takes an optional database URL (default: `db.database_url()`)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from dashboard.domain.members import MEMBER_KINDS, Member, StoredChain
from dashboard.store.db import engine
from dashboard.store.models import ChainRow, MemberRow


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


def _stored(row: ChainRow) -> StoredChain:
    members = tuple(
        Member(m.kind, m.ref_id, m.source_company, m.target_company, m.material, m.quantity, m.unit)
        for m in row.members
    )
    return StoredChain(
        row.id, row.name, row.dataset_id, _aware(row.created), _aware(row.updated), members
    )


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def create_chain(
    name: str, dataset_id: str, members: Iterable[Member] = (), url: str | None = None
) -> str:
    """Store a new chain and return its id."""
    now = _now()
    chain_id = uuid.uuid4().hex
    with Session(engine(url)) as session, session.begin():
        session.add(
            ChainRow(
                id=chain_id,
                name=name,
                dataset_id=dataset_id,
                created=now,
                updated=now,
                members=_member_rows(members),
            )
        )
    return chain_id


def get_chain(chain_id: str, url: str | None = None) -> StoredChain | None:
    with Session(engine(url)) as session:
        row = session.get(ChainRow, chain_id)
        return None if row is None else _stored(row)


def list_chains(dataset_id: str | None = None, url: str | None = None) -> list[StoredChain]:
    """Stored chains, newest first; only those of `dataset_id` when given."""
    query = select(ChainRow).order_by(ChainRow.updated.desc(), ChainRow.id)
    if dataset_id is not None:
        query = query.where(ChainRow.dataset_id == dataset_id)
    with Session(engine(url)) as session:
        return [_stored(row) for row in session.scalars(query)]


def rename_chain(chain_id: str, name: str, url: str | None = None) -> bool:
    """Rename a chain; False when it does not exist."""
    with Session(engine(url)) as session, session.begin():
        row = session.get(ChainRow, chain_id)
        if row is None:
            return False
        row.name, row.updated = name, _now()
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
