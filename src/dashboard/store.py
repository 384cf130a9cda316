"""Store of user-composed chains (SQLAlchemy 2.0): SQLite by default, PostgreSQL by URL.

The database URL comes from the environment variable `IS_DASHBOARD_DB`; without it the store
is `sqlite:///<repo>/var/dashboard.sqlite`. One engine is created per URL.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from sqlalchemy import (
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    create_engine,
    delete,
    select,
)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from dashboard.reference import REPO_DIR

ENV_VAR = "IS_DASHBOARD_DB"
DEFAULT_PATH = REPO_DIR / "var" / "dashboard.sqlite"
MEMBER_KINDS = ("flow", "candidate")


class Base(DeclarativeBase):
    pass


class ChainRow(Base):
    __tablename__ = "chain"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    dataset_id: Mapped[str] = mapped_column(String(200), index=True)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    members: Mapped[list[MemberRow]] = relationship(
        back_populates="chain",
        cascade="all, delete-orphan",
        order_by="MemberRow.position",
    )


class MemberRow(Base):
    __tablename__ = "chain_member"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    chain_id: Mapped[str] = mapped_column(ForeignKey("chain.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    ref_id: Mapped[str] = mapped_column(Text)
    source_company: Mapped[str | None] = mapped_column(Text, nullable=True)
    target_company: Mapped[str | None] = mapped_column(Text, nullable=True)
    material: Mapped[str | None] = mapped_column(Text, nullable=True)
    quantity: Mapped[float | None] = mapped_column(Float, nullable=True)
    unit: Mapped[str | None] = mapped_column(String(16), nullable=True)
    chain: Mapped[ChainRow] = relationship(back_populates="members")


@dataclass(frozen=True)
class Member:
    """A chain member: a flow of the dataset (by id) or a candidate with its own fields."""

    kind: str
    ref_id: str
    source_company: str | None = None
    target_company: str | None = None
    material: str | None = None
    quantity: float | None = None
    unit: str | None = None


@dataclass(frozen=True)
class StoredChain:
    id: str
    name: str
    dataset_id: str
    created: datetime
    updated: datetime
    members: tuple[Member, ...]


def database_url() -> str:
    return os.environ.get(ENV_VAR) or f"sqlite:///{DEFAULT_PATH}"


@cache
def engine_for(url: str) -> Engine:
    """The engine of `url`, created once; a SQLite file's folder is created on demand."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    Base.metadata.create_all(engine)
    return engine


def _engine(url: str | None) -> Engine:
    return engine_for(url or database_url())


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
    with Session(_engine(url)) as session, session.begin():
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
    with Session(_engine(url)) as session:
        row = session.get(ChainRow, chain_id)
        return None if row is None else _stored(row)


def list_chains(dataset_id: str | None = None, url: str | None = None) -> list[StoredChain]:
    """Stored chains, newest first; only those of `dataset_id` when given."""
    query = select(ChainRow).order_by(ChainRow.updated.desc(), ChainRow.id)
    if dataset_id is not None:
        query = query.where(ChainRow.dataset_id == dataset_id)
    with Session(_engine(url)) as session:
        return [_stored(row) for row in session.scalars(query)]


def rename_chain(chain_id: str, name: str, url: str | None = None) -> bool:
    """Rename a chain; False when it does not exist."""
    with Session(_engine(url)) as session, session.begin():
        row = session.get(ChainRow, chain_id)
        if row is None:
            return False
        row.name, row.updated = name, _now()
    return True


def set_members(chain_id: str, members: Iterable[Member], url: str | None = None) -> bool:
    """Replace a chain's members (in order); False when the chain does not exist."""
    rows = _member_rows(members)
    with Session(_engine(url)) as session, session.begin():
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
    with Session(_engine(url)) as session, session.begin():
        row = session.get(ChainRow, chain_id)
        if row is None:
            return False
        session.delete(row)
    return True
