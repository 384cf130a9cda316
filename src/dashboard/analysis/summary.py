"""The loaded dataset at a glance: counts by sector, region, material and provenance."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from dashboard.domain import reference
from dashboard.domain.dataset import Dataset


def counts(dataset: Dataset) -> dict[str, int]:
    return {
        "companies": len(dataset.companies),
        "streams": len(dataset.streams),
        "flows": len(dataset.flows),
    }


def by_sector(companies: pd.DataFrame) -> pd.DataFrame:
    """Companies per NACE section, most first."""
    table = companies.groupby("nace_section").size().rename("companies").reset_index()
    return table.sort_values(["companies", "nace_section"], ascending=[False, True])[
        ["nace_section", "companies"]
    ].reset_index(drop=True)


def by_region(companies: pd.DataFrame) -> pd.DataFrame:
    """Companies per region, most first; a company outside every bundled region has code ''."""
    codes = companies["region_code"].fillna("")
    table = codes.groupby(codes).size().rename("companies").reset_index()
    table.columns = ["region_code", "companies"]
    return table.sort_values(["companies", "region_code"], ascending=[False, True])[
        ["region_code", "companies"]
    ].reset_index(drop=True)


def by_material(streams: pd.DataFrame) -> pd.DataFrame:
    """Stream counts and quantity totals per material, direction and unit (units never mixed)."""
    frame = streams.assign(material=streams["material"].fillna(""))
    table = (
        frame.groupby(["material", "direction", "unit"], dropna=False)
        .agg(streams=("stream_id", "size"), quantity=("quantity", lambda q: q.sum(min_count=1)))
        .reset_index()
    )
    return table.sort_values(["material", "direction", "unit"]).reset_index(drop=True)


def by_provenance(dataset: Dataset) -> pd.DataFrame:
    """Rows per provenance in each table."""
    parts = {
        name: dataset.table(name)["provenance"].value_counts()
        for name in ("companies", "streams", "flows")
    }
    table = pd.DataFrame(parts).fillna(0).astype(int)
    order = [p for p in reference.PROVENANCES if p in table.index]
    return table.loc[order].rename_axis("provenance").reset_index()


def filter_effects(
    full: Dataset, view: Dataset, filters: Mapping[str, Iterable[str]]
) -> dict[str, int]:
    """What each sidebar filter narrows: the companies of the chosen sectors and of the chosen
    regions (each alone), the companies the sector and region filters keep together, and the
    streams and flows of the chosen materials among them. A material does not narrow the
    companies: `companies_with_material` says how many of them have a stream of it."""
    companies = full.companies
    sectors, regions = set(filters.get("sector", ())), set(filters.get("region", ()))
    materials = set(filters.get("material", ()))
    with_material = view.streams.loc[view.streams["material"].isin(materials), "company_id"]
    return {
        "companies_total": len(companies),
        "sector_companies": int(companies["nace_section"].isin(sectors).sum()),
        "region_companies": int(companies["region_code"].isin(regions).sum()),
        "companies": len(view.companies),
        "material_streams": len(view.streams) if materials else 0,
        "material_flows": len(view.flows) if materials else 0,
        "companies_with_material": with_material.nunique(),
    }
