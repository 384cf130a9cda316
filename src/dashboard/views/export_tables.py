"""Tables the command line writes: every flow and detected chain with its assessment results,
one column per result named with its unit, and the totals of the dataset's existing, planned
and proposed flows apart; unknown results are empty cells, never 0. Each row says where its
numbers come from: the provenance of the quantities, of the distances (the companies'
locations) and of the factors used, the fate assumed and the use credited."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from dashboard.analysis.assessment import (
    RESULTS,
    STATUS_GROUPS,
    ChainAssessment,
    assess_chain,
    factor_provenance,
    weakest,
)
from dashboard.analysis.chains import DEFAULT_STATUSES, detect_chains
from dashboard.analysis.mca import criteria_scores, mca_score
from dashboard.domain.exchange import flow_exchanges
from dashboard.domain.factors import Factors
from dashboard.domain.labels import chain_name
from dashboard.views.chain_tables import reasons_text

TABLE_COLUMNS = (
    "kind", "id", "name", "flows", "status", "material", "quantity", "unit", "road_distance_km",
    "ghg_avoided_t_co2e", "virgin_resource_saved", "virgin_resource_unit", "waste_diverted_t",
    "energy_recovered_mwh", "avoided_disposal_eur", "avoided_purchase_eur", "foregone_value_eur",
    "transport_cost_eur", "treatment_cost_eur", "electricity_cost_eur", "transaction_cost_eur",
    "net_benefit_eur", "transfer_eur", "mca_score", "mca_coverage", "fate", "fate_factor", "use",
    "quantity_provenance", "location_provenance", "factor_provenance", "missing",
)  # fmt: skip
TEXT_COLUMNS = (
    "unit", "virgin_resource_unit", "missing", "fate", "fate_factor", "use",
    "quantity_provenance", "location_provenance", "factor_provenance",
)  # fmt: skip


def _table_row(
    kind: str, row_id: str, name: str, chain: ChainAssessment, factors: Factors,
    locations: dict[str, str],
) -> dict[str, object]:  # fmt: skip
    totals = chain.totals
    resource = totals["virgin_resource_saved"]
    score, coverage = mca_score(criteria_scores(chain))
    assessments = chain.assessments
    transfers = [a.transfer.value for a in assessments]
    companies = {c for a in assessments for c in (a.exchange.source_company,
                                                  a.exchange.target_company)}  # fmt: skip
    row: dict[str, object] = {
        "kind": kind,
        "id": row_id,
        "name": name,
        "flows": ";".join(a.exchange.exchange_id for a in assessments),
        "virgin_resource_unit": resource.unit if resource.known else None,
        "transfer_eur": None if None in transfers else sum(transfers),  # type: ignore[arg-type]
        "mca_score": score,
        "mca_coverage": coverage,
        "fate": ";".join(dict.fromkeys(a.fate for a in assessments)),
        "fate_factor": ";".join(dict.fromkeys(a.factor_ids.get("fate", "") for a in assessments)),
        "use": ";".join(dict.fromkeys(a.exchange.use or a.exchange.material for a in assessments)),
        "quantity_provenance": weakest(a.exchange.provenance for a in assessments),
        "location_provenance": weakest(locations.get(c, "unspecified") for c in companies),
        "factor_provenance": factor_provenance(assessments, factors),
        "missing": reasons_text(totals[name] for name in RESULTS),
    }
    for result in RESULTS:
        row[result] = totals[result].value
    return row


def _locations(dataset) -> dict[str, str]:
    """Per company, the provenance of its coordinates: `location_provenance` where the data
    has it, else the company row's."""
    companies = dataset.companies
    column = "location_provenance" if "location_provenance" in companies else "provenance"
    values = companies[column].fillna("").replace("", None).fillna(companies["provenance"])
    return dict(zip(companies["company_id"], values.fillna("unspecified"), strict=True))


def assessment_table(
    dataset, factors: Factors | None = None, statuses: Iterable[str] | None = None
) -> pd.DataFrame:
    """One row per flow, per detected chain and per status group of the dataset's flows (kind
    `total`, id `existing`, `planned` or `proposed`: the flows of that status assessed together,
    a displaced resource credited once) with every result; unknown results are empty."""
    factors = factors or Factors()
    exchanges = {ex.exchange_id: ex for ex in flow_exchanges(dataset)}
    locations = _locations(dataset)
    rows = []
    for ex in exchanges.values():
        row = _table_row("flow", ex.exchange_id, "", assess_chain([ex], factors), factors,
                         locations)  # fmt: skip
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
        rows.append(_table_row("chain", chain.chain_id, chain_name(chain, names), assessed,
                               factors, locations))  # fmt: skip
    everything = assess_chain(exchanges.values(), factors)
    for group, statuses in STATUS_GROUPS.items():
        members = [ex for ex in exchanges.values() if ex.status in statuses]
        if members:
            part = ChainAssessment(
                tuple(a for a in everything.assessments if a.exchange.status in statuses),
                everything.by_status[group],
            )
            row = _table_row("total", group, "", part, factors, locations)
            rows.append(row | {"status": group})
    frame = pd.DataFrame(rows, columns=list(TABLE_COLUMNS))
    numeric = [c for c in TABLE_COLUMNS[6:] if c not in TEXT_COLUMNS]
    for column in numeric:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float).round(3)
    return frame
