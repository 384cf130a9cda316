"""A team's writes, without Streamlit: add a link (a new chain or an edit), or change a stored
chain, read fresh from the database, checked by the game's rules, scored, and stored with the
click's submission key. The Play page and `benchmarks/game_class.py` both go through here.

An edit is made on the chain's stored version; when a teammate stored a newer one meanwhile the
store refuses it as stale and the edit is redone on the newer version (at most EDIT_TRIES
times), so no teammate's link is lost.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from dashboard.analysis.policy.catalogue import bundled_catalogue
from dashboard.domain.dataset import Dataset
from dashboard.domain.factors import Factors
from dashboard.domain.game import Difficulty, GameChain, Link, Room
from dashboard.game import rounds
from dashboard.game.links import Refusal, check_link
from dashboard.game.scoring import score_chain
from dashboard.store import rooms as store

EDIT_TRIES = 5


@dataclass(frozen=True)
class Player:
    """Who writes: the room's code, the team's token and id, its dataset and deck."""

    room_code: str
    token: str
    team_id: str
    dataset: Dataset
    deck: tuple[str, ...]
    url: str | None = None


@dataclass(frozen=True)
class Outcome:
    """The stored chain; or the link rule it broke (`refusal`); or why it was refused (`code`:
    a store refusal's code, `not_running`, `chain_gone`, `stale`, `last_link`)."""

    chain: GameChain | None = None
    refusal: Refusal | None = None
    code: str | None = None


Change = Callable[
    [Room, list[GameChain], GameChain], "tuple[Sequence[Link], Sequence[Difficulty]] | Outcome"
]


def now() -> datetime:
    return datetime.now(UTC)


def _open_room(player: Player, when: datetime) -> Room | None:
    room = store.room_by_code(player.room_code, now=when, url=player.url)
    if room is None or not rounds.accepting(room.status, room.settings, when):
        return None
    return room


def _save(
    player: Player, room: Room, chain: GameChain | None, submission: str, *, name: str,
    links: Sequence[Link], difficulties: Sequence[Difficulty], when: datetime,
) -> Outcome:  # fmt: skip
    score = score_chain(player.dataset, Factors(), bundled_catalogue(), links, difficulties,
                        room.settings.weights, chain.id if chain else "new").score  # fmt: skip
    try:
        saved = store.save_chain(
            room.id, player.token, name=name, links=list(links), difficulties=list(difficulties),
            score=score, round=chain.round if chain else room.status.round, submission=submission,
            chain_id=chain.id if chain else None, base_version=chain.version if chain else None,
            now=when, url=player.url,
        )  # fmt: skip
    except store.GameRefused as refused:
        return Outcome(code=refused.code)
    return Outcome(chain=saved)


def _refusal(player: Player, chains: list[GameChain], link: Link, chain: GameChain | None):
    others = [k for c in chains if chain is None or c.id != chain.id for k in c.links]
    return check_link(player.dataset, player.deck, link, chain.links if chain else (), others)


def edit(player: Player, chain_id: str, submission: str, change: Change) -> Outcome:
    """Apply `change(room, chains, chain)` (new links and difficulties, or an Outcome that
    refuses) to the team's stored chain, redone on a newer version when one appears."""
    for _ in range(EDIT_TRIES):
        when = now()
        room = _open_room(player, when)
        if room is None:
            return Outcome(code="not_running")
        chains = store.chains(room.id, team_id=player.team_id, url=player.url)
        chain = next((c for c in chains if c.id == chain_id), None)
        if chain is None:
            return Outcome(code="chain_gone")
        changed = change(room, chains, chain)
        if isinstance(changed, Outcome):
            return changed
        links, difficulties = changed
        outcome = _save(player, room, chain, submission, name=chain.name, links=links,
                        difficulties=difficulties, when=when)  # fmt: skip
        if outcome.code != "stale":
            return outcome
    return Outcome(code="stale")


def add_link(
    player: Player, chain_id: str | None, link: Link, name: str, submission: str
) -> Outcome:
    """Add a link to the team's chain `chain_id`, or start a new chain `name` with it."""
    if chain_id is not None:

        def change(room, chains, chain):
            refusal = _refusal(player, chains, link, chain)
            return (
                Outcome(refusal=refusal) if refusal else ([*chain.links, link], chain.difficulties)
            )

        return edit(player, chain_id, submission, change)
    when = now()
    room = _open_room(player, when)
    if room is None:
        return Outcome(code="not_running")
    chains = store.chains(room.id, team_id=player.team_id, url=player.url)
    refusal = _refusal(player, chains, link, None)
    if refusal is not None:
        return Outcome(refusal=refusal)
    return _save(player, room, None, submission, name=name, links=[link], difficulties=[],
                 when=when)  # fmt: skip


def remove_chain(player: Player, chain_id: str) -> Outcome:
    when = now()
    room = _open_room(player, when)
    if room is None:
        return Outcome(code="not_running")
    try:
        store.delete_chain(room.id, player.token, chain_id, url=player.url)
    except store.GameRefused as refused:
        return Outcome(code=refused.code)
    return Outcome()
