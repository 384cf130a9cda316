"""What the game's buttons do, and the room data the game pages read: rooms, teams and chains
in the shared database (`dashboard.store.rooms`), links checked and chains scored by the game's
rules (`dashboard.game`). A refusal or a database error becomes a message, never a crash.

Every change is written at once: a team's chain is stored when its first link is added, and
each later link, difficulty or suggestion answered is an edit of that stored chain, so a
reload, a dropped connection or a server restart loses nothing. Each edit carries a submission
key made from what it changes, so a double click or a resent request is applied once.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from dashboard.analysis.matching import MatchOptions, find_candidates
from dashboard.analysis.policy.catalogue import Catalogue, bundled_catalogue
from dashboard.domain.dataset import Dataset
from dashboard.domain.factors import Factors
from dashboard.domain.game import (
    Difficulty,
    GameChain,
    Link,
    Room,
    RoomSettings,
    Team,
    Weights,
)
from dashboard.game import rounds
from dashboard.game.deck import deal, deck_dataset
from dashboard.game.scoring import Scored, score_chain
from dashboard.i18n import t
from dashboard.io.datasets import load_files
from dashboard.store import rooms as store
from dashboard.store import uploads
from dashboard.views.game_text import refusal_text
from dashboard.web import game_submit as submit
from dashboard.web import session
from dashboard.web.cache import UPLOAD_PREFIX, load_bundled

LOG = logging.getLogger(__name__)


def now() -> datetime:
    return datetime.now(UTC)


def _guard(action, *args, **kwargs):
    """Run a store action: a refusal or a database error becomes a message; None then."""
    try:
        return action(*args, **kwargs)
    except store.GameRefused as refused:
        session.game_flash("warning", t(f"game.refused.{refused.code}"))
    except SQLAlchemyError as error:
        LOG.exception("the game store failed")
        session.game_flash("warning", t("chainsui.store_error", error=type(error).__name__))
    return None


# -- data -------------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False, max_entries=8)
def _room_dataset(dataset_id: str) -> Dataset | None:
    """One shared, read-only copy per process (so the link checks' index is made once)."""
    if dataset_id.startswith(UPLOAD_PREFIX):
        kept = uploads.read_upload(dataset_id.removeprefix(UPLOAD_PREFIX))
        return None if kept is None else load_files(kept.name, kept.files)[0]
    return load_bundled(dataset_id)


def room_dataset(dataset_id: str) -> Dataset | None:
    """A room's dataset by id: bundled, or an upload kept in the shared database."""
    try:
        return _room_dataset(dataset_id)
    except (SQLAlchemyError, FileNotFoundError, KeyError, ValueError):
        LOG.exception("the room's dataset %s cannot be read", dataset_id)
        return None


@st.cache_data(show_spinner=False, max_entries=256)
def _deck(
    dataset_id: str, mode: str, sectors: tuple, per_team: int, seed: int, team_id: str
) -> tuple[str, ...]:
    dataset = room_dataset(dataset_id)
    settings = RoomSettings(dataset_id, mode, sectors, per_team, seed=seed)
    return () if dataset is None else deal(dataset, settings, team_id)


def deck_of(room: Room, team_id: str) -> tuple[str, ...]:
    """The enterprises dealt to a team (the same on every run: drawn from the room's seed)."""
    s = room.settings
    return _deck(s.dataset_id, s.deck, tuple(s.sectors), s.per_team, s.seed, team_id)


@st.cache_data(show_spinner=False, max_entries=256)
def _hints(dataset_id: str, deck: tuple[str, ...]) -> pd.DataFrame:
    dataset = room_dataset(dataset_id)
    if dataset is None:
        return pd.DataFrame()
    return find_candidates(deck_dataset(dataset, deck), MatchOptions(max_per_have=3)).head(12)


def hints(room: Room, deck: tuple[str, ...]) -> pd.DataFrame:
    """The matcher's candidates among a team's enterprises (the game's hints)."""
    return _hints(room.settings.dataset_id, deck)


def catalogue() -> Catalogue:
    """The bundled policy catalogue: every team is judged by the same measures."""
    return bundled_catalogue()


def in_play(room: Room, teams: Sequence[Team]) -> tuple[str, ...]:
    """Every enterprise dealt to a team of the room."""
    return tuple(sorted({c for team in teams for c in deck_of(room, team.id)}))


def read_room(code: str | None) -> Room | None:
    if not code:
        return None
    try:
        return store.room_by_code(code, now=now())
    except SQLAlchemyError:
        LOG.exception("reading the room failed")
        return None


def read_teams(room: Room) -> list[Team]:
    try:
        return store.teams(room.id)
    except SQLAlchemyError:
        LOG.exception("reading the teams failed")
        return []


def read_chains(room: Room, team_id: str | None = None) -> list[GameChain]:
    try:
        return store.chains(room.id, team_id=team_id)
    except SQLAlchemyError:
        LOG.exception("reading the chains failed")
        return []


def my_team(room: Room) -> Team | None:
    """The team whose token the page address holds."""
    token = session.url_param(session.TEAM_PARAM)
    if not token:
        return None
    try:
        return store.team_by_token(room.id, token)
    except SQLAlchemyError:
        LOG.exception("reading the team failed")
        return None


def is_trainer(room: Room) -> bool:
    try:
        return store.is_trainer(room.id, session.url_param(session.KEY_PARAM))
    except SQLAlchemyError:
        LOG.exception("checking the trainer key failed")
        return False


# -- the trainer ------------------------------------------------------------------------------


def create_room(settings: RoomSettings) -> None:
    """Make a room and put its code and trainer key into this browser's page address."""
    made = _guard(store.create_room, settings, now=now())
    if made is not None:
        room, key = made
        session.set_url_params(**{session.ROOM_PARAM: room.code, session.KEY_PARAM: key})


MOVES = {
    session.GAME_START: rounds.start,
    session.GAME_PAUSE: rounds.pause,
    session.GAME_RESUME: rounds.resume,
    session.GAME_NEXT: rounds.next_round,
}


def move(room: Room, which: str) -> None:
    """Start, pause, resume, next round, end, or reveal hints (a callback)."""
    try:
        if which == session.GAME_END:
            status = rounds.end(room.status)
        elif which == session.GAME_REVEAL:
            status = rounds.reveal_hints(room.status)
        else:
            status = MOVES[which](room.status, room.settings, now())
    except rounds.BadMove as bad:
        session.game_flash("warning", t(f"game.move_refused.{bad.code}"))
        return
    _guard(store.set_status, room.id, session.url_param(session.KEY_PARAM), status)


def lock(room: Room, team_id: str) -> None:
    locked = bool(session.value(session.game_lock_key(team_id)))
    _guard(store.set_locked, room.id, session.url_param(session.KEY_PARAM), team_id, locked)


def delete_room(room: Room) -> None:
    done = _guard(store.delete_room, room.id, session.url_param(session.KEY_PARAM))
    if done is not False:
        session.set_url_params(**{session.ROOM_PARAM: None, session.KEY_PARAM: None})


# -- the teams --------------------------------------------------------------------------------


def join() -> None:
    """Join the room of the typed code as the typed team; the team's token goes into the page
    address (a callback)."""
    code = session.value(session.JOIN_CODE) or ""
    name = session.value(session.JOIN_NAME) or ""
    room = read_room(store.normalise_code(code))
    if room is None:
        session.game_flash("warning", t("game.refused.room_closed"))
        return
    made = _guard(store.join_team, room.id, name, now=now())
    if made is not None:
        team, token = made
        session.set_url_params(**{session.ROOM_PARAM: room.code, session.TEAM_PARAM: token})
        session.game_flash("success", t("game.joined", team=team.name))


def click_token() -> str:
    """A key for what one drawn button asks: the two clicks of a double click carry the same
    one, so the store applies it once."""
    return uuid.uuid4().hex


@dataclass(frozen=True)
class TeamView:
    """What a team's page works with: its room, team, dataset, deck and chains."""

    room: Room
    team: Team
    dataset: Dataset
    deck: tuple[str, ...]
    chains: list[GameChain]


def team_view(room: Room, team: Team) -> TeamView | None:
    dataset = room_dataset(room.settings.dataset_id)
    if dataset is None:
        return None
    return TeamView(room, team, dataset, deck_of(room, team.id), read_chains(room, team.id))


@st.cache_data(show_spinner=False, max_entries=512)
def _scored(
    dataset_id: str,
    chain_id: str,
    version: int,
    weights: tuple,
    _dataset: Dataset,
    _chain: GameChain,
) -> Scored:
    return score_chain(
        _dataset,
        Factors(),
        catalogue(),
        _chain.links,
        _chain.difficulties,
        Weights(**dict(weights)),
        chain_id,
    )


def scored(dataset: Dataset, room: Room, chain: GameChain) -> Scored:
    """A stored chain scored again, with the evidence and findings its page shows (cached per
    chain version)."""
    weights = tuple(sorted(room.settings.weights.__dict__.items()))
    return _scored(room.settings.dataset_id, chain.id, chain.version, weights, dataset, chain)


def _player(view: TeamView) -> submit.Player:
    return submit.Player(view.room.code, session.url_param(session.TEAM_PARAM) or "",
                         view.team.id, view.dataset, view.deck)  # fmt: skip


def _refused_text(code: str) -> str:
    if code == "chain_gone":
        return t("game.chain_gone")
    if code == "last_link":
        return t("game.last_link")
    return t(f"game.refused.{code}")


def _told(view: TeamView, outcome: submit.Outcome, done: str | None = None) -> bool:
    """Say what came of a write; True when a chain was stored."""
    if outcome.refusal is not None:
        session.game_flash("warning", refusal_text(outcome.refusal, view.dataset.company_names()))
    elif outcome.code is not None:
        session.game_flash("warning", _refused_text(outcome.code))
    elif done is not None:
        session.game_flash("success", done)
    return outcome.chain is not None


def _written(view: TeamView, action, *args) -> submit.Outcome:
    try:
        return action(*args)
    except SQLAlchemyError as error:
        LOG.exception("the game store failed")
        session.game_flash("warning", t("chainsui.store_error", error=type(error).__name__))
        return submit.Outcome(code="store_error")


def _widget_link(view: TeamView) -> Link | None:
    giver = session.value(session.PLAY_GIVER)
    receiver = session.value(session.PLAY_RECEIVER)
    material = session.value(session.PLAY_MATERIAL)
    quantity = session.value(session.quantity_key(giver, material))
    if not (giver and receiver and material) or quantity is None:
        return None
    s = view.dataset.streams
    have = s[(s["company_id"] == giver) & (s["direction"] == "have") & (s["material"] == material)]
    unit = str(have["unit"].iloc[0]) if len(have) else ""
    return Link(giver, receiver, material, float(quantity), unit)


def add_link(view: TeamView, token: str) -> None:
    """Check the builder's link with the matcher's rules and add it to the chosen chain, or
    start a new chain with it (a callback)."""
    link = _widget_link(view)
    if link is None:
        session.game_flash("warning", t("game.link_incomplete"))
        return
    choice = session.value(session.PLAY_CHAIN)
    chain_id = choice if choice and choice != session.NEW_CHAIN else None
    name = (session.value(session.PLAY_NAME) or "").strip()
    name = name or t("game.chain_default_name", number=len(view.chains) + 1)
    outcome = _written(view, submit.add_link, _player(view), chain_id, link, name, token)
    if outcome.code == "store_error":
        return
    if _told(
        view, outcome, t("game.link_added", chain=outcome.chain.name if outcome.chain else "")
    ):
        session.set_value(session.PLAY_CHAIN, outcome.chain.id)
        session.set_value(session.PLAY_NAME, "")


def _edit(view: TeamView, chain_id: str, token: str, change) -> bool:
    outcome = _written(view, submit.edit, _player(view), chain_id, token, change)
    return outcome.code != "store_error" and _told(view, outcome)


def drop_last_link(view: TeamView, chain_id: str, token: str) -> None:
    def change(room, chains, chain):
        if len(chain.links) <= 1:
            return submit.Outcome(code="last_link")
        return list(chain.links[:-1]), chain.difficulties

    _edit(view, chain_id, token, change)


def remove_chain(view: TeamView, chain_id: str) -> None:
    outcome = _written(view, submit.remove_chain, _player(view), chain_id)
    if outcome.code != "store_error" and not _told(view, outcome) and outcome.code is None:
        session.set_value(session.PLAY_CHAIN, session.NEW_CHAIN)


def add_difficulty(view: TeamView, chain_id: str, token: str) -> None:
    category = session.value(session.chain_widget_key("diff_category", chain_id))
    text = (session.value(session.chain_widget_key("diff_text", chain_id)) or "").strip()
    if not category or not text:
        session.game_flash("warning", t("game.difficulty_needs_text"))
        return

    def change(room, chains, chain):
        return chain.links, [*chain.difficulties, Difficulty(category, text)]

    if _edit(view, chain_id, token, change):
        session.set_value(session.chain_widget_key("diff_text", chain_id), "")


def answer_suggestion(
    view: TeamView, chain_id: str, suggestion: Difficulty, accept: bool, token: str
) -> None:
    """Accept or reject a difficulty the policy rules suggest; the answer is kept with the chain."""

    def change(room, chains, chain):
        kept = [d for d in chain.difficulties if d.measure_id != suggestion.measure_id]
        return chain.links, [*kept, replace(suggestion, accepted=accept)]

    _edit(view, chain_id, token, change)
