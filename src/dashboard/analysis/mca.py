"""Multi-criteria view of a chain: each criterion normalised to 0..1 from its assessment, a
weighted score with the share of the weight that was known, and chains side by side.

Criteria follow the potential / performance / feasibility grouping of the soft MCA of Lindfors,
Feiz, Eklund & Ammenberg (2019); readiness follows the flow status.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from dashboard.analysis.assessment import MASS_UNIT, Assessment, ChainAssessment
from dashboard.analysis.policy.facts import waste_status
from dashboard.domain import reference
from dashboard.domain.exchange import Exchange
from dashboard.domain.statuses import CANDIDATE, DISCONTINUED, EXISTING, PLANNED, POTENTIAL

CRITERIA = {
    "quantity": "potential",
    "ghg": "potential",
    "net_benefit": "performance",
    "ghg_per_t": "performance",
    "distance": "feasibility",
    "quantity_fit": "feasibility",
    "regulatory": "feasibility",
    "hazard": "feasibility",
    "readiness": "feasibility",
}
DEFAULT_WEIGHTS = dict.fromkeys(CRITERIA, 1.0)
READINESS = {EXISTING: 1.0, PLANNED: 0.6, POTENTIAL: 0.3, CANDIDATE: 0.2, DISCONTINUED: 0.0}
QUANTITY_REFERENCE = {"t/yr": 100_000.0, "MWh/yr": 100_000.0, "m3/yr": 1_000_000.0}
GHG_REFERENCE_T = 10_000.0
NET_BENEFIT_SCALE_EUR = 1_000_000.0
GHG_PER_T_REFERENCE = 1.0
REGULATORY = {"hazardous": 0.2, "waste": 0.6, "by_product": 1.0}
HAZARD = {"hazardous": 0.0, "special_handling": 0.5, "none": 1.0}


def _log_score(value: float, reference_value: float) -> float:
    return min(1.0, math.log10(1 + max(0.0, value)) / math.log10(1 + reference_value))


def criteria_scores(chain: ChainAssessment) -> dict[str, float | None]:
    """Each criterion normalised to 0..1 (None when unknown); rules in the module constants.

    quantity: mean of log10(1+Q)/log10(1+reference of the unit), capped at 1;
    ghg: log10(1+GHG)/log10(1+10,000 t), negative GHG scores 0;
    net_benefit: 0.5 + 0.5 tanh(net / EUR 1 m); ghg_per_t: GHG per t moved / 1 t, clipped;
    distance: 1 - road distance / material's max distance, weakest link;
    quantity_fit: min(Q, want) / max(Q, want), weakest link;
    regulatory: hazardous waste 0.2, waste 0.6, by-product or energy 1.0, weakest link;
    hazard: hazardous 0, special handling 0.5, none 1, weakest link;
    readiness: existing 1, planned 0.6, potential 0.3, candidate 0.2, discontinued 0; weakest link.
    """
    table = reference.materials()
    exchanges = [a.exchange for a in chain.assessments]
    scores: dict[str, float | None] = dict.fromkeys(CRITERIA)
    quantities = [
        _log_score(ex.quantity, QUANTITY_REFERENCE[ex.unit])
        for ex in exchanges
        if ex.quantity is not None and ex.unit in QUANTITY_REFERENCE
    ]
    scores["quantity"] = float(np.mean(quantities)) if quantities else None
    ghg = chain.totals["ghg_avoided_t_co2e"].value
    scores["ghg"] = None if ghg is None else _log_score(ghg, GHG_REFERENCE_T)
    net = chain.totals["net_benefit_eur"].value
    scores["net_benefit"] = (
        None if net is None else 0.5 + 0.5 * math.tanh(net / NET_BENEFIT_SCALE_EUR)
    )
    mass = [a for a in chain.assessments if a.exchange.unit == MASS_UNIT]
    mass_ghg = [a.results["ghg_avoided_t_co2e"].value for a in mass]
    tonnes = sum(a.exchange.quantity or 0.0 for a in mass)
    if mass and None not in mass_ghg and tonnes > 0:
        per_t = sum(mass_ghg) / tonnes  # type: ignore[arg-type]
        scores["ghg_per_t"] = float(np.clip(per_t / GHG_PER_T_REFERENCE, 0.0, 1.0))
    distances = []
    for a in chain.assessments:
        ex = a.exchange
        k = a.results["transport_cost_eur"].inputs.get("k")
        if ex.distance_km is not None and ex.material in table.index and k is not None:
            max_km = float(table.at[ex.material, "max_distance_km"] or "nan")
            if max_km > 0:
                distances.append(float(np.clip(1 - ex.distance_km * k / max_km, 0.0, 1.0)))
    scores["distance"] = min(distances) if distances else None
    fits = [
        min(ex.quantity, ex.want_quantity) / max(ex.quantity, ex.want_quantity)
        for ex in exchanges
        if ex.quantity and ex.want_quantity
    ]
    scores["quantity_fit"] = min(fits) if fits else None
    if exchanges:
        scores["regulatory"] = min(REGULATORY[_regulatory(a)] for a in chain.assessments)
        scores["hazard"] = min(HAZARD[_hazard(ex, table)] for ex in exchanges)
        scores["readiness"] = min(READINESS.get(ex.status, 0.0) for ex in exchanges)
    return scores


def _regulatory(a: Assessment) -> str:
    """The regime the exchange falls under: the policy rules' waste status of its material."""
    if a.exchange.hazardous:
        return "hazardous"
    return "waste" if waste_status(a.exchange.material) == "waste" else "by_product"


