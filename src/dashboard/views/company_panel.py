"""What the Map page shows about one company: the company under a click, and its panel of
haves, wants, flows and best candidates."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.neighbors import BallTree

from dashboard.domain.dataset import Dataset
from dashboard.domain.geo import EARTH_RADIUS_KM
from dashboard.domain.labels import region_label, section_label
from dashboard.i18n import t
from dashboard.views.candidate_reasons import reasons


def company_at(
    companies: pd.DataFrame, lat: float, lon: float, tolerance_m: float = 50.0
) -> str | None:
    """Id of the company nearest to a clicked point, if within `tolerance_m` metres."""
    located = companies.dropna(subset=["lat", "lon"])
    if located.empty or lat is None or lon is None:
        return None
    tree = BallTree(np.radians(located[["lat", "lon"]].to_numpy(float)), metric="haversine")
    distance, index = tree.query(np.radians([[lat, lon]]), k=1)
    if distance[0][0] * EARTH_RADIUS_KM * 1000 > tolerance_m:
        return None
    return str(located["company_id"].iloc[index[0][0]])


@dataclass(frozen=True)
class CompanyPanel:
    """What the panel shows for one company: tables ready for `st.dataframe`."""

    company_id: str
    name: str
    sector: str
    region: str
    haves: pd.DataFrame
    wants: pd.DataFrame
    flows: pd.DataFrame
    candidates: pd.DataFrame


PANEL_STREAM_COLUMNS = ["material", "quantity", "unit", "hazardous", "provenance", "notes"]
PANEL_FLOW_COLUMNS = ["direction", "partner", "material", "quantity", "unit", "status"]
PANEL_CANDIDATE_COLUMNS = [
    "direction", "partner", "have_material", "want_material", "quantity", "unit",
    "distance_km", "score", "reasons",
]  # fmt: skip


def company_panel(
    dataset: Dataset, candidates: pd.DataFrame, company_id: str, limit: int = 10
) -> CompanyPanel | None:
    """A company's haves, wants, flows in and out, and best candidates (best first)."""
    companies = dataset.companies.set_index("company_id")
    if company_id not in companies.index:
        return None
    company = companies.loc[company_id]
    names = companies["name"]
    streams = dataset.streams[dataset.streams["company_id"] == company_id]
    columns = [c for c in PANEL_STREAM_COLUMNS if c in streams.columns]
    flows = dataset.flows
    out = flows[flows["source_company"] == company_id].assign(
        direction=t("map.panel.out"), partner=lambda f: f["target_company"].map(names)
    )
    into = flows[flows["target_company"] == company_id].assign(
        direction=t("map.panel.in"), partner=lambda f: f["source_company"].map(names)
    )
    gives = candidates[candidates["source_company"] == company_id].assign(
        direction=t("map.panel.out"), partner=lambda f: f["target_name"]
    )
    takes = candidates[candidates["target_company"] == company_id].assign(
        direction=t("map.panel.in"), partner=lambda f: f["source_name"]
    )
    best = pd.concat([gives, takes]).sort_values("score", ascending=False, kind="stable")
    best = best.head(limit)
    best = best.assign(reasons=list(reasons(best)))
    return CompanyPanel(
        company_id=company_id,
        name=str(company["name"]),
        sector=section_label(company.get("nace_section")),
        region=region_label(company.get("region_code")),
        haves=streams[streams["direction"] == "have"][columns].reset_index(drop=True),
        wants=streams[streams["direction"] == "want"][columns].reset_index(drop=True),
        flows=pd.concat([out, into])[PANEL_FLOW_COLUMNS].reset_index(drop=True),
        candidates=best.reindex(columns=PANEL_CANDIDATE_COLUMNS).reset_index(drop=True),
    )
