"""The training game's rooms, teams and chains in the shared database. Every function takes an
optional database URL (default: `db.database_url()`).

A trainer creates a room and gets its join code and a trainer key; teams join by the code and
get a team token. Only the keys' and tokens' SHA-256 hashes are stored. Every refusal is a
`GameRefused` with a `code` the web layer words (no user-facing text here).

Writes that check and then change (joining, saving a chain) hold the room: a row lock on
PostgreSQL (`SELECT ... FOR UPDATE`), `BEGIN IMMEDIATE` on SQLite; the unique indexes decide
in the end, so a race gives the refusal (or the stored chain), never an IntegrityError.

A chain's `submission` is the client's idempotency key: the same request sent twice is applied
once, and the second answer is the stored chain. Rows that cannot be read are left out of
`chains`, so one bad row never breaks the page.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import re
import secrets
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, fields
from datetime import UTC, datetime, timedelta

from sqlalchemy import String, delete, func, select, text, type_coerce, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dashboard.domain.game import (
    CHAIN_NAME_MAX,
    DIFFICULTIES_MAX,
    DIFFICULTY_CATEGORIES,
    DIFFICULTY_TEXT_MAX,
    ENDED,
    LINKS_MAX,
    ROOM_STATES,
    RUNNING,
    TEAM_NAME_MAX,
    Difficulty,
    GameChain,
    Link,
    Room,
    RoomSettings,
    RoomState,
    Score,
    Team,
    Weights,
)  # fmt: skip
from dashboard.store.db import engine
from dashboard.store.models import GameChainRow, GameRoomRow, GameSubmissionRow, GameTeamRow
from dashboard.store.rows import BadRow, aware

__all__ = [
    "CODE_ALPHABET", "CODE_LENGTH", "JOINS_PER_MINUTE", "MAX_TEAMS", "BadName", "BadText",
    "GameRefused", "Locked", "NameTaken", "NotRunning", "NotTrainer", "NotYourTeam",
    "RoomClosed", "RoomFull", "TooManyJoins", "chains", "create_room", "delete_chain",
    "delete_room", "is_trainer", "join_team", "normalise_code", "room", "room_by_code",
    "save_chain", "set_locked", "set_status", "team_by_token", "teams",
]  # fmt: skip

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""Join-code characters: no look-alikes (0/O, 1/I/L)."""
CODE_LENGTH = 6
CODE_ATTEMPTS = 20
MAX_TEAMS = 30
JOINS_PER_MINUTE = 20
TEXT_MAX = 200
"""Longest giver, receiver, material, unit or measure id of a chain (ids, not prose)."""
SUBMISSION_MAX = 64


# --- refusals -------------------------------------------------------------------------------


class GameRefused(Exception):
    """A request the game refuses; `code` names why, for the web layer to word."""

    code = "refused"


class NotTrainer(GameRefused):
    code = "not_trainer"


class NameTaken(GameRefused):
    code = "name_taken"


class RoomClosed(GameRefused):
    code = "room_closed"


class RoomFull(GameRefused):
    code = "room_full"


class TooManyJoins(GameRefused):
    code = "too_many_joins"


class NotYourTeam(GameRefused):
    code = "not_your_team"


class Locked(GameRefused):
    code = "locked"


class NotRunning(GameRefused):
    code = "not_running"


class BadName(GameRefused, ValueError):
    code = "bad_name"


class BadText(GameRefused, ValueError):
    code = "bad_text"


class Stale(GameRefused):
    code = "stale"


# --- small helpers --------------------------------------------------------------------------


def _now(now: datetime | None = None) -> datetime:
    if now is None:
        return datetime.now(UTC)
    return now.astimezone(UTC) if now.tzinfo else now.replace(tzinfo=UTC)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _optional_aware(value: object) -> datetime | None:
    return None if value is None else aware(value)


