"""Difficulties a chain will meet: the ones the rules find (policy barriers and obligations,
hazard, substitutes, odour, many actors, a loss), the suggestions offered to a team, and which
of a team's difficulties the rules confirm.

A measure's catalogue type decides its checklist category: regulatory and planning measures are
legal, financial ones economic, informational ones information and trust.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dashboard.analysis.policy.catalogue import Catalogue, Measure
from dashboard.analysis.policy.findings import ChainFinding, exchanges_findings
from dashboard.domain import taxonomy
from dashboard.domain.dataset import Dataset
from dashboard.domain.exchange import Exchange
from dashboard.domain.game import Difficulty

TYPE_CATEGORY = {
    "regulatory": "legal",
    "planning": "legal",
    "financial": "economic",
    "informational": "information_trust",
}
SUGGESTED = ("barrier", "obligation")
"""Finding categories offered to a team as difficulties; supports answer them in the debrief."""
ODOUR_GROUPS = ("bio_organic",)
"""Material groups whose transport and storage neighbours notice (odour, traffic)."""
MANY_ACTORS = 4
"""A chain of this many enterprises or more needs coordinating several contracts."""


@dataclass(frozen=True)
class Evidence:
    """Why the rules expect a difficulty: its category, a code and its parameters."""

    category: str
    code: str
    params: tuple[tuple[str, object], ...] = ()


def measure_category(measure: Measure) -> str:
    return TYPE_CATEGORY.get(measure.type, "legal")


def policy_findings(
    dataset: Dataset, catalogue: Catalogue, exchanges: Sequence[Exchange]
) -> dict[str, list[ChainFinding]]:
    """The chain's measures split into barrier, obligation and support (ranked)."""
    return exchanges_findings(dataset, catalogue, exchanges)


def suggestions(found: dict[str, list[ChainFinding]]) -> list[Difficulty]:
    """The barriers and obligations the policy rules find, as difficulties to accept or reject
    (their sentence is the measure's own, written in `views`)."""
    return [
        Difficulty(measure_category(f.measure), "", f.measure.measure_id, accepted=False)
        for category in SUGGESTED
        for f in found.get(category, [])
    ]


def evidence(
    exchanges: Sequence[Exchange],
    found: dict[str, list[ChainFinding]],
    net_benefit_eur: float | None,
    compatibilities: Iterable[str] = (),
) -> list[Evidence]:
    """Every difficulty the rules expect for the chain, with its reason."""
    out = [
        Evidence(measure_category(f.measure), f"measure_{category}",
                 (("measure", f.measure.measure_id),))
        for category in SUGGESTED for f in found.get(category, [])
    ]  # fmt: skip
    for ex in exchanges:
        if ex.hazardous:
            out.append(Evidence("technical", "hazardous", (("material", ex.material),)))
            out.append(Evidence("social", "hazardous", (("material", ex.material),)))
        group = taxonomy.vocabulary()["group"].get(ex.material)
        if group in ODOUR_GROUPS:
            out.append(Evidence("social", "odour", (("material", ex.material),)))
    if "substitute" in set(compatibilities):
        out.append(Evidence("technical", "substitute"))
    actors = {c for ex in exchanges for c in (ex.source_company, ex.target_company)}
    if len(actors) >= MANY_ACTORS:
        out.append(Evidence("organisational", "many_actors", (("actors", len(actors)),)))
    if net_benefit_eur is not None and net_benefit_eur < 0:
        out.append(Evidence("economic", "loss", (("eur", round(net_benefit_eur)),)))
    return out


def expected_categories(found: Iterable[Evidence]) -> tuple[str, ...]:
    return tuple(sorted({e.category for e in found}))


def confirmed(difficulties: Iterable[Difficulty], found: Iterable[Evidence]) -> tuple[str, ...]:
    """The categories of the team's accepted difficulties that the rules also expect."""
    expected = set(expected_categories(found))
    return tuple(sorted({d.category for d in difficulties if d.accepted} & expected))
