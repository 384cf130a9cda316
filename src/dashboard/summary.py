"""The loaded dataset at a glance: counts by sector, region, material and provenance."""

from __future__ import annotations

import pandas as pd

from dashboard import reference
from dashboard.dataset import Dataset
from dashboard.i18n import t


def counts(dataset: Dataset) -> dict[str, int]:
    return {
        "companies": len(dataset.companies),
        "streams": len(dataset.streams),
        "flows": len(dataset.flows),
    }


def by_sector(companies: pd.DataFrame) -> pd.DataFrame:
    """Companies per NACE section with the section title."""
    titles = reference.nace()["title_en"]
    table = companies.groupby("nace_section").size().rename("companies").reset_index()
    table["title"] = table["nace_section"].map(titles).str.capitalize()
    return table.sort_values(["companies", "nace_section"], ascending=[False, True])[
        ["nace_section", "title", "companies"]
    ].reset_index(drop=True)


def by_region(companies: pd.DataFrame) -> pd.DataFrame:
    """Companies per region; a company outside every bundled region counts as unknown."""
    names = reference.region_table()["name_en"]
    codes = companies["region_code"].fillna("")
    table = codes.groupby(codes).size().rename("companies").reset_index()
    table.columns = ["region_code", "companies"]
    table["region"] = table["region_code"].map(names)
    return table.sort_values(["companies", "region_code"], ascending=[False, True])[
        ["region_code", "region", "companies"]
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


def describe(dataset: Dataset) -> str:
    """A plain-text summary for the command line."""
    c = counts(dataset)
    sectors = ", ".join(
        f"{r.nace_section} {r.companies}" for r in by_sector(dataset.companies).itertuples()
    )
    regions = ", ".join(
        f"{r.region_code or t('cli.unknown')} {r.companies}"
        for r in by_region(dataset.companies).itertuples()
    )
    provenance = ", ".join(
        f"{r.provenance} {r.companies + r.streams + r.flows}"
        for r in by_provenance(dataset).itertuples()
    )
    return "\n".join(
        [
            t("cli.counts", name=dataset.name, **c),
            t("cli.sectors", values=sectors),
            t("cli.regions", values=regions),
            t("cli.provenance", values=provenance),
        ]
    )
