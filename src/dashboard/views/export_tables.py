"""Tables the command line writes: every flow and detected chain with its assessment results,
one column per result named with its unit; unknown results are empty cells, never 0."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from dashboard.analysis.assessment import RESULTS, ChainAssessment, assess_chain
from dashboard.analysis.chains import DEFAULT_STATUSES, detect_chains
from dashboard.analysis.mca import criteria_scores, mca_score
from dashboard.domain.exchange import flow_exchanges
from dashboard.domain.factors import Factors
from dashboard.domain.labels import chain_name
from dashboard.views.chain_tables import reasons_text

TABLE_COLUMNS = (
    "kind", "id", "name", "flows", "status", "material", "quantity", "unit", "road_distance_km",
    "ghg_avoided_t_co2e", "virgin_resource_saved", "virgin_resource_unit", "waste_diverted_t",
    "energy_recovered_mwh", "avoided_disposal_eur", "avoided_purchase_eur", "transport_cost_eur",
    "treatment_cost_eur", "transaction_cost_eur", "net_benefit_eur", "mca_score", "mca_coverage",
    "missing",
)  # fmt: skip


def _table_row(kind: str, row_id: str, name: str, chain: ChainAssessment) -> dict[str, object]:
    totals = chain.totals
    resource = totals["virgin_resource_saved"]
    score, coverage = mca_score(criteria_scores(chain))
    row: dict[str, object] = {
        "kind": kind,
        "id": row_id,
        "name": name,
        "flows": ";".join(a.exchange.exchange_id for a in chain.assessments),
        "virgin_resource_unit": resource.unit if resource.known else None,
        "mca_score": score,
        "mca_coverage": coverage,
        "missing": reasons_text(totals[name] for name in RESULTS),
    }
    for result in RESULTS:
        row[result] = totals[result].value
    return row


def assessment_table(
    dataset, factors: Factors | None = None, statuses: Iterable[str] | None = None
) -> pd.DataFrame:
    """One row per flow and per detected chain with every result; unknown results are empty."""
    factors = factors or Factors()
    exchanges = {ex.exchange_id: ex for ex in flow_exchanges(dataset)}
    rows = []
    for ex in exchanges.values():
        row = _table_row("flow", ex.exchange_id, "", assess_chain([ex], factors))
        road = None
        detour = factors.lookup("detour_factor", "", "road")
        if ex.distance_km is not None and detour is not None:
            road = ex.distance_km * detour.value
        row.update(
            status=ex.status,
            material=ex.material,
            quantity=ex.quantity,
            unit=ex.unit,
            road_distance_km=road,
        )
        rows.append(row)
    chosen = DEFAULT_STATUSES if statuses is None else statuses
    names = dataset.company_names()
    for chain in detect_chains(dataset.flows, chosen):
        assessed = assess_chain([exchanges[f] for f in chain.flow_ids], factors)
        rows.append(_table_row("chain", chain.chain_id, chain_name(chain, names), assessed))
    frame = pd.DataFrame(rows, columns=list(TABLE_COLUMNS))
    numeric = [c for c in TABLE_COLUMNS[6:] if c not in ("unit", "virgin_resource_unit", "missing")]
    for column in numeric:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float).round(3)
    return frame
