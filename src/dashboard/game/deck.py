"""The enterprises in play: all of a dataset, those of chosen sectors, or a random deck per team.

A random deck is drawn from the room's seed and the team's id, so it is the same after a reload
or a server restart and is never stored. It is dealt in pairs the matcher can link (a giver and
a receiver of one of its candidates), so every deck can make links, at most half of it; the rest
are enterprises drawn at random, which may or may not fit.
"""

from __future__ import annotations

import hashlib
import random

from dashboard.domain.dataset import Dataset
from dashboard.domain.game import DECK_ALL, DECK_SECTORS, RoomSettings
from dashboard.game.links import pair_index


def _players(dataset: Dataset, settings: RoomSettings) -> list[str]:
    companies = dataset.companies
    if settings.deck == DECK_SECTORS and settings.sectors:
        companies = companies[companies["nace_section"].isin(settings.sectors)]
    with_streams = set(dataset.streams["company_id"])
    return sorted(c for c in companies["company_id"] if c in with_streams)


def _rng(settings: RoomSettings, team_id: str) -> random.Random:
    digest = hashlib.sha256(f"{settings.seed}:{team_id}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def deal(dataset: Dataset, settings: RoomSettings, team_id: str) -> tuple[str, ...]:
    """The company ids a team plays with, sorted."""
    players = _players(dataset, settings)
    if settings.deck in (DECK_ALL, DECK_SECTORS) or len(players) <= settings.per_team:
        return tuple(players)
    allowed = set(players)
    pairs = sorted({(g, r) for g, r, _ in pair_index(dataset) if g in allowed and r in allowed})
    rng = _rng(settings, team_id)
    chosen: set[str] = set()
    for giver, receiver in rng.sample(pairs, len(pairs)):
        if len(chosen) + 2 > max(2, settings.per_team // 2):
            break
        chosen |= {giver, receiver}
    rest = [c for c in players if c not in chosen]
    chosen |= set(rng.sample(rest, min(len(rest), settings.per_team - len(chosen))))
    return tuple(sorted(chosen))


def deck_dataset(dataset: Dataset, companies: tuple[str, ...]) -> Dataset:
    """The dataset restricted to the deck's companies, their streams and the flows between them."""
    kept = set(companies)
    flows = dataset.flows
    return Dataset(
        dataset.name,
        dataset.companies[dataset.companies["company_id"].isin(kept)].reset_index(drop=True),
        dataset.streams[dataset.streams["company_id"].isin(kept)].reset_index(drop=True),
        flows[flows["source_company"].isin(kept) & flows["target_company"].isin(kept)].reset_index(
            drop=True
        ),
        dataset.meta,
    )