def _finite(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BadRow(repr(value))
    number = float(value)
    if not math.isfinite(number):
        raise BadRow(repr(value))
    return number


def _string(value: object) -> str:
    if not isinstance(value, str):
        raise BadRow(repr(value))
    return value


def _single_spaced(name: object) -> str:
    return re.sub(r"\s+", " ", str(name)).strip()


def normalise_code(text: str) -> str:
    """A join code as typed ("ab3-k7 q") in its stored form ("AB3K7Q")."""
    return re.sub(r"[\s\-]+", "", str(text)).upper()


@contextmanager
def _writing(url: str | None) -> Iterator[Session]:
    """A write transaction; on SQLite it takes the write lock at once (`BEGIN IMMEDIATE`), so
    what it reads stays true until it commits."""
    with Session(engine(url)) as session, session.begin():
        if session.get_bind().dialect.name == "sqlite":
            session.execute(text("BEGIN IMMEDIATE"))
        yield session


# --- JSON of settings, links, difficulties, scores -----------------------------------------


def _dump_settings(settings: RoomSettings) -> str:
    return json.dumps(asdict(settings), ensure_ascii=False)


def _known(cls, data: dict) -> dict:
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in data.items() if k in names}


def _load_settings(text_: str) -> RoomSettings:
    try:
        data = _known(RoomSettings, json.loads(text_))
        if "sectors" in data:
            data["sectors"] = tuple(_string(s) for s in data["sectors"])
        if "weights" in data:
            data["weights"] = Weights(**_known(Weights, data["weights"]))
        return RoomSettings(**data)
    except (TypeError, ValueError, AttributeError) as error:
        raise BadRow(text_) from error


def _dump_links(links: Sequence[Link]) -> str:
    return json.dumps([asdict(link) for link in links], ensure_ascii=False)


def _load_links(text_: str) -> tuple[Link, ...]:
    try:
        return tuple(
            Link(_string(d["giver"]), _string(d["receiver"]), _string(d["material"]),
                 _finite(d["quantity"]), _string(d["unit"]))
            for d in json.loads(text_)
        )  # fmt: skip
    except (TypeError, ValueError, KeyError) as error:
        raise BadRow(text_) from error


def _dump_difficulties(difficulties: Sequence[Difficulty]) -> str:
    return json.dumps([asdict(d) for d in difficulties], ensure_ascii=False)


def _load_difficulties(text_: str) -> tuple[Difficulty, ...]:
    try:
        found = []
        for d in json.loads(text_):
            measure = d.get("measure_id")
            if d["category"] not in DIFFICULTY_CATEGORIES or not isinstance(d["accepted"], bool):
                raise BadRow(text_)
            found.append(
                Difficulty(_string(d["category"]), _string(d["text"]),
                           None if measure is None else _string(measure), d["accepted"])
            )  # fmt: skip
        return tuple(found)
    except (TypeError, ValueError, KeyError, AttributeError) as error:
        raise BadRow(text_) from error


def _dump_score(score: Score | None) -> str | None:
    return None if score is None else json.dumps(asdict(score), ensure_ascii=False)


def _load_score(text_: str | None) -> Score | None:
    if text_ is None:
        return None
    try:
        data = json.loads(text_)
        parts = tuple(
            (_string(part), None if value is None else _finite(value),
             None if points is None else _finite(points))
            for part, value, points in data["parts"]
        )
        return Score(_finite(data["total"]), parts)
    except (TypeError, ValueError, KeyError) as error:
        raise BadRow(text_) from error


# --- rooms ----------------------------------------------------------------------------------

ROOM_COLUMNS = (
    GameRoomRow.id, GameRoomRow.code, GameRoomRow.settings, GameRoomRow.state, GameRoomRow.round,
    type_coerce(GameRoomRow.round_started, String), GameRoomRow.paused_left_s,
    GameRoomRow.hints_revealed, type_coerce(GameRoomRow.created, String),
    type_coerce(GameRoomRow.expires, String),
)  # fmt: skip


def _room(row) -> Room:
    room_id, code, settings, state, round_, started, left, hints, created, expires = row
    if state not in ROOM_STATES:
        raise BadRow(repr(state))
    status = RoomState(
        state, int(round_), _optional_aware(started), None if left is None else _finite(left),
        bool(hints),
    )  # fmt: skip
    return Room(room_id, code, _load_settings(settings), status, aware(created), aware(expires))


