"""An exchange between two companies, a flow of the dataset or a candidate of the matching
engine, with what its assessment needs: quantity, unit, distance, the want it serves."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from dashboard.domain import reference
from dashboard.domain.geo import distance_km
from dashboard.domain.statuses import CANDIDATE
from dashboard.domain.values import optional_number, text


@dataclass(frozen=True)
class Exchange:
    """A flow or a candidate exchange; `distance_km` is great-circle, `use` the want it serves."""

    exchange_id: str
    source_company: str
    target_company: str
    material: str
    quantity: float | None
    unit: str | None
    distance_km: float | None
    use: str = ""
    source_country: str = ""
    target_country: str = ""
    status: str = CANDIDATE
    hazardous: bool = False
    want_quantity: float | None = None


def _use(material: str, wants: Iterable[str]) -> str:
    """The want a material serves: itself, else the first want it satisfies."""
    wants = sorted(set(wants))
    if material in wants:
        return material
    table = reference.materials()
    satisfied = table.at[material, "satisfies"] if material in table.index else ()
    return next((w for w in wants if w in satisfied), "")


def company_distance(companies: pd.DataFrame, source: object, target: object) -> float | None:
    """Great-circle km between two companies of a table indexed by company id; None when either
    is missing or not located."""
    if source not in companies.index or target not in companies.index:
        return None
    a, b = companies.loc[source], companies.loc[target]
    coordinates = [optional_number(v) for v in (a["lat"], a["lon"], b["lat"], b["lon"])]
    if None in coordinates:
        return None
    return distance_km(*coordinates)  # type: ignore[arg-type]


def flow_exchanges(dataset, flow_ids: Iterable[str] | None = None) -> list[Exchange]:
    """Exchanges for the dataset's flows (all of them, or `flow_ids` in that order)."""
    companies = dataset.companies.set_index("company_id")
    streams = dataset.streams
    flows = dataset.flows.set_index("flow_id", drop=False)
    ids = list(flows.index) if flow_ids is None else [f for f in flow_ids if f in flows.index]
    exchanges = []
    for flow_id in ids:
        row = flows.loc[flow_id]
        source, target = row["source_company"], row["target_company"]
        wants = streams[(streams["company_id"] == target) & (streams["direction"] == "want")]
        use = _use(row["material"], wants["material"].dropna())
        want_rows = wants[(wants["material"] == use) & (wants["unit"] == row["unit"])]
        haves = streams[
            (streams["company_id"] == source)
            & (streams["direction"] == "have")
            & (streams["material"] == row["material"])
        ]
        exchanges.append(
            Exchange(
                exchange_id=str(flow_id),
                source_company=source,
                target_company=target,
                material=row["material"],
                quantity=optional_number(row["quantity"]),
                unit=row["unit"] or None,
                distance_km=company_distance(companies, source, target),
                use=use,
                source_country=_country(companies, source),
                target_country=_country(companies, target),
                status=row["status"],
                hazardous=bool(haves["hazardous"].fillna(False).any()),
                want_quantity=float(want_rows["quantity"].sum()) if len(want_rows) else None,
            )
        )
    return exchanges


def _country(companies: pd.DataFrame, company: str) -> str:
    return text(companies.at[company, "country"]) if company in companies.index else ""


def candidate_exchange(row: Mapping, dataset=None, exchange_id: str = "") -> Exchange:
    """An exchange from a matching-engine candidate row (source_company, target_company,
    have_material, quantity, unit, distance_km; want_material, want_quantity and hazardous
    when present)."""
    countries = {}
    if dataset is not None:
        countries = dataset.companies.set_index("company_id")["country"].to_dict()
    source, target = text(row.get("source_company")), text(row.get("target_company"))
    material = text(row.get("have_material") or row.get("material"))
    return Exchange(
        exchange_id=exchange_id or f"{source}>{target}:{material}",
        source_company=source,
        target_company=target,
        material=material,
        quantity=optional_number(row.get("quantity")),
        unit=text(row.get("unit")) or None,
        distance_km=optional_number(row.get("distance_km")),
        use=text(row.get("want_material")),
        source_country=text(countries.get(source)),
        target_country=text(countries.get(target)),
        status=text(row.get("status")) or CANDIDATE,
        hazardous=str(row.get("hazardous")).lower() == "true",
        want_quantity=optional_number(row.get("want_quantity")),
    )
