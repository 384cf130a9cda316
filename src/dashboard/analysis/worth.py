"""What candidate exchanges are worth: their assessed GHG and net benefit, the score that ranks
them, and what a facilitator should check before proposing them.

The assessment of an exchange is linear in its quantity Q and distance d: every result has the
form c0 + cQ Q + cd d + cQd Q d (a transaction cost per exchange, pipe costs per km, road
transport per t-km). So candidates that share what the assessment depends on (materials, unit,
hazard, the countries and NACE codes of both companies) share four coefficients, found by
assessing that exchange at Q, d in {0, 1}; each candidate's results then follow exactly, by
arithmetic on arrays. One owner of the numbers: `assessment.assess_exchange`.

Score, 0..100 with one decimal, reproducible by hand from the output columns:

    score = round(100 * (W_GHG * G + W_NET * E + W_FIT * fit / 100), 1)

    G = g / (g + GHG_REF) with g = max(ghg_avoided_t_co2e, 0)   (0 when unknown)
    E = e / (e + NET_REF) with e = max(net_benefit_eur, 0)       (0 when unknown)

Each term is a share in 0..1: no tonnes are added to euros. An exchange that saves GHG_REF
tonnes a year gets half the GHG points; one that loses money or adds emissions gets none of
those points, so it ranks below every exchange that is worth something. `fit` is the matching
engine's score of the material fit, distance, coverage and safety.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import numpy as np
import pandas as pd

from dashboard.analysis.assessment import (
    ON_SITE,
    Assessment,
    assess_exchange,
    factor_provenance,
)
from dashboard.analysis.policy.facts import waste_status
from dashboard.domain import reference
from dashboard.domain.exchange import Exchange, candidate_exchange
from dashboard.domain.factors import Factors
from dashboard.domain.values import as_objects, coded

W_GHG, W_NET, W_FIT = 0.4, 0.3, 0.3
GHG_REF = 1000.0
"""t CO2e a year that earn half the GHG points."""
NET_REF = 100_000.0
"""EUR a year of net benefit that earn half the economic points."""

WORTH_COLUMNS = (
    "ghg_avoided_t_co2e", "net_benefit_eur", "fate", "use", "checks", "factor_provenance", "score",
)  # fmt: skip
KEY = ("have_material", "want_material", "unit", "hazardous", "source_company", "target_company")
HEAT = ("steam", "surplus_heat", "district_heat", "heat", "cooling_water_warm", "warm_water")
QUALITY_USES = (
    "cement_raw_material", "concrete_addition", "construction_material", "gypsum",
    "fibre_raw_material", "plastics_raw_material", "rubber_raw_material", "fuel_oil",
    "biomass_fuel", "glass_cullet", "ferrous_scrap", "nonferrous_scrap",
)  # fmt: skip
UNCERTAIN = ("estimated", "synthetic")
SOURCE_ROW, TARGET_ROW = "source_row", "target_row"
"""Optional columns of `worth_columns`: the companies' row positions in `dataset.companies`."""


def worth_score(ghg, net, fit):
    """The candidate score (module docstring); arrays or numbers, NaN counts as 0."""
    g = np.clip(np.nan_to_num(np.asarray(ghg, dtype=float)), 0.0, None)
    e = np.clip(np.nan_to_num(np.asarray(net, dtype=float)), 0.0, None)
    raw = W_GHG * g / (g + GHG_REF) + W_NET * e / (e + NET_REF)
    return np.round(100 * (raw + W_FIT * np.asarray(fit, dtype=float) / 100), 1)


def _company_codes(dataset, companies: np.ndarray, rows: np.ndarray | None) -> np.ndarray:
    """Per candidate company, a code for what its assessment depends on: country and NACE.
    `rows` are the companies' row positions in `dataset.companies` when the caller knows them
    (the matching engine does), else the ids are looked up."""
    table = dataset.companies
    country = table["country"] if "country" in table else pd.Series("", index=table.index)
    nace = table["nace_code"] if "nace_code" in table else pd.Series("", index=table.index)
    keys = country.fillna("").astype(str) + "|" + nace.fillna("").astype(str)
    codes = pd.factorize(keys)[0]
    position = pd.Index(table["company_id"]).get_indexer(companies) if rows is None else rows
    return np.where(position >= 0, codes[position], -1)


def _coefficients(results: list[float | None]) -> tuple[float, float, float, float]:
    r00, r10, r01, r11 = results
    if None in results:
        return (np.nan,) * 4  # type: ignore[return-value]
    return r00, r10 - r00, r01 - r00, r11 - r10 - r01 + r00  # type: ignore[operator]


def _group_codes(columns: Mapping[str, np.ndarray], dataset) -> np.ndarray:
    """One code per combination of what the assessment of a candidate depends on."""
    parts = [
        pd.factorize(columns["have_material"])[0],
        pd.factorize(columns["want_material"])[0],
        pd.factorize(columns["want_use"])[0] if "want_use" in columns else None,
        pd.factorize(columns["unit"])[0],
        np.asarray(columns["hazardous"], dtype=np.int64),
        _company_codes(dataset, columns["source_company"], columns.get(SOURCE_ROW)) + 1,
        _company_codes(dataset, columns["target_company"], columns.get(TARGET_ROW)) + 1,
    ]
    combined = np.zeros(len(parts[0]), dtype=np.int64)
    for part in parts:
        if part is not None:
            combined = combined * (int(part.max()) + 1 if len(part) else 1) + part
    return pd.factorize(combined)[0]


