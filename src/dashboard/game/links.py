"""Checking a team's link with the matcher's rules, and the exchange a link stands for.

A link is accepted when the matcher, run on the giver and the receiver alone, finds the giver's
material meeting one of the receiver's wants (same material or a substitute, units that meet,
within the material's transport distance), and the quantity fits in what is left of the have and
the want after the team's other links. A refusal is a code with its parameters; the reason a
player reads is written in `views`.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from dashboard.analysis.matching import MatchOptions, find_candidates
from dashboard.domain import taxonomy
from dashboard.domain.dataset import Dataset
from dashboard.domain.exchange import Exchange, candidate_exchange, company_distance
from dashboard.domain.game import Link

PAIR = MatchOptions(include_existing=True, max_per_have=None)


@dataclass(frozen=True)
class Refusal:
    """Why a link is refused: a code and its parameters (numbers and ids, no display text)."""

    code: str
    params: dict[str, object] = field(default_factory=dict)


def _streams(dataset: Dataset, company: str, direction: str) -> pd.DataFrame:
    s = dataset.streams
    return s[(s["company_id"] == company) & (s["direction"] == direction)]


def _why_no_match(dataset: Dataset, link: Link) -> Refusal:
    """The first matcher rule the link breaks (the matcher found no candidate for it)."""
    haves = _streams(dataset, link.giver, "have")
    have = haves[haves["material"] == link.material]
    if have.empty:
        return Refusal("no_have", {"giver": link.giver, "material": link.material})
    wants = _streams(dataset, link.receiver, "want")
    fitting = wants[[taxonomy.is_compatible(link.material, w) for w in wants["material"]]]
    if fitting.empty:
        return Refusal("no_want", {"receiver": link.receiver, "material": link.material})
    have_unit = str(have["unit"].iloc[0])
    if all(taxonomy.unit_factor(have_unit, str(u)) is None for u in fitting["unit"]):
        return Refusal("unit", {"unit": have_unit, "want_unit": str(fitting["unit"].iloc[0])})
    km = company_distance(dataset.companies.set_index("company_id"), link.giver, link.receiver)
    limit = taxonomy.max_distance_km(link.material)
    if km is not None and km > limit:
        return Refusal("too_far", {"km": round(km, 1), "max_km": limit})
    return Refusal("no_match", {})


Index = dict[tuple[str, str, str], list[pd.Series]]
_INDEXES: dict[int, tuple[weakref.ref, Index]] = {}


def pair_index(dataset: Dataset) -> Index:
    """Every candidate the matcher finds in the dataset, existing flows' pairs included and no
    cut per have, by (giver, receiver, have material), the best first; made once per dataset
    object (a link check is then a look-up)."""
    held = _INDEXES.get(id(dataset))
    if held is not None and held[0]() is dataset:
        return held[1]
    found = find_candidates(dataset, PAIR)
    index: Index = {}
    for i, key in enumerate(zip(found["source_company"], found["target_company"],
                                found["have_material"], strict=True)):  # fmt: skip
        index.setdefault(key, []).append(found.iloc[i])
    for stale in [k for k, (ref, _) in _INDEXES.items() if ref() is None]:
        del _INDEXES[stale]
    _INDEXES[id(dataset)] = (weakref.ref(dataset), index)
    return index


def candidate_for(dataset: Dataset, link: Link) -> pd.Series | None:
    """The matcher's best candidate from the giver's have of the link's material to the
    receiver, or None when the matcher finds none."""
    rows = candidates_for(dataset, link)
    return rows[0] if rows else None


def candidates_for(dataset: Dataset, link: Link) -> list[pd.Series]:
    """The matcher's candidates from the giver's have of the link's material to the receiver,
    one per want of the receiver that the material fits, the best first."""
    return pair_index(dataset).get((link.giver, link.receiver, link.material), [])


def _have_left(links: Sequence[Link], row: pd.Series) -> float:
    """What is left of the giver's have after the other links from it (in its unit)."""
    used = sum(k.quantity for k in links if k.giver == row["source_company"]
               and k.material == row["have_material"])  # fmt: skip
    return float(row["have_quantity"]) - used


def _want_left(links: Sequence[Link], rows: Sequence[pd.Series]) -> float:
    """What is left, in the have's unit, of the receiver's wants this material fits (as the
    matcher leaves them after existing flows) after the other links into those wants."""

    def factor(row):
        return taxonomy.unit_factor(str(row["unit"]), str(row["want_unit"])) or 1.0

    wants = {str(r["want_material"]) for r in rows}
    room = sum(float(r["want_quantity"]) / factor(r) for r in rows)
    used = sum(k.quantity for k in links if k.receiver == rows[0]["target_company"]
               and any(taxonomy.compatibility(k.material, w) for w in wants))  # fmt: skip
    return room - used


def check_link(
    dataset: Dataset,
    deck: Sequence[str],
    link: Link,
    chain: Sequence[Link] = (),
    others: Sequence[Link] = (),
) -> Refusal | None:
    """None when the link may be added to `chain` (the chain's links so far); else the rule it
    breaks. A link shares an enterprise with the chain's links (a chain is connected); the
    chain's and the team's `others` links take their share of haves and wants."""
    in_deck = set(deck)
    for role, company in (("giver", link.giver), ("receiver", link.receiver)):
        if company not in in_deck:
            return Refusal("not_in_deck", {"role": role, "company": company})
    if link.giver == link.receiver:
        return Refusal("same_company", {"company": link.giver})
    if not (math.isfinite(link.quantity) and link.quantity > 0):
        return Refusal("quantity", {"quantity": link.quantity})
    members = {c for k in chain for c in (k.giver, k.receiver)}
    if chain and not {link.giver, link.receiver} & members:
        return Refusal("not_connected", {})
    rows = candidates_for(dataset, link)
    if not rows:
        return _why_no_match(dataset, link)
    if link.unit != rows[0]["unit"]:
        return Refusal("unit", {"unit": link.unit, "want_unit": str(rows[0]["unit"])})
    taken = [*chain, *others]
    have_left = _have_left(taken, rows[0])
    if link.quantity > have_left + 1e-9:
        return Refusal("more_than_have", {"left": round(max(have_left, 0.0), 3), "unit": link.unit})
    want_left = _want_left(taken, rows)
    if link.quantity > want_left + 1e-9:
        return Refusal("more_than_want", {"left": round(max(want_left, 0.0), 3), "unit": link.unit})
    return None


def link_exchange(dataset: Dataset, link: Link, exchange_id: str) -> Exchange | None:
    """The exchange a link stands for (the matcher's candidate at the link's quantity), for the
    assessment and the policy rules; None when the matcher finds no candidate."""
    row = candidate_for(dataset, link)
    if row is None:
        return None
    values = row.to_dict() | {"quantity": link.quantity, "status": "proposed"}
    return candidate_exchange(values, dataset, exchange_id)


def link_exchanges(dataset: Dataset, links: Sequence[Link], prefix: str) -> list[Exchange]:
    """The exchanges of a chain's links, ids `<prefix>:<position>`; unmatched links left out."""
    found = (link_exchange(dataset, k, f"{prefix}:{i}") for i, k in enumerate(links))
    return [ex for ex in found if ex is not None]