def _read_room(session: Session, condition, lock: bool = False) -> Room | None:
    query = select(*ROOM_COLUMNS).where(condition)
    if lock:
        query = query.with_for_update()
    row = session.execute(query).first()
    if row is None:
        return None
    try:
        return _room(row)
    except (BadRow, TypeError, ValueError):
        return None


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def create_room(
    settings: RoomSettings,
    *,
    now: datetime | None = None,
    lifetime: timedelta = timedelta(hours=24),
    url: str | None = None,
) -> tuple[Room, str]:
    """A new room in the lobby with a fresh join code (drawn again when taken); return it and
    the trainer's key (only its hash is kept)."""
    now = _now(now)
    key = secrets.token_urlsafe(24)
    status = RoomState()
    for attempt in range(CODE_ATTEMPTS):
        room_id, code = uuid.uuid4().hex, _new_code()
        try:
            with Session(engine(url)) as session, session.begin():
                session.add(
                    GameRoomRow(
                        id=room_id, code=code, trainer_key_hash=_hash(key),
                        settings=_dump_settings(settings), state=status.state,
                        round=status.round, round_started=None, paused_left_s=None,
                        hints_revealed=False, created=now, expires=now + lifetime,
                    )
                )  # fmt: skip
        except IntegrityError:  # the code is taken: draw another
            if attempt == CODE_ATTEMPTS - 1:
                raise
            continue
        return Room(room_id, code, settings, status, now, now + lifetime), key
    raise AssertionError("unreachable")


def room_by_code(code: str, *, now: datetime | None = None, url: str | None = None) -> Room | None:
    """The room of a join code as typed (any case, spaces, dashes); None when there is none or
    it has expired."""
    with Session(engine(url)) as session:
        found = _read_room(session, GameRoomRow.code == normalise_code(code))
    if found is None or _now(now) >= found.expires:
        return None
    return found


def room(room_id: str, *, url: str | None = None) -> Room | None:
    """The room, expired or not; None when there is none (or its row cannot be read)."""
    with Session(engine(url)) as session:
        return _read_room(session, GameRoomRow.id == room_id)


def _key_matches(session: Session, room_id: str, key: str | None) -> bool:
    if not key:
        return False
    stored = session.scalar(select(GameRoomRow.trainer_key_hash).where(GameRoomRow.id == room_id))
    return stored is not None and hmac.compare_digest(_hash(key), stored)


def is_trainer(room_id: str, key: str | None, *, url: str | None = None) -> bool:
    """Whether `key` is the trainer's key of the room."""
    with Session(engine(url)) as session:
        return _key_matches(session, room_id, key)


def set_status(room_id: str, key: str | None, status: RoomState, *, url: str | None = None) -> Room:
    """Set where the room's game stands (trainer only: `NotTrainer`); return the room."""
    if status.state not in ROOM_STATES:
        raise ValueError(status.state)
    started = None if status.round_started is None else _now(status.round_started)
    left = None if status.paused_left_s is None else float(status.paused_left_s)
    with _writing(url) as session:
        if not _key_matches(session, room_id, key):
            raise NotTrainer(room_id)
        session.execute(
            update(GameRoomRow).where(GameRoomRow.id == room_id).values(
                state=status.state, round=int(status.round), round_started=started,
                paused_left_s=left, hints_revealed=bool(status.hints_revealed),
            )
        )  # fmt: skip
        found = _read_room(session, GameRoomRow.id == room_id)
    if found is None:
        raise BadRow(room_id)
    return found


def delete_room(room_id: str, key: str | None, *, url: str | None = None) -> None:
    """Delete the room with its teams and chains (trainer only: `NotTrainer`)."""
    with _writing(url) as session:
        if not _key_matches(session, room_id, key):
            raise NotTrainer(room_id)
        session.execute(delete(GameChainRow).where(GameChainRow.room_id == room_id))
        session.execute(delete(GameTeamRow).where(GameTeamRow.room_id == room_id))
        session.execute(delete(GameRoomRow).where(GameRoomRow.id == room_id))


# --- teams ----------------------------------------------------------------------------------

TEAM_COLUMNS = (
    GameTeamRow.id, GameTeamRow.room_id, GameTeamRow.name, GameTeamRow.locked,
    type_coerce(GameTeamRow.joined, String),
)  # fmt: skip


