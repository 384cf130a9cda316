"""A team chain's score: the dashboard's own assessment (GHG avoided, net benefit, resources
kept in use), its feasibility (distance, hazard, regulatory barriers) and its realism (the
difficulties the team expected that the rules confirm), each as points 0..100, weighted by the
trainer. The score keeps its working: each part's value and points.

Points of a part (the references are the game's scale, not factors):
- ghg: 100 x t CO2e avoided per year / GHG_FULL, within 0..100;
- net_benefit: 100 x EUR per year / NET_FULL, within 0..100;
- resources: 100 x tonnes per year exchanged / RESOURCES_FULL (links in t/yr only: tonnes and
  MWh are never added), within 0..100;
- feasibility: 100, less DISTANCE_PENALTY x the mean share of the materials' transport distance
  used, HAZARD_PENALTY per hazardous link and BARRIER_PENALTY per policy barrier, at least 0;
- realism: 100 x the share of the rules' expected difficulty categories the team recorded.
A part whose value is unknown, or realism when the rules expect nothing, is left out of the
weighted mean and shown as unknown; total = sum(weight x points) / sum(weight) over the rest,
from the points as shown (to 0.1), so the working reproduces the total.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dashboard.analysis.assessment import ChainAssessment, assess_chain
from dashboard.analysis.policy.catalogue import Catalogue
from dashboard.domain import taxonomy
from dashboard.domain.dataset import Dataset
from dashboard.domain.factors import Factors
from dashboard.domain.game import Difficulty, Link, Score, Weights
from dashboard.game import difficulties as rules
from dashboard.game.links import candidate_for, link_exchanges

GHG_FULL = 10_000.0
NET_FULL = 1_000_000.0
RESOURCES_FULL = 50_000.0
DISTANCE_PENALTY = 40.0
HAZARD_PENALTY = 20.0
BARRIER_PENALTY = 15.0
PARTS = ("ghg", "net_benefit", "resources", "feasibility", "realism")


@dataclass(frozen=True)
class Scored:
    """A chain scored, with what the debrief and the working show."""

    score: Score
    assessment: ChainAssessment
    evidence: tuple[rules.Evidence, ...]
    confirmed: tuple[str, ...]
    findings: dict


def _points(value: float | None, full: float) -> float | None:
    return None if value is None else max(0.0, min(100.0, 100.0 * value / full))


def _tonnes(links: Sequence[Link]) -> float:
    return float(sum(k.quantity for k in links if k.unit == "t/yr"))


def feasibility(distance_shares: Sequence[float], hazardous: int, barriers: int) -> float:
    mean = sum(distance_shares) / len(distance_shares) if distance_shares else 0.0
    raw = 100 - DISTANCE_PENALTY * min(mean, 1.0) - HAZARD_PENALTY * hazardous
    return max(0.0, raw - BARRIER_PENALTY * barriers)


def total(parts: dict[str, tuple[float | None, float | None]], weights: Weights) -> float:
    known = [(getattr(weights, p), pts) for p, (_, pts) in parts.items() if pts is not None]
    weight = sum(w for w, _ in known)
    return round(sum(w * pts for w, pts in known) / weight, 1) if weight else 0.0


def score_chain(
    dataset: Dataset,
    factors: Factors,
    catalogue: Catalogue,
    links: Sequence[Link],
    difficulties: Sequence[Difficulty],
    weights: Weights,
    chain_key: str = "chain",
) -> Scored:
    """Score a chain's links (all checked) with the team's difficulties."""
    exchanges = link_exchanges(dataset, links, chain_key)
    assessment = assess_chain(exchanges, factors)
    ghg = assessment.totals["ghg_avoided_t_co2e"].value if exchanges else None
    net = assessment.totals["net_benefit_eur"].value if exchanges else None
    found = rules.policy_findings(dataset, catalogue, exchanges)
    rows = [candidate_for(dataset, k) for k in links]
    shares = [
        float(r["distance_km"]) / taxonomy.max_distance_km(str(r["have_material"]))
        for r in rows if r is not None
    ]  # fmt: skip
    compat = [str(r["compatibility"]) for r in rows if r is not None]
    evidence = tuple(rules.evidence(exchanges, found, net, compat))
    expected = rules.expected_categories(evidence)
    agreed = rules.confirmed(difficulties, evidence)
    tonnes = _tonnes(links)
    feasible = feasibility(
        shares, sum(bool(ex.hazardous) for ex in exchanges), len(found.get("barrier", []))
    )
    realism = 100.0 * len(agreed) / len(expected) if expected else None
    parts = {
        "ghg": (ghg, _points(ghg, GHG_FULL)),
        "net_benefit": (net, _points(net, NET_FULL)),
        "resources": (tonnes, _points(tonnes, RESOURCES_FULL)),
        "feasibility": (feasible, feasible),
        "realism": (None if realism is None else len(agreed), realism),
    }
    shown = {p: (v, None if pts is None else round(pts, 1)) for p, (v, pts) in parts.items()}
    score = Score(total(shown, weights), tuple((p, v, pts) for p, (v, pts) in shown.items()))
    return Scored(score, assessment, evidence, agreed, found)
