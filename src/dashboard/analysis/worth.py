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


def worth_score(ghg, net, fit):
    """The candidate score (module docstring); arrays or numbers, NaN counts as 0."""
    g = np.clip(np.nan_to_num(np.asarray(ghg, dtype=float)), 0.0, None)
    e = np.clip(np.nan_to_num(np.asarray(net, dtype=float)), 0.0, None)
    raw = W_GHG * g / (g + GHG_REF) + W_NET * e / (e + NET_REF)
    return np.round(100 * (raw + W_FIT * np.asarray(fit, dtype=float) / 100), 1)


def _company_codes(dataset, companies: pd.Series) -> np.ndarray:
    """Per candidate company, a code for what its assessment depends on: country and NACE."""
    table = dataset.companies
    country = table["country"] if "country" in table else pd.Series("", index=table.index)
    nace = table["nace_code"] if "nace_code" in table else pd.Series("", index=table.index)
    keys = country.fillna("").astype(str) + "|" + nace.fillna("").astype(str)
    codes = pd.Series(pd.factorize(keys)[0], index=table["company_id"].to_numpy())
    return codes.reindex(companies.to_numpy()).fillna(-1).to_numpy(dtype=np.int64)


def _coefficients(results: list[float | None]) -> tuple[float, float, float, float]:
    r00, r10, r01, r11 = results
    if None in results:
        return (np.nan,) * 4  # type: ignore[return-value]
    return r00, r10 - r00, r01 - r00, r11 - r10 - r01 + r00  # type: ignore[operator]


def add_worth(
    candidates: pd.DataFrame, dataset, factors: Factors | None = None
) -> pd.DataFrame:
    """The candidates with `WORTH_COLUMNS` added (results per year, unknown as NaN)."""
    factors = factors or Factors()
    frame = candidates.copy(deep=False)
    if frame.empty:
        for column in WORTH_COLUMNS:
            frame[column] = pd.Series(dtype=float if column in WORTH_COLUMNS[:2] else object)
        frame["score"] = frame["score"].astype(float)
        return frame
    group_keys = pd.DataFrame(
        {
            "have_material": pd.factorize(frame["have_material"])[0],
            "want_material": pd.factorize(frame["want_material"])[0],
            "want_use": pd.factorize(frame["want_use"])[0] if "want_use" in frame else 0,
            "unit": pd.factorize(frame["unit"])[0],
            "hazardous": frame["hazardous"].to_numpy(dtype=bool),
            "source": _company_codes(dataset, frame["source_company"]),
            "target": _company_codes(dataset, frame["target_company"]),
        }
    )
    codes, uniques = pd.factorize(pd.MultiIndex.from_frame(group_keys))
    positions = pd.Series(np.arange(len(frame))).groupby(codes).first()
    coefficients = np.full((len(uniques), 2, 4), np.nan)
    fates, uses, heat_pumps, provenances = [], [], [], []
    for group, position in positions.items():
        row = frame.iloc[int(position)]
        template = candidate_exchange(row, dataset)
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
    q = frame["quantity"].to_numpy(dtype=float)
    d = frame["distance_km"].to_numpy(dtype=float)
    for i, name in enumerate(("ghg_avoided_t_co2e", "net_benefit_eur")):
        c = coefficients[codes, i]
        frame[name] = c[:, 0] + c[:, 1] * q + c[:, 2] * d + c[:, 3] * q * d
    frame["fate"] = np.array(fates, dtype=object)[codes]
    frame["use"] = np.array(uses, dtype=object)[codes]
    frame["checks"] = _checks(frame, np.array(heat_pumps, dtype=bool)[codes])
    frame["factor_provenance"] = np.array(provenances, dtype=object)[codes]
    frame["score"] = worth_score(
        frame["ghg_avoided_t_co2e"], frame["net_benefit_eur"], frame["fit"]
    )
    return frame


def _at(template: Exchange, quantity: float, distance: float) -> Exchange:
    return replace(template, quantity=quantity, distance_km=distance)


def _checks(frame: pd.DataFrame, heat_pump: np.ndarray) -> np.ndarray:
    """Per candidate, what to check before proposing it: codes joined by ';' (see
    `views.candidate_reasons` for their words)."""
    groups = reference.materials()["group"]
    material = frame["have_material"]
    group = material.map(groups).fillna("")
    codes, materials = pd.factorize(material)
    status = np.array([waste_status(m) for m in materials], dtype=object)[codes]
    columns = {
        "same_site": frame["relation"].eq("same_site").to_numpy(),
        "same_owner": frame["relation"].eq("same_owner").to_numpy(),
        "heat_pump": heat_pump,
        "temperature": material.isin(HEAT).to_numpy() & ~heat_pump,
        "hazardous": frame["hazardous"].astype(bool).to_numpy(),
        "waste_permit": status == "waste",
        "animal_by_products": (
            group.eq("bio_organic") & frame["want_material"].isin(["animal_feed"])
        ).to_numpy()
        | material.eq("animal_by_products").to_numpy(),
        "quality": frame["use"].isin(QUALITY_USES).to_numpy(),
        "on_site_fuel": frame["fate"].eq(ON_SITE).to_numpy(),
        "quantity_uncertain": (
            frame["have_provenance"].isin(UNCERTAIN) | frame["want_provenance"].isin(UNCERTAIN)
        ).to_numpy(),
    }
    names = list(columns)
    bits = sum(np.asarray(flag, dtype=np.int64) << i for i, flag in enumerate(columns.values()))
    codes, uniques = pd.factorize(bits)
    texts = [";".join(n for i, n in enumerate(names) if int(u) >> i & 1) for u in uniques]
    return np.array(texts, dtype=object)[codes]