def _hazard(ex: Exchange, table: pd.DataFrame) -> str:
    if ex.hazardous:
        return "hazardous"
    handling = table.at[ex.material, "hazardous_handling"] if ex.material in table.index else ""
    return "none" if handling in ("", "none") else "special_handling"


OUTCOMES = ("ghg", "net_benefit")
"""The criteria of the chain's headline totals: what it achieves. Quantity and GHG per tonne
are scored from the exchanges whose quantity is known and may speak for a few of them only."""


def outcomes_unknown(
    scores: Mapping[str, float | None], weights: Mapping[str, float] | None = None
) -> bool:
    """True when every weighted outcome criterion (`OUTCOMES`: the chain's GHG avoided and net
    benefit) is unknown: a score of the other criteria would rank a chain whose results are
    unknown as if they were known. False when no outcome criterion has a weight (the user
    asked for a score without them)."""
    weights = {**DEFAULT_WEIGHTS, **(weights or {})}
    weighted = [c for c in OUTCOMES if weights.get(c, 0) > 0]
    return bool(weighted) and all(scores.get(c) is None for c in weighted)


def mca_score(
    scores: Mapping[str, float | None], weights: Mapping[str, float] | None = None
) -> tuple[float | None, float]:
    """Weighted mean of the known criteria and the share of the weight that was known; the
    score is None (unknown) when nothing is known or when `outcomes_unknown`."""
    weights = {**DEFAULT_WEIGHTS, **(weights or {})}
    total = sum(w for c, w in weights.items() if c in CRITERIA and w > 0)
    known = {c: s for c, s in scores.items() if s is not None and weights.get(c, 0) > 0}
    known_weight = sum(weights[c] for c in known)
    coverage = known_weight / total if total else 0.0
    if not known_weight or outcomes_unknown(scores, weights):
        return None, coverage
    return sum(weights[c] * s for c, s in known.items()) / known_weight, coverage


def compare_chains(
    chains: Mapping[str, ChainAssessment], weights: Mapping[str, float] | None = None
) -> pd.DataFrame:
    """Chains side by side: criteria scores, MCA score, coverage and the two headline results."""
    rows = []
    for chain_id, chain in chains.items():
        scores = criteria_scores(chain)
        score, coverage = mca_score(scores, weights)
        rows.append(
            {
                "chain": chain_id,
                **scores,
                "score": score,
                "coverage": coverage,
                "ghg_avoided_t_co2e": chain.totals["ghg_avoided_t_co2e"].value,
                "net_benefit_eur": chain.totals["net_benefit_eur"].value,
            }
        )
    columns = ["chain", *CRITERIA, "score", "coverage", "ghg_avoided_t_co2e", "net_benefit_eur"]
    return pd.DataFrame(rows, columns=columns)
