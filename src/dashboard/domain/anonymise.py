"""The public tier of a dataset: what a policymaker may see of what companies told a facilitator.

`public_view(dataset)` is applied before any page, export or command sees the data. Of every
confidential company (all of them, unless a row's `confidential` says `false`, or its id is
among those kept in full: a company's own view) it keeps:
- its NACE section and its municipality (the bundled place), as name and as coordinates (the
  place's own); where fewer than MIN_GROUP such companies share a section and a place, its
  region instead, then its country (coordinates: the group's mean to 0.1 degree), until every
  group shown holds MIN_GROUP or more; a company in a smaller group even by country is left
  out, with its streams and flows;
- quantities in bands of a 1-2-5 series (`quantity_low`, `quantity_high`), the quantity being
  the band's geometric middle and its provenance `estimated`;
- no prices, no employees, no free text (names, sources, notes and columns beyond the format),
  and new ids for companies, streams and flows (the old ones often spell a name).
Prices and free text are dropped for every company, kept ones included.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from dashboard.domain.dataset import Dataset
from dashboard.domain.places import places

MIN_GROUP = 3
"""No group of fewer companies is shown on its own."""
STEPS = (1.0, 2.0, 5.0)
"""Band edges within a power of ten."""
NOT_CONFIDENTIAL = frozenset(("false", "no", "0", "нет"))
COMPANY_COLUMNS = (
    "company_id", "name", "nace", "lat", "lon", "region_code", "country", "provenance",
    "nace_code", "nace_section", "nace_division", "place", "location_provenance",
)  # fmt: skip
STREAM_COLUMNS = (
    "stream_id", "company_id", "direction", "material", "ewc_code", "quantity", "unit",
    "hazardous", "provenance", "use", "fate", "temperature_c",
)  # fmt: skip
FLOW_COLUMNS = (
    "flow_id", "source_company", "target_company", "material", "quantity", "unit", "status",
    "since_year", "provenance", "use", "fate", "temperature_c",
)  # fmt: skip
LEVELS = ("place", "region_code", "country")
"""Areas a confidential company is shown in, finest first; past the last the section goes."""


def bands(quantity: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(low, high, middle) of the 1-2-5 band holding each quantity: 0 stays 0, unknown stays
    unknown; the middle is the geometric mean of the edges to two significant digits."""
    q = pd.to_numeric(quantity, errors="coerce").astype(float)
    positive = q > 0
    decade = np.floor(np.log10(q.where(positive)))
    mantissa = q / 10.0**decade
    step = np.searchsorted(np.array(STEPS), mantissa.to_numpy(), side="right") - 1
    edges = np.array([*STEPS, 10.0])
    valid = positive.to_numpy()
    step = np.where(valid, step, 0)
    low = np.where(valid, edges[step] * 10.0**decade, q)
    high = np.where(valid, edges[step + 1] * 10.0**decade, q)
    middle = np.sqrt(low * high)
    digits = np.where(valid, 1 - np.floor(np.log10(np.where(valid, middle, 1.0))), 0)
    middle = np.where(valid, np.round(middle * 10.0**digits) / 10.0**digits, q)
    index = quantity.index
    return pd.Series(low, index), pd.Series(high, index), pd.Series(middle, index)


def confidential(companies: pd.DataFrame, keep: Iterable[str] = ()) -> pd.Series:
    """Whether each company is shown anonymised: all but those whose `confidential` cell says
    false and those in `keep`."""
    said = companies.get("confidential", pd.Series("", index=companies.index))
    public = said.astype(str).str.strip().str.casefold().isin(NOT_CONFIDENTIAL)
    return ~public & ~companies["company_id"].isin(set(keep))