def _team(row) -> Team:
    team_id, room_id, name, locked, joined = row
    return Team(team_id, room_id, str(name), bool(locked), aware(joined))


def _read_teams(session: Session, condition) -> list[Team]:
    found = []
    query = select(*TEAM_COLUMNS).where(condition).order_by(GameTeamRow.joined, GameTeamRow.id)
    for row in session.execute(query):
        try:
            found.append(_team(row))
        except (BadRow, TypeError, ValueError):
            continue
    return found


def _team_name(name: object) -> str:
    cleaned = _single_spaced(name)
    if not cleaned or len(cleaned) > TEAM_NAME_MAX:
        raise BadName(cleaned)
    return cleaned


def join_team(
    room_id: str, name: str, *, now: datetime | None = None, url: str | None = None
) -> tuple[Team, str]:
    """A new team of the room; return it and its token (only the hash is kept).

    `BadName` (empty or too long), `RoomClosed` (unknown, expired or ended), `RoomFull`
    (`MAX_TEAMS`), `TooManyJoins` (`JOINS_PER_MINUTE` teams joined in the last minute),
    `NameTaken` (the room has the name, any case)."""
    cleaned = _team_name(name)
    name_key = cleaned.casefold()
    now = _now(now)
    token = secrets.token_urlsafe(18)
    team = Team(uuid.uuid4().hex, room_id, cleaned, False, now)
    try:
        with _writing(url) as session:
            found = _read_room(session, GameRoomRow.id == room_id, lock=True)
            if found is None or now >= found.expires or found.status.state == ENDED:
                raise RoomClosed(room_id)
            joined = [
                aware(j)
                for j in session.scalars(
                    select(type_coerce(GameTeamRow.joined, String)).where(
                        GameTeamRow.room_id == room_id
                    )
                )
            ]
            if len(joined) >= MAX_TEAMS:
                raise RoomFull(room_id)
            recent = [j for j in joined if now - timedelta(seconds=60) < j <= now]
            if len(recent) >= JOINS_PER_MINUTE:
                raise TooManyJoins(room_id)
            taken = session.scalar(
                select(func.count()).select_from(GameTeamRow).where(
                    GameTeamRow.room_id == room_id, GameTeamRow.name_key == name_key
                )
            )  # fmt: skip
            if taken:
                raise NameTaken(cleaned)
            session.add(
                GameTeamRow(
                    id=team.id, room_id=room_id, name=cleaned, name_key=name_key,
                    token_hash=_hash(token), locked=False, joined=now,
                )
            )  # fmt: skip
    except IntegrityError as error:  # another request took the name meanwhile
        raise NameTaken(cleaned) from error
    return team, token


def _team_of_token(session: Session, room_id: str, token: str | None) -> Team | None:
    if not token:
        return None
    found = _read_teams(
        session, (GameTeamRow.token_hash == _hash(token)) & (GameTeamRow.room_id == room_id)
    )
    return found[0] if found else None


def team_by_token(room_id: str, token: str | None, *, url: str | None = None) -> Team | None:
    """The room's team holding `token`; None for any other token."""
    with Session(engine(url)) as session:
        return _team_of_token(session, room_id, token)


def teams(room_id: str, *, url: str | None = None) -> list[Team]:
    """The room's teams in the order they joined."""
    with Session(engine(url)) as session:
        return _read_teams(session, GameTeamRow.room_id == room_id)


def set_locked(
    room_id: str, key: str | None, team_id: str, locked: bool, *, url: str | None = None
) -> Team:
    """Lock or unlock a team's chains (trainer only: `NotTrainer`; `NotYourTeam` when the
    room has no such team); return the team."""
    with _writing(url) as session:
        if not _key_matches(session, room_id, key):
            raise NotTrainer(room_id)
        changed = session.execute(
            update(GameTeamRow)
            .where(GameTeamRow.id == team_id, GameTeamRow.room_id == room_id)
            .values(locked=bool(locked))
        ).rowcount
        found = _read_teams(session, GameTeamRow.id == team_id)
    if not changed or not found:
        raise NotYourTeam(team_id)
    return found[0]