def worth_columns(
    columns: Mapping[str, np.ndarray], dataset, factors: Factors | None = None
) -> dict[str, np.ndarray]:
    """`WORTH_COLUMNS` of candidates given as arrays (the matching engine's columns): results
    per year, unknown as NaN."""
    factors = factors or Factors()
    n = len(columns["have_material"])
    if not n:
        empty = {c: np.zeros(0, dtype=object) for c in WORTH_COLUMNS}
        return empty | {c: np.zeros(0) for c in ("ghg_avoided_t_co2e", "net_benefit_eur", "score")}
    codes = _group_codes(columns, dataset)
    first = pd.Series(np.arange(n)).groupby(codes).first().to_numpy()
    coefficients = np.full((len(first), 2, 4), np.nan)
    fates, uses, heat_pumps, provenances = [], [], [], []
    companies = dataset.companies.set_index("company_id")
    for group, position in enumerate(first):
        row = {name: values[position] for name, values in columns.items()}
        template = candidate_exchange(row, companies=companies)
        runs: list[Assessment] = [
            assess_exchange(_at(template, quantity, distance), factors)
            for quantity, distance in ((0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0))
        ]
        for i, name in enumerate(("ghg_avoided_t_co2e", "net_benefit_eur")):
            coefficients[group, i] = _coefficients([a.results[name].value for a in runs])
        fates.append(runs[1].fate)
        uses.append(template.use)
        heat_pumps.append(runs[1].electricity.formula == "electricity_heat_pump")
        provenances.append(factor_provenance(runs[1:2], factors))
    q = np.asarray(columns["quantity"], dtype=float)
    d = np.asarray(columns["distance_km"], dtype=float)
    out: dict[str, np.ndarray] = {}
    for i, name in enumerate(("ghg_avoided_t_co2e", "net_benefit_eur")):
        c = coefficients[codes, i]
        out[name] = c[:, 0] + c[:, 1] * q + c[:, 2] * d + c[:, 3] * q * d
    out["fate"] = coded(codes, fates)
    out["use"] = coded(codes, uses)
    out["checks"] = _checks(columns | out, codes, first, np.array(heat_pumps, dtype=bool))
    out["factor_provenance"] = coded(codes, provenances)
    out["score"] = worth_score(out["ghg_avoided_t_co2e"], out["net_benefit_eur"], columns["fit"])
    return out


def add_worth(candidates: pd.DataFrame, dataset, factors: Factors | None = None) -> pd.DataFrame:
    """The candidates (a frame of the engine's columns) with `WORTH_COLUMNS` added."""
    columns = {name: candidates[name].to_numpy() for name in candidates.columns}
    worth = worth_columns(columns, dataset, factors)
    return candidates.assign(**{name: as_objects(values) for name, values in worth.items()})


def _at(template: Exchange, quantity: float, distance: float) -> Exchange:
    return replace(template, quantity=quantity, distance_km=distance)


def _checks(
    frame: Mapping[str, np.ndarray], groups: np.ndarray, first: np.ndarray, heat_pump: np.ndarray
) -> np.ndarray:
    """Per candidate, what to check before proposing it: codes joined by ';' (see
    `views.candidate_reasons` for their words). What depends only on the assessment group
    (`groups` codes, `first` a candidate of each) is decided once per group."""
    groups_of = reference.materials()["group"]
    material = _objects(frame["have_material"], first)
    status = np.array([waste_status(m) for m in material], dtype=object)
    group = np.array([groups_of.get(m, "") for m in material], dtype=object)
    want = _objects(frame["want_material"], first)
    per_group = {
        "heat_pump": heat_pump,
        "temperature": _among(material, HEAT) & ~heat_pump,
        "hazardous": np.asarray(frame["hazardous"], dtype=bool)[first],
        "waste_permit": status == "waste",
        "animal_by_products": ((group == "bio_organic") & _among(want, ["animal_feed"]))
        | (material == "animal_by_products"),
        "quality": _among(_objects(frame["use"], first), QUALITY_USES),
        "on_site_fuel": _among(_objects(frame["fate"], first), [ON_SITE]),
    }
    relation = _among(frame["relation"], ["same_site", "same_owner"], codes=True)
    columns = {
        "same_site": relation == 0,
        "same_owner": relation == 1,
        **{name: flag[groups] for name, flag in per_group.items()},
        "quantity_uncertain": _among(frame["have_provenance"], UNCERTAIN)
        | _among(frame["want_provenance"], UNCERTAIN),
    }
    names = list(columns)
    bits = sum(np.asarray(flag, dtype=np.int64) << i for i, flag in enumerate(columns.values()))
    codes, uniques = pd.factorize(bits)
    texts = [";".join(n for i, n in enumerate(names) if int(u) >> i & 1) for u in uniques]
    return coded(codes, texts)


def _objects(values, positions: np.ndarray) -> np.ndarray:
    """The values at `positions` as an object array (an array or a Categorical)."""
    return np.asarray(values[positions], dtype=object)


def _among(values, chosen, codes: bool = False) -> np.ndarray:
    """Whether each value is one of `chosen` (or, with `codes`, its position there, -1 if none),
    each distinct value looked up once."""
    if not isinstance(values, pd.Categorical):
        values = np.asarray(values, dtype=object)
    found, uniques = pd.factorize(values, use_na_sentinel=False)
    position = np.array([chosen.index(u) if u in chosen else -1 for u in uniques], dtype=np.intp)
    return position[found] if codes else position[found] >= 0
