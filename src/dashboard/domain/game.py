"""The training game's vocabulary and value objects: rooms, teams, the chains teams build, and
the difficulties they expect. The rules live in `dashboard.game`, the rows in `dashboard.store`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

LOBBY, RUNNING, PAUSED, ENDED = "lobby", "running", "paused", "ended"
ROOM_STATES = (LOBBY, RUNNING, PAUSED, ENDED)

DECK_ALL, DECK_SECTORS, DECK_RANDOM = "all", "sectors", "random"
DECK_MODES = (DECK_ALL, DECK_SECTORS, DECK_RANDOM)

DIFFICULTY_CATEGORIES = (
    "technical", "economic", "organisational", "legal", "information_trust", "social",
)  # fmt: skip
"""The checklist of difficulties a team records for a chain (the training's debrief headings)."""

TEAM_NAME_MAX = 40
CHAIN_NAME_MAX = 60
DIFFICULTY_TEXT_MAX = 300
LINKS_MAX = 8
"""Links of one chain; a chain of the training has two to five."""
DIFFICULTIES_MAX = 12


@dataclass(frozen=True)
class Weights:
    """The trainer's scoring weights, each 0..5 (0 leaves the part out)."""

    ghg: float = 1.0
    net_benefit: float = 1.0
    resources: float = 1.0
    feasibility: float = 1.0
    realism: float = 1.0


@dataclass(frozen=True)
class RoomSettings:
    """What the trainer chose when creating a room."""

    dataset_id: str = "leningrad"
    deck: str = DECK_RANDOM
    sectors: tuple[str, ...] = ()
    """NACE sections (A..U) of the enterprises in play, with `deck == "sectors"`."""
    per_team: int = 8
    """Enterprises dealt to each team, with `deck == "random"`."""
    rounds: int = 3
    round_minutes: int = 15
    hints: bool = False
    weights: Weights = field(default_factory=Weights)
    seed: int = 0


@dataclass(frozen=True)
class RoomState:
    """Where a room's game stands: its state, the round (0 before the first), when the round
    started, the seconds left when it was paused, and whether hints are revealed to all."""

    state: str = LOBBY
    round: int = 0
    round_started: datetime | None = None
    paused_left_s: float | None = None
    hints_revealed: bool = False


@dataclass(frozen=True)
class Room:
    id: str
    code: str
    settings: RoomSettings
    status: RoomState
    created: datetime
    expires: datetime


@dataclass(frozen=True)
class Team:
    id: str
    room_id: str
    name: str
    locked: bool
    joined: datetime


@dataclass(frozen=True)
class Link:
    """One link of a team's chain: the giver's material to the receiver, a quantity in a unit."""

    giver: str
    receiver: str
    material: str
    quantity: float
    unit: str


@dataclass(frozen=True)
class Difficulty:
    """A difficulty the team expects: a category of the checklist and a sentence; `measure_id`
    when it came from a policy measure the rules found, and whether the team accepted it."""

    category: str
    text: str
    measure_id: str | None = None
    accepted: bool = True


@dataclass(frozen=True)
class Score:
    """A chain's points and their working: each part's value (in its own unit), its points
    0..100 before weighting, and the weighted total."""

    total: float
    parts: tuple[tuple[str, float | None, float | None], ...] = ()
    """(part, value, points) per part; None where unknown (left out of the total)."""


@dataclass(frozen=True)
class GameChain:
    id: str
    room_id: str
    team_id: str
    round: int
    name: str
    links: tuple[Link, ...]
    difficulties: tuple[Difficulty, ...]
    score: Score | None
    created: datetime
    updated: datetime
    version: int = 1