# --- chains ---------------------------------------------------------------------------------

CHAIN_COLUMNS = (
    GameChainRow.id, GameChainRow.room_id, GameChainRow.team_id, GameChainRow.round,
    GameChainRow.name, GameChainRow.links, GameChainRow.difficulties, GameChainRow.score,
    type_coerce(GameChainRow.created, String), type_coerce(GameChainRow.updated, String),
    GameChainRow.version,
)  # fmt: skip


def _chain(row) -> GameChain:
    chain_id, room_id, team_id, round_, name, links, difficulties, score, created, updated, v = row
    return GameChain(
        chain_id, room_id, team_id, int(round_), str(name), _load_links(links),
        _load_difficulties(difficulties), _load_score(score), aware(created), aware(updated),
        int(v),
    )  # fmt: skip


def _read_chains(session: Session, condition) -> list[GameChain]:
    found = []
    query = select(*CHAIN_COLUMNS).where(condition)
    for row in session.execute(query.order_by(GameChainRow.created, GameChainRow.id)):
        try:
            found.append(_chain(row))
        except (BadRow, TypeError, ValueError):
            continue
    return found


def _one_chain(session: Session, condition) -> GameChain:
    found = _read_chains(session, condition)
    if not found:
        raise BadRow(str(condition))
    return found[0]


def _bounded(text_: object, longest: int, *, empty: bool = True) -> str:
    if not isinstance(text_, str) or len(text_) > longest or (not empty and not text_.strip()):
        raise BadText(repr(text_)[:80])
    return text_


def _checked(
    name: str, links: Sequence[Link], difficulties: Sequence[Difficulty], score: Score | None,
    submission: str,
) -> tuple[str, tuple[Link, ...], tuple[Difficulty, ...]]:  # fmt: skip
    """The chain's name (stripped), links and difficulties within bounds; `BadText` not."""
    name = _bounded(name, 10 * CHAIN_NAME_MAX, empty=False).strip()
    if len(name) > CHAIN_NAME_MAX:
        raise BadText(name)
    _bounded(submission, SUBMISSION_MAX, empty=False)
    links, difficulties = tuple(links), tuple(difficulties)
    if len(links) > LINKS_MAX or len(difficulties) > DIFFICULTIES_MAX:
        raise BadText(f"{len(links)} links, {len(difficulties)} difficulties")
    for link in links:
        for value in (link.giver, link.receiver, link.material, link.unit):
            _bounded(value, TEXT_MAX)
        try:
            _finite(link.quantity)
        except BadRow as error:
            raise BadText(repr(link.quantity)) from error
    for difficulty in difficulties:
        if difficulty.category not in DIFFICULTY_CATEGORIES:
            raise BadText(repr(difficulty.category))
        _bounded(difficulty.text, DIFFICULTY_TEXT_MAX)
        if difficulty.measure_id is not None:
            _bounded(difficulty.measure_id, TEXT_MAX)
        if not isinstance(difficulty.accepted, bool):
            raise BadText(repr(difficulty.accepted))
    if score is not None:
        try:
            _load_score(_dump_score(score))
        except BadRow as error:
            raise BadText(repr(score)[:80]) from error
    return name, links, difficulties


def _held_team(session: Session, room_id: str, token: str | None) -> tuple[Room, Team]:
    """The room (held until the transaction ends) and the token's team; `NotYourTeam`."""
    found = _read_room(session, GameRoomRow.id == room_id, lock=True)
    team = _team_of_token(session, room_id, token) if found is not None else None
    if found is None or team is None:
        raise NotYourTeam(room_id)
    return found, team


def _may_change(found: Room, team: Team, now: datetime | None = None) -> None:
    """`RoomClosed`, `Locked` or `NotRunning` when the team may not change its chains now."""
    if _now(now) >= found.expires:
        raise RoomClosed(found.id)
    if team.locked:
        raise Locked(team.id)
    if found.status.state != RUNNING:
        raise NotRunning(found.status.state)


