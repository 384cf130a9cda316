"""The tables of the shared database."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)  # fmt: skip
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class ChainRow(Base):
    __tablename__ = "chain"
    __table_args__ = (Index("uq_chain_dataset_name", "dataset_id", "name", unique=True),)

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


class UploadRow(Base):
    """An accepted upload: its files as one zip, found by the hash of their content."""

    __tablename__ = "upload"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(64), index=True)
    files: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(Integer)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class SheetRow(Base):
    """A chain's scoring sheet (soft multi-criteria assessment and readiness), one per scorer
    and time; its lines as JSON."""

    __tablename__ = "score_sheet"
    __table_args__ = (Index("ix_score_sheet_chain", "dataset_id", "chain_key"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    dataset_id: Mapped[str] = mapped_column(String(200))
    chain_key: Mapped[str] = mapped_column(Text)
    scorer: Mapped[str] = mapped_column(Text)
    scored_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    entries: Mapped[str] = mapped_column(Text)
    readiness: Mapped[str] = mapped_column(Text)


class ScenarioRow(Base):
    """A policy what-if saved under a name, per dataset: its changes in order."""

    __tablename__ = "scenario"
    __table_args__ = (Index("uq_scenario_dataset_name", "dataset_id", "name", unique=True),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    dataset_id: Mapped[str] = mapped_column(String(200), index=True)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    changes: Mapped[list[ScenarioChangeRow]] = relationship(
        back_populates="scenario",
        cascade="all, delete-orphan",
        order_by="ScenarioChangeRow.position",
    )


class ScenarioChangeRow(Base):
    """One change of a saved scenario: a key (`gate_fee.landfill.RU`) and its value as text."""

    __tablename__ = "scenario_change"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    scenario_id: Mapped[str] = mapped_column(
        ForeignKey("scenario.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(Text)
    value: Mapped[str] = mapped_column(Text)
    scenario: Mapped[ScenarioRow] = relationship(back_populates="changes")


class GameRoomRow(Base):
    """A room of the training game: its join code, the hash of the trainer's key, the
    settings as JSON, and where the game stands."""

    __tablename__ = "game_room"
    __table_args__ = (UniqueConstraint("code", name="uq_game_room_code"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    code: Mapped[str] = mapped_column(String(12))
    trainer_key_hash: Mapped[str] = mapped_column(String(64))
    settings: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16))
    round: Mapped[int] = mapped_column(Integer)
    round_started: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    paused_left_s: Mapped[float | None] = mapped_column(Float, nullable=True)
    hints_revealed: Mapped[bool] = mapped_column(Boolean)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class GameTeamRow(Base):
    """A team of a room: its name (unique per room, case-folded) and the hash of its token."""

    __tablename__ = "game_team"
    __table_args__ = (
        Index("uq_game_team_room_name", "room_id", "name_key", unique=True),
        UniqueConstraint("token_hash", name="uq_game_team_token_hash"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    room_id: Mapped[str] = mapped_column(ForeignKey("game_room.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(Text)
    name_key: Mapped[str] = mapped_column(Text)
    token_hash: Mapped[str] = mapped_column(String(64))
    locked: Mapped[bool] = mapped_column(Boolean)
    joined: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class GameChainRow(Base):
    """A chain a team built in a round: links, difficulties and score as JSON; `submission` is
    the client's key of the request that made it (unique per team), `last_submission` the key
    of the last edit applied."""

    __tablename__ = "game_chain"
    __table_args__ = (Index("uq_game_chain_team_submission", "team_id", "submission", unique=True),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    room_id: Mapped[str] = mapped_column(ForeignKey("game_room.id", ondelete="CASCADE"), index=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("game_team.id", ondelete="CASCADE"))
    round: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    links: Mapped[str] = mapped_column(Text)
    difficulties: Mapped[str] = mapped_column(Text)
    score: Mapped[str | None] = mapped_column(Text, nullable=True)
    submission: Mapped[str] = mapped_column(String(64))
    last_submission: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer)


class GameSubmissionRow(Base):
    """A key a team's request was applied under, and the chain it made or changed: a request
    sent again (a double click, a retry) finds its key and changes nothing."""

    __tablename__ = "game_submission"

    team_id: Mapped[str] = mapped_column(
        ForeignKey("game_team.id", ondelete="CASCADE"), primary_key=True
    )
    submission: Mapped[str] = mapped_column(String(64), primary_key=True)
    chain_id: Mapped[str] = mapped_column(ForeignKey("game_chain.id", ondelete="CASCADE"))


class DeckRow(Base):
    """A trainer's deck: its name, its dataset, and its slides as JSON (kind, reference,
    note), with a version raised at every save."""

    __tablename__ = "deck"
    __table_args__ = (Index("uq_deck_dataset_name", "dataset_id", "name", unique=True),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    dataset_id: Mapped[str] = mapped_column(String(200), index=True)
    slides: Mapped[str] = mapped_column(Text)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer)


class WorkshopRow(Base):
    """A facilitator's workshop: its join code, the hash of the facilitator's key, its title."""

    __tablename__ = "workshop"
    __table_args__ = (UniqueConstraint("code", name="uq_workshop_code"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    code: Mapped[str] = mapped_column(String(12))
    facilitator_key_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class WorkshopCardRow(Base):
    """A have or want card of a workshop, with the hash of the token of the phone that wrote it."""

    __tablename__ = "workshop_card"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(
        ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    author_hash: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    company: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text)
    quantity: Mapped[float | None] = mapped_column(Float, nullable=True)
    unit: Mapped[str | None] = mapped_column(String(16), nullable=True)
    frequency: Mapped[str | None] = mapped_column(String(16), nullable=True)
    place_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    lat: Mapped[float | None] = mapped_column(Float, nullable=True)
    lon: Mapped[float | None] = mapped_column(Float, nullable=True)
    shareable: Mapped[bool] = mapped_column(Boolean)
    ewc_code: Mapped[str | None] = mapped_column(String(6), nullable=True)
    material: Mapped[str | None] = mapped_column(String(64), nullable=True)
    nace: Mapped[str | None] = mapped_column(String(16), nullable=True)
    status: Mapped[str] = mapped_column(String(16))
    merged_into: Mapped[str | None] = mapped_column(String(32), nullable=True)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer)


class PipelineRow(Base):
    """A chain followed in the Living Lab pipeline: who owns it, with a version raised at every
    change."""

    __tablename__ = "pipeline"

    chain_id: Mapped[str] = mapped_column(
        ForeignKey("chain.id", ondelete="CASCADE"), primary_key=True
    )
    owner: Mapped[str] = mapped_column(Text)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer)


class PipelineEventRow(Base):
    """A dated stage change (`stage` set, with its reason when stopped) or note of a followed
    chain."""

    __tablename__ = "pipeline_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    chain_id: Mapped[str] = mapped_column(
        ForeignKey("pipeline.chain_id", ondelete="CASCADE"), index=True
    )
    on: Mapped[date] = mapped_column(Date)
    stage: Mapped[str | None] = mapped_column(String(16), nullable=True)
    reason: Mapped[str | None] = mapped_column(String(16), nullable=True)
    text: Mapped[str | None] = mapped_column(Text, nullable=True)
    author: Mapped[str | None] = mapped_column(Text, nullable=True)
    recorded: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PipelineYearRow(Base):
    """What a running chain delivered in one calendar year (empty: not reported)."""

    __tablename__ = "pipeline_year"

    chain_id: Mapped[str] = mapped_column(
        ForeignKey("pipeline.chain_id", ondelete="CASCADE"), primary_key=True
    )
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    diverted_t: Mapped[float | None] = mapped_column(Float, nullable=True)
    ghg_avoided_t_co2e: Mapped[float | None] = mapped_column(Float, nullable=True)
    money_saved_eur: Mapped[float | None] = mapped_column(Float, nullable=True)
    jobs: Mapped[float | None] = mapped_column(Float, nullable=True)
    provenance: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(Text)
    recorded: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SignInFailureRow(Base):
    """A failed facilitator sign-in, by the hash of the client it came from."""

    __tablename__ = "sign_in_failure"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    client_hash: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CompanyLinkRow(Base):
    """A link that opens one company's own data in full (the company tier), by its token's
    hash."""

    __tablename__ = "company_link"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    dataset_id: Mapped[str] = mapped_column(String(200), index=True)
    company_id: Mapped[str] = mapped_column(Text)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires: Mapped[datetime] = mapped_column(DateTime(timezone=True))
