"""A validated dataset (companies, streams, flows) and the filters every page shares: sector,
region, material and place (the nearest town)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

TABLES = ("companies", "streams", "flows")


@dataclass
class Dataset:
    """A validated dataset: typed companies, streams and flows tables."""

    name: str
    companies: pd.DataFrame
    streams: pd.DataFrame
    flows: pd.DataFrame
    meta: dict[str, str] = field(default_factory=dict)

    def table(self, name: str) -> pd.DataFrame:
        return getattr(self, name)

    def company_names(self) -> dict[str, str]:
        """Company id -> name."""
        companies = self.companies
        return dict(zip(companies["company_id"], companies["name"].astype(str), strict=True))


def filter_options(dataset: Dataset) -> dict[str, list[str]]:
    """The values each shared filter can take in this dataset, sorted."""
    materials = set(dataset.streams["material"].dropna()) | set(dataset.flows["material"].dropna())
    return {
        "sector": sorted(dataset.companies["nace_section"].dropna().unique()),
        "region": sorted(dataset.companies["region_code"].dropna().unique()),
        "material": sorted(materials),
        "place": sorted(dataset.companies.get("place", pd.Series()).dropna().unique()),
    }


def apply_filters(
    dataset: Dataset,
    sectors: Iterable[str] = (),
    regions: Iterable[str] = (),
    materials: Iterable[str] = (),
    places: Iterable[str] = (),
) -> Dataset:
    """Keep companies in the chosen sectors, regions and places, and streams and flows of the
    chosen materials between kept companies; an empty choice keeps everything."""
    sectors, regions, materials, places = set(sectors), set(regions), set(materials), set(places)
    companies = dataset.companies
    if sectors:
        companies = companies[companies["nace_section"].isin(sectors)]
    if regions:
        companies = companies[companies["region_code"].isin(regions)]
    if places:
        companies = companies[companies["place"].isin(places)]
    kept = set(companies["company_id"])
    streams = dataset.streams[dataset.streams["company_id"].isin(kept)]
    flows = dataset.flows[
        dataset.flows["source_company"].isin(kept) & dataset.flows["target_company"].isin(kept)
    ]
    if materials:
        streams = streams[streams["material"].isin(materials)]
        flows = flows[flows["material"].isin(materials)]
    return Dataset(
        dataset.name,
        companies.reset_index(drop=True),
        streams.reset_index(drop=True),
        flows.reset_index(drop=True),
        dataset.meta,
    )
