"""An exchange between two companies, a flow of the dataset or a candidate of the matching
engine, with what its assessment needs: quantity, unit, distance, the sectors of both ends,
the use it serves at the receiver, and what the dataset declares about it.

The use is what the residue really replaces at the receiver. It is, in this order: the
exchange's own `use` column (a flow's, or the want stream's for a candidate); what the
receiver's sector does with the material (`data/reference/uses.csv`: slag at an aggregates
quarry is aggregate, tyres at a cement works are kiln fuel, warm water at a fish farm heats
nothing it would otherwise heat); else the want it meets (fly ash meeting a want of cement raw
material); else the material itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache

import pandas as pd

from dashboard.domain import reference
from dashboard.domain.geo import distance_km
from dashboard.domain.statuses import CANDIDATE
from dashboard.domain.taxonomy import hazardous_by_default
from dashboard.domain.values import optional_number, text


@dataclass(frozen=True)
class Exchange:
    """A flow or a candidate exchange; `distance_km` is great-circle, `use` what it replaces.

    `fate`, `transfer_price` and `temperature_c` are what the dataset (or the user) declares:
    the residue's fate without it and the price the receiver pays per unit; empty or None
    means the bundled default. `provenance` is that of the quantity.
    """

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
    source_sector: str = ""
    target_sector: str = ""
    fate: str = ""
    transfer_price: float | None = None
    provenance: str = "unspecified"
    temperature_c: float | None = None
    """Temperature of heat or warm water as delivered by the giver, when the data says."""


@cache
def _uses() -> tuple[tuple[str, str, str], ...]:
    """(material, receiver NACE prefix, use), longest prefixes first."""
    table = reference.uses()
    rows = zip(table["material"], table["receiver_nace"], table["use"], strict=True)
    return tuple(sorted(rows, key=lambda r: -len(r[1])))


def resolve_use(material: str, want: str = "", receiver_nace: str = "", declared: str = "") -> str:
    """What the material replaces at the receiver (see the module docstring)."""
    if declared:
        return declared
    for row_material, prefix, use in _uses():
        if row_material == material and receiver_nace.startswith(prefix):
            return use
    return want or material


def _served_want(material: str, wants: Iterable[str]) -> str:
    """The receiver's want a material meets: itself, else the first want it satisfies."""
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


def _company(companies: pd.DataFrame, company: str, column: str) -> str:
    if company not in companies.index or column not in companies.columns:
        return ""
    return text(companies.at[company, column])


def _hazardous(streams: pd.DataFrame, material: str) -> bool:
    """Flagged on a stream, else hazardous by the material's nature."""
    flags = streams["hazardous"].dropna()
    return bool(flags.any()) if len(flags) else hazardous_by_default(material)


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
        want = _served_want(row["material"], wants["material"].dropna())
        want_rows = wants[(wants["material"] == want) & (wants["unit"] == row["unit"])]
        haves = streams[
            (streams["company_id"] == source)
            & (streams["direction"] == "have")
            & (streams["material"] == row["material"])
        ]
        target_sector = _company(companies, target, "nace_code")
        exchanges.append(
            Exchange(
                exchange_id=str(flow_id),
                source_company=source,
                target_company=target,
                material=row["material"],
                quantity=optional_number(row["quantity"]),
                unit=row["unit"] or None,
                distance_km=company_distance(companies, source, target),
                use=resolve_use(row["material"], want, target_sector, text(row.get("use"))),
                source_country=_company(companies, source, "country"),
                target_country=_company(companies, target, "country"),
                status=row["status"],
                hazardous=_hazardous(haves, row["material"]),
                want_quantity=float(want_rows["quantity"].sum()) if len(want_rows) else None,
                source_sector=_company(companies, source, "nace_code"),
                target_sector=target_sector,
                fate=text(row.get("fate")),
                transfer_price=optional_number(row.get("transfer_price")),
                temperature_c=optional_number(row.get("temperature_c")),
                provenance=text(row.get("provenance")) or "unspecified",
            )
        )
    return exchanges


def candidate_exchange(
    row: Mapping, dataset=None, exchange_id: str = "", companies: pd.DataFrame | None = None
) -> Exchange:
    """An exchange from a matching-engine candidate row (source_company, target_company,
    have_material, quantity, unit, distance_km; want_material, want_quantity, want_use,
    hazardous and provenance when present); `companies`, the dataset's companies by
    company_id, saves indexing them again for each row."""
    if companies is None:
        companies = pd.DataFrame()
        if dataset is not None:
            companies = dataset.companies.set_index("company_id")
    source, target = text(row.get("source_company")), text(row.get("target_company"))
    material = text(row.get("have_material") or row.get("material"))
    target_sector = _company(companies, target, "nace_code")
    want = text(row.get("want_material"))
    return Exchange(
        exchange_id=exchange_id or f"{source}>{target}:{material}",
        source_company=source,
        target_company=target,
        material=material,
        quantity=optional_number(row.get("quantity")),
        unit=text(row.get("unit")) or None,
        distance_km=optional_number(row.get("distance_km")),
        use=resolve_use(material, want, target_sector, text(row.get("want_use"))) if want else "",
        source_country=_company(companies, source, "country"),
        target_country=_company(companies, target, "country"),
        status=text(row.get("status")) or CANDIDATE,
        hazardous=str(row.get("hazardous")).lower() == "true",
        want_quantity=optional_number(row.get("want_quantity")),
        source_sector=_company(companies, source, "nace_code"),
        target_sector=target_sector,
        provenance=text(row.get("provenance")) or "estimated",
    )


def with_fates(exchanges: Iterable[Exchange], fates: Mapping[str, str]) -> list[Exchange]:
    """The exchanges with the fates chosen for some of them (exchange id -> fate)."""
    return [replace(ex, fate=fates[ex.exchange_id]) if ex.exchange_id in fates else ex
            for ex in exchanges]  # fmt: skip
