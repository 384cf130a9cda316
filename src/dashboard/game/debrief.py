"""The debrief of a room: standings, difficulties grouped across teams with the measures that
could answer them, what the matcher found that no team did and what teams found that the
matcher did not, and the room replayed round by round."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from dashboard.analysis.matching import MatchOptions, find_candidates
from dashboard.domain.dataset import Dataset
from dashboard.domain.game import GameChain, Team
from dashboard.game.deck import deck_dataset
from dashboard.game.difficulties import measure_category
from dashboard.game.scoring import Scored

MISSED_MAX = 15
"""Candidates of the matcher no team made, best first, shown in the debrief."""


@dataclass(frozen=True)
class Standing:
    team_id: str
    chains: int
    links: int
    points: float
    ghg_t_co2e: float | None
    """Sum over the team's chains whose GHG is known; None when none is."""
    unknown_ghg: int


def standings(teams: Sequence[Team], chains: Sequence[GameChain]) -> list[Standing]:
    """One row per team, most points first (then join order)."""
    rows = []
    for order, team in enumerate(teams):
        own = [c for c in chains if c.team_id == team.id]
        ghg = [dict((p, v) for p, v, _ in c.score.parts).get("ghg") if c.score else None
               for c in own]  # fmt: skip
        known = [g for g in ghg if g is not None]
        rows.append((order, Standing(
            team.id, len(own), sum(len(c.links) for c in own),
            round(sum(c.score.total for c in own if c.score), 1),
            float(sum(known)) if known else None, len(ghg) - len(known),
        )))  # fmt: skip
    return [s for _, s in sorted(rows, key=lambda r: (-r[1].points, r[0]))]


def replay(chains: Iterable[GameChain], round_no: int) -> list[GameChain]:
    """The chains as they stood at the end of round `round_no` (made in it or before)."""
    return [c for c in chains if c.round <= round_no]


@dataclass(frozen=True)
class DifficultyGroup:
    """One checklist category across teams: each (team, chain, difficulty), how many chains
    the rules expected it for, and the support measures found for those chains."""

    category: str
    recorded: tuple[tuple[str, str, object], ...]
    expected_chains: int
    supports: tuple[str, ...]


def difficulty_groups(
    chains: Sequence[GameChain], scored: Mapping[str, Scored], categories: Sequence[str]
) -> list[DifficultyGroup]:
    groups = []
    for category in categories:
        recorded = tuple(
            (c.team_id, c.id, d) for c in chains for d in c.difficulties
            if d.accepted and d.category == category
        )  # fmt: skip
        expected = [c.id for c in chains if c.id in scored
                    and any(e.category == category for e in scored[c.id].evidence)]  # fmt: skip
        supports: list[str] = []
        for chain_id in {cid for _, cid, _ in recorded} | set(expected):
            for f in scored[chain_id].findings.get("support", []) if chain_id in scored else []:
                if measure_category(f.measure) == category and f.measure.measure_id not in supports:
                    supports.append(f.measure.measure_id)
        groups.append(DifficultyGroup(category, recorded, len(expected), tuple(supports)))
    return groups


def _pairs(chains: Iterable[GameChain]) -> set[tuple[str, str, str]]:
    return {(k.giver, k.receiver, k.material) for c in chains for k in c.links}


@dataclass(frozen=True)
class Comparison:
    """The matcher's candidates among the enterprises in play that no team made (best first,
    at most MISSED_MAX), and the teams' links the matcher did not propose."""

    missed: pd.DataFrame
    teams_only: tuple[tuple[str, str, str], ...]
    candidates: int


def compare_with_matcher(
    dataset: Dataset, in_play: Iterable[str], chains: Sequence[GameChain]
) -> Comparison:
    played = deck_dataset(dataset, tuple(sorted(set(in_play))))
    found = find_candidates(played, MatchOptions())
    keys = list(zip(found["source_company"], found["target_company"], found["have_material"],
                    strict=True))  # fmt: skip
    made = _pairs(chains)
    missed = found[[k not in made for k in keys]].head(MISSED_MAX).reset_index(drop=True)
    proposed = set(keys)
    return Comparison(missed, tuple(sorted(made - proposed)), len(found))
