"""What the Map page shows about one company: the company under a click, and its panel of
haves, wants, flows and best candidates, as tables and as readable cards."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from scipy.spatial import cKDTree

from dashboard.domain.dataset import Dataset
from dashboard.domain.geo import km_of_chord, unit_vectors
from dashboard.domain.labels import (
    ARROW,
    capitalised,
    material_label,
    provenance_label,
    quantity_text,
    region_label,
    section_label,
    status_label,
)
from dashboard.domain.values import is_missing, text
from dashboard.i18n import number, t
from dashboard.views.candidate_reasons import reasons


def company_at(
    companies: pd.DataFrame, lat: float, lon: float, tolerance_m: float = 50.0
) -> str | None:
    """Id of the company nearest to a clicked point, if within `tolerance_m` metres."""
    located = companies.dropna(subset=["lat", "lon"])
    if located.empty or lat is None or lon is None:
        return None
    tree = cKDTree(unit_vectors(located["lat"], located["lon"]))
    chord, index = tree.query(unit_vectors([lat], [lon])[0], k=1)
    if km_of_chord(chord) * 1000 > tolerance_m:
        return None
    return str(located["company_id"].iloc[index])


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


@dataclass(frozen=True)
class Card:
    """One readable entry of the panel: a title, its quantity with unit, facts, a short note.
    Plain text from data: escape it where it is shown."""

    title: str
    amount: str
    facts: tuple[str, ...] = ()
    note: str = ""


def _amount(quantity: object, unit: object) -> str:
    return quantity_text(None if is_missing(quantity) else float(quantity), unit)


def _short_reason(reason: object) -> str:
    """The reason without its first clause, which repeats material, quantity and distance."""
    text = "" if is_missing(reason) else str(reason)
    return text.split("; ", 1)[1] if "; " in text else text


def panel_cards(panel: CompanyPanel) -> dict[str, list[Card]]:
    """The panel as cards: haves, wants, flows and candidates (best first)."""
    streams = {
        kind: [
            Card(
                capitalised(material_label(row["material"])),
                _amount(row["quantity"], row["unit"]),
                tuple(filter(None, [provenance_label(row.get("provenance"))])),
                "" if is_missing(row.get("notes")) else str(row["notes"]),
            )
            for _, row in frame.iterrows()
        ]
        for kind, frame in (("haves", panel.haves), ("wants", panel.wants))
    }
    flows = [
        Card(
            capitalised(material_label(row["material"])),
            _amount(row["quantity"], row["unit"]),
            (f"{row['direction']} {text(row['partner'])}", status_label(row["status"])),
        )
        for _, row in panel.flows.iterrows()
    ]
    candidates = [
        Card(
            f"{capitalised(material_label(row['have_material']))}{ARROW}"
            f"{material_label(row['want_material'])}",
            _amount(row["quantity"], row["unit"]),
            (
                f"{row['direction']} {text(row['partner'])}",
                t("map.panel.distance", km=number(row["distance_km"], ",.1f")),
                t("map.panel.score", score=number(row["score"], ".0f")),
            ),
            _short_reason(row["reasons"]),
        )
        for _, row in panel.candidates.iterrows()
    ]
    return streams | {"flows": flows, "candidates": candidates}