def _groups(shown: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Per confidential company (rows of `shown`), how far it is generalised (0 place,
    1 region, 2 country, 3 left out) and its area code, coarsening each group of a section
    and an area shown with fewer than MIN_GROUP companies (or with no area)."""
    text = {
        c: (shown[c].astype("string").fillna("") if c in shown else pd.Series("", shown.index))
        .to_numpy(dtype=object)
        for c in ("nace_section", *LEVELS)
    }  # fmt: skip
    level = np.zeros(len(shown), dtype=int)
    section = text["nace_section"]
    while True:
        area = np.select(
            [level == 0, level == 1, level == 2], [text["place"], text["region_code"],
             text["country"]], "",
        )  # fmt: skip
        key = pd.Series(level.astype(str)) + "|" + section + "|" + area
        small = key.map(key.value_counts()).to_numpy() < MIN_GROUP
        move = (small | (area == "")) & (level < len(LEVELS))
        if not move.any():
            return level, area
        level[move] += 1


def public_view(dataset: Dataset, keep: Iterable[str] = ()) -> Dataset:
    """The dataset as the public tier shows it (module docstring); the companies in `keep`
    (and those not confidential) in full but for prices and free text."""
    companies = dataset.companies.reset_index(drop=True)
    hidden = confidential(companies, keep).to_numpy()
    level, area = _groups(companies[hidden])
    section = companies.loc[hidden, "nace_section"].astype("string").fillna("").to_numpy(object)
    key = pd.Series(level.astype(str)) + "|" + section + "|" + area
    dropped = np.zeros(len(companies), dtype=bool)
    dropped[np.flatnonzero(hidden)] = level >= len(LEVELS)
    out = companies[[c for c in COMPANY_COLUMNS if c in companies]].copy()
    rows = np.flatnonzero(hidden)
    lat = companies["lat"].to_numpy(dtype=float).copy()
    lon = companies["lon"].to_numpy(dtype=float).copy()
    place_table = places()
    names = []
    for i, row in enumerate(rows):
        if level[i] == 0 and area[i] in place_table.index:
            lat[row], lon[row] = place_table.at[area[i], "lat"], place_table.at[area[i], "lon"]
            names.append(str(place_table.at[area[i], "name"]))
        else:
            names.append(area[i] or "?")
    coarse = rows[level > 0]
    if len(coarse):
        groups = pd.DataFrame({"lat": lat[coarse], "lon": lon[coarse], "key": key[level > 0]})
        means = groups.groupby("key")[["lat", "lon"]].transform("mean").round(1)
        lat[coarse], lon[coarse] = means["lat"].to_numpy(), means["lon"].to_numpy()
    out["lat"], out["lon"] = lat, lon
    out.loc[rows, "name"] = [f"{s} · {n}" for s, n in zip(section, names, strict=True)]
    for column in ("nace", "nace_code"):
        out.loc[rows, column] = section
    for column, coarser in (("place", 1), ("region_code", 2)):
        if column in out:
            out.loc[rows[level >= coarser], column] = None
    if "nace_division" in out:
        out.loc[rows, "nace_division"] = None
    if "location_provenance" in out:
        out.loc[rows, "location_provenance"] = "estimated"
    ids = dict(zip(companies["company_id"], [f"c{n:05d}" for n in range(1, len(out) + 1)],
                   strict=True))  # fmt: skip
    out["company_id"] = companies["company_id"].map(ids)
    hidden_ids = set(companies.loc[hidden, "company_id"])
    gone = set(companies.loc[dropped, "company_id"])
    out = out[~dropped].reset_index(drop=True)

    streams_in = dataset.streams[~dataset.streams["company_id"].isin(gone)]
    streams = _quantities(streams_in, STREAM_COLUMNS, streams_in["company_id"].isin(hidden_ids))
    streams["stream_id"] = [f"s{n:06d}" for n in range(1, len(streams) + 1)]
    streams["company_id"] = streams_in["company_id"].map(ids).to_numpy()
    flows_in = dataset.flows[~_touches(dataset.flows, gone)]
    touched = _touches(flows_in, hidden_ids)
    flows = _quantities(flows_in, FLOW_COLUMNS, touched)
    flows["flow_id"] = [f"f{n:06d}" for n in range(1, len(flows) + 1)]
    flows["source_company"] = flows_in["source_company"].map(ids).to_numpy()
    flows["target_company"] = flows_in["target_company"].map(ids).to_numpy()
    meta = {k: v for k, v in dataset.meta.items() if k in ("id", "title", "title_ru")}
    return Dataset(dataset.name, out, streams, flows, meta | {"tier": "public"})


def _touches(flows: pd.DataFrame, companies: set[str]) -> pd.Series:
    return flows["source_company"].isin(companies) | flows["target_company"].isin(companies)


def _quantities(table: pd.DataFrame, columns: tuple[str, ...], banded: pd.Series) -> pd.DataFrame:
    """The table's kept columns, quantities of the `banded` rows in bands (with their edges)."""
    out = table[[c for c in columns if c in table]].reset_index(drop=True).copy()
    banded = banded.to_numpy()
    quantity = out["quantity"] if "quantity" in out else pd.Series(np.nan, index=out.index)
    low, high, middle = bands(quantity)
    exact = pd.to_numeric(quantity, errors="coerce").astype(float)
    out["quantity"] = np.where(banded, middle, exact)
    out["quantity_low"] = np.where(banded, low, exact)
    out["quantity_high"] = np.where(banded, high, exact)
    if "provenance" in out:
        out.loc[banded, "provenance"] = "estimated"
    return out