def save_chain(
    room_id: str,
    token: str | None,
    *,
    name: str,
    links: Sequence[Link],
    difficulties: Sequence[Difficulty],
    score: Score | None,
    round: int,
    submission: str,
    chain_id: str | None = None,
    base_version: int | None = None,
    now: datetime | None = None,
    url: str | None = None,
) -> GameChain:
    """Store a new chain of the token's team (`chain_id` None) or an edit of one of its chains;
    return the stored chain. A request whose `submission` key was already applied returns the
    chain as stored, changing nothing. An edit made on `base_version` of the chain is refused
    with `Stale` when a teammate stored a newer one meanwhile (redo it on that one). Refusals:
    `BadText`, `NotYourTeam`, `Locked`, `NotRunning`, `RoomClosed`, `Stale`."""
    name, links, difficulties = _checked(name, links, difficulties, score, submission)
    now = _now(now)
    values = dict(
        name=name, links=_dump_links(links), difficulties=_dump_difficulties(difficulties),
        score=_dump_score(score),
    )  # fmt: skip
    try:
        with _writing(url) as session:
            found, team = _held_team(session, room_id, token)
            applied = session.scalar(
                select(GameSubmissionRow.chain_id).where(
                    (GameSubmissionRow.team_id == team.id)
                    & (GameSubmissionRow.submission == submission)
                )
            )
            if applied is not None:
                return _one_chain(session, GameChainRow.id == applied)  # already applied
            _may_change(found, team, now)
            if chain_id is None:
                new_id = uuid.uuid4().hex
                session.add(
                    GameChainRow(
                        id=new_id, room_id=room_id, team_id=team.id, round=int(round),
                        submission=submission, last_submission=None, created=now, updated=now,
                        version=1, **values,
                    )
                )  # fmt: skip
                session.flush()
                session.add(GameSubmissionRow(team_id=team.id, submission=submission,
                                              chain_id=new_id))  # fmt: skip
                session.flush()
                return _one_chain(session, GameChainRow.id == new_id)
            own = (GameChainRow.id == chain_id) & (GameChainRow.team_id == team.id)
            own &= GameChainRow.room_id == room_id
            if base_version is not None:
                version = session.scalar(select(GameChainRow.version).where(own))
                if version is not None and version != base_version:
                    raise Stale(chain_id)
            changed = session.execute(
                update(GameChainRow).where(own).values(
                    last_submission=submission, updated=now, version=GameChainRow.version + 1,
                    **values,
                )
            ).rowcount  # fmt: skip
            if not changed:
                raise NotYourTeam(chain_id)
            session.add(GameSubmissionRow(team_id=team.id, submission=submission,
                                          chain_id=chain_id))  # fmt: skip
            session.flush()
            return _one_chain(session, GameChainRow.id == chain_id)
    except IntegrityError:  # the same submission, stored meanwhile by a twin request
        if chain_id is not None:
            raise
        with Session(engine(url)) as session:
            team = _team_of_token(session, room_id, token)
            if team is None:
                raise
            same = (GameChainRow.team_id == team.id) & (GameChainRow.submission == submission)
            stored = _read_chains(session, same)
        if not stored:
            raise
        return stored[0]


def delete_chain(
    room_id: str,
    token: str | None,
    chain_id: str,
    *,
    now: datetime | None = None,
    url: str | None = None,
) -> None:
    """Delete one of the token's team's chains; `NotYourTeam`, `RoomClosed`, `Locked`,
    `NotRunning`."""
    with _writing(url) as session:
        found, team = _held_team(session, room_id, token)
        _may_change(found, team, now)
        gone = session.execute(
            delete(GameChainRow).where(
                GameChainRow.id == chain_id, GameChainRow.team_id == team.id,
                GameChainRow.room_id == room_id,
            )
        ).rowcount  # fmt: skip
        if not gone:
            raise NotYourTeam(chain_id)


def chains(room_id: str, *, team_id: str | None = None, url: str | None = None) -> list[GameChain]:
    """The room's chains (of one team when `team_id` is given), oldest first; rows that cannot
    be read are left out."""
    condition = GameChainRow.room_id == room_id
    if team_id is not None:
        condition &= GameChainRow.team_id == team_id
    with Session(engine(url)) as session:
        return _read_chains(session, condition)
