"""Matching engine on synthetic regions of 1,000 to 100,000 companies, against a naive baseline.

Each size runs in its own process, so that peak resident memory belongs to that size alone.
Company density is held at about that of Leningrad oblast (10,000 companies on ~85,000 km²):
the region is a square whose area grows with the count; 60 % of the companies sit in towns.
The naive baseline is what simple prototypes do: a pure-Python double loop over every have x want
pair, checking compatibility, unit, company and distance, then scoring.

Run: .venv/bin/python benchmarks/matching.py [--sizes 1000 10000 100000] [--naive-max 10000]
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc

import numpy as np
import pandas as pd

from dashboard.analysis import matching
from dashboard.analysis.matching import MatchOptions, count_candidates
from dashboard.domain import taxonomy
from dashboard.domain.dataset import Dataset
from dashboard.domain.geo import EARTH_RADIUS_KM
from dashboard.views.candidate_reasons import with_reasons


def find_candidates(dataset: Dataset, options: MatchOptions | None = None) -> pd.DataFrame:
    """The candidates with their reasons, as a user gets them (the engine writes no text)."""
    return with_reasons(matching.find_candidates(dataset, options or MatchOptions()))

PER_HAVE = MatchOptions().max_per_have

KM2_PER_COMPANY = 85_000 / 10_000
CENTRE = (60.0, 30.0)
STREAMS_PER_COMPANY = 4
TOWN_SHARE, TOWN_SIGMA_KM, COMPANIES_PER_TOWN = 0.6, 3.0, 200
MEDIAN_QUANTITY = {"t/yr": 800.0, "m3/yr": 30_000.0, "MWh/yr": 8_000.0}
WET = {"manure", "digestate", "biosludge", "sewage_sludge", "whey", "paper_sludge"}
"""Materials that are also reported by volume: a fifth of their streams are in m3/yr."""
ALWAYS_HAZARDOUS = {"spent_solvents", "waste_oil", "solvent_recovery"}

# (NACE section, weight, haves, wants): what a kind of company typically gives and needs. Many
# companies give common residues (paper, plastics, scrap, C&D waste, manure, heat); the plants
# that take them as inputs (paper, steel, cement and glass works, recyclers) are few, as in a
# real region. Weights are relative numbers of companies.
PROFILES = (
    ("D", 1.0, "surplus_heat fly_ash bottom_ash fgd_gypsum steam",
     "biomass_fuel fuel_gas process_water"),
    ("D", 1.5, "bottom_ash fly_ash",
     "district_heat biomass_fuel"),
    ("D", 0.3, "digestate biogas",
     "biogas_feedstock manure sewage_sludge"),
    ("C", 4.0, "wood_residues bark",
     "heat"),
    ("C", 0.3, "paper_sludge green_liquor_dregs bark surplus_heat",
     "fibre_raw_material biomass_fuel process_water"),
    ("C", 0.2, "surplus_heat",
     "wood_raw_material"),
    ("C", 8.0, "spent_grain yeast_slurry whey food_waste animal_by_products",
     "heat steam process_water co2"),
    ("C", 0.1, "surplus_heat",
     "cement_raw_material fly_ash slag gypsum rubber_tyres"),
    ("C", 0.5, "slag foundry_sand surplus_heat",
     "ferrous_scrap nonferrous_scrap"),
    ("C", 6.0, "ferrous_scrap nonferrous_scrap waste_oil surplus_heat",
     "cooling_water process_water heat"),
    ("C", 2.0, "spent_solvents surplus_heat fermentation_residue sulphur co2",
     "steam process_water sulphuric_acid"),
    ("C", 3.0, "plastics_waste",
     "plastics_raw_material heat"),
    ("C", 0.1, "surplus_heat",
     "glass_cullet"),
    ("C", 0.3, "food_waste",
     "animal_feed"),
    ("C", 1.0, "textile_waste",
     "heat"),
    ("E", 1.0, "plastics_raw_material rubber_raw_material glass_cullet waste_paper",
     "plastics_waste rubber_tyres waste_oil"),
    ("E", 0.1, "fuel_oil",
     "solvent_recovery waste_oil"),
    ("E", 0.5, "treated_wastewater sewage_sludge surplus_heat",
     "electricity"),
    ("A", 10.0, "manure",
     "fertiliser soil_improver animal_feed heat"),
    ("A", 1.0, "food_waste",
     "warm_water heat co2 fertiliser"),
    ("F", 8.0, "construction_demolition_waste",
     "construction_material"),
    ("F", 1.0, "construction_material",
     "construction_material rubber_raw_material"),
    ("G", 20.0, "waste_paper plastics_waste food_waste textile_waste",
     "heat"),
)  # fmt: skip


def synthetic_dataset(n_companies: int, seed: int = 20261127) -> Dataset:
    """A deterministic synthetic region of `n_companies` with 4 streams each (no flows)."""
    rng = np.random.default_rng(seed)
    side_km = math.sqrt(n_companies * KM2_PER_COMPANY)
    km_per_lon = 111.2 * math.cos(math.radians(CENTRE[0]))
    n_towns = max(1, n_companies // COMPANIES_PER_TOWN)
    towns = rng.uniform(-side_km / 2, side_km / 2, size=(n_towns, 2))
    in_town = rng.random(n_companies) < TOWN_SHARE
    xy = rng.uniform(-side_km / 2, side_km / 2, size=(n_companies, 2))
    town = rng.integers(0, n_towns, n_companies)
    xy[in_town] = towns[town[in_town]] + rng.normal(0, TOWN_SIGMA_KM, size=(in_town.sum(), 2))
    weights = np.array([p[1] for p in PROFILES], dtype=float)
    profile = rng.choice(len(PROFILES), size=n_companies, p=weights / weights.sum())
    ids = np.array([f"c{i:06d}" for i in range(n_companies)], dtype=object)
    companies = pd.DataFrame(
        {
            "company_id": ids,
            "name": [f"Company {i}" for i in range(n_companies)],
            "nace_section": np.array([p[0] for p in PROFILES], dtype=object)[profile],
            "lat": CENTRE[0] + xy[:, 1] / 111.2,
            "lon": CENTRE[1] + xy[:, 0] / km_per_lon,
            "region_code": np.where(xy[:, 0] < 0, "XX-W", "XX-E").astype(object),
        }
    )
    pools = [
        [(m, "have") for m in haves.split()] + [(m, "want") for m in wants.split()]
        for _, _, haves, wants in PROFILES
    ]
    pick = rng.random((n_companies, STREAMS_PER_COMPANY))
    rows = [
        pools[p][int(x * len(pools[p]))]
        for p, picks in zip(profile, pick, strict=True)
        for x in picks
    ]
    material = np.array([m for m, _ in rows], dtype=object)
    units = taxonomy.vocabulary()["unit"]
    unit = units.reindex(material).to_numpy(dtype=object)
    wet = np.isin(material, list(WET)) & (rng.random(len(rows)) < 0.2)
    unit[wet] = "m3/yr"
    median = pd.Series(unit).map(MEDIAN_QUANTITY).to_numpy()
    company = np.repeat(ids, STREAMS_PER_COMPANY)
    streams = pd.DataFrame(
        {
            "stream_id": [f"{c}-{k}" for c in ids for k in range(STREAMS_PER_COMPANY)],
            "company_id": company,
            "direction": np.array([d for _, d in rows], dtype=object),
            "material": material,
            "quantity": np.round(median * rng.lognormal(0, 1.2, len(rows))).clip(1),
            "unit": unit,
            "hazardous": np.isin(material, list(ALWAYS_HAZARDOUS)),
        }
    )
    flows = pd.DataFrame(columns=["flow_id", "source_company", "target_company", "material"])
    flows["status"] = pd.Series(dtype=object)
    return Dataset(f"synthetic-{n_companies}", companies, streams, flows)


def naive_candidates(dataset: Dataset) -> list[tuple[str, str, float, float]]:
    """Every (have, want, distance_km, fit) by a pure-Python double loop over all pairs."""
    compatible = {
        (h, w): kind
        for h, w, kind in taxonomy.compatibility_table().itertuples(index=False, name=None)
    }
    max_km = taxonomy.vocabulary()["max_distance_km"].to_dict()
    where = {
        c: (math.radians(lat), math.radians(lon))
        for c, lat, lon in dataset.companies[["company_id", "lat", "lon"]].itertuples(
            index=False, name=None
        )
    }
    columns = ["stream_id", "company_id", "material", "unit", "quantity", "hazardous"]
    streams = dataset.streams
    haves = list(streams.loc[streams["direction"] == "have", columns].itertuples(index=False))
    wants = list(streams.loc[streams["direction"] == "want", columns].itertuples(index=False))
    found = []
    for have_id, have_company, have_material, have_unit, have_q, have_hazard in haves:
        lat1, lon1 = where[have_company]
        for want_id, want_company, want_material, want_unit, want_q, want_hazard in wants:
            kind = compatible.get((have_material, want_material))
            factor = taxonomy.unit_factor(have_unit, want_unit)
            if kind is None or factor is None or have_company == want_company:
                continue
            lat2, lon2 = where[want_company]
            a = (
                math.sin((lat2 - lat1) / 2) ** 2
                + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
            )
            distance = 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(a, 1.0)))
            quantity = min(have_q * factor, want_q)
            if distance > max_km[have_material] or quantity <= 0:
                continue
            distance = round(distance, 1)
            value = 100 * (
                matching.W_COMPATIBILITY * (1 if kind == "exact" else matching.SUBSTITUTE_FACTOR)
                + matching.W_DISTANCE * (1 - distance / max_km[have_material])
                + matching.W_COVERAGE * quantity / want_q
                + matching.W_SAFETY * (0 if have_hazard or want_hazard else 1)
            )
            found.append((have_id, want_id, distance, round(value, 1)))
    return found


def same_candidates(fast: pd.DataFrame, naive: list[tuple[str, str, float, float]]) -> bool:
    """True when both hold the same pairs, with equal distances and fits (0.1 tolerance)."""
    slow = pd.DataFrame(naive, columns=["have_stream_id", "want_stream_id", "d", "s"])
    both = fast.merge(slow, on=["have_stream_id", "want_stream_id"], how="outer", indicator=True)
    return bool(
        (both["_merge"] == "both").all()
        and np.allclose(both["distance_km"], both["d"], atol=0.1001)
        and np.allclose(both["fit"], both["s"], atol=0.1001)
    )


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(n_companies: int, naive_max: int, seed: int) -> dict[str, object]:
    """Time, memory and candidate counts for one size (run inside a fresh process)."""
    dataset = synthetic_dataset(n_companies, seed)
    find_candidates(synthetic_dataset(200, seed + 1))
    r: dict[str, object] = {"companies": n_companies, "streams": len(dataset.streams)}
    r["rss_before_mb"] = peak_rss_mb()
    times = []
    for _ in range(3 if n_companies <= 10_000 else 1):
        start = time.perf_counter()
        default = find_candidates(dataset)
        times.append(time.perf_counter() - start)
        r["rss_mb"] = peak_rss_mb()
        r["table_mb"] = default.memory_usage(deep=False).sum() / 2**20
        r["candidates"] = len(default)
        del default
    r["time_s"] = statistics.median(times)
    tracemalloc.start()
    find_candidates(dataset)
    r["traced_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    start = time.perf_counter()
    r["all_candidates"] = count_candidates(dataset, MatchOptions(max_per_have=None))
    r["count_time_s"] = time.perf_counter() - start
    if n_companies <= naive_max:
        start = time.perf_counter()
        everything = find_candidates(dataset, MatchOptions(max_per_have=None))
        r["all_time_s"] = time.perf_counter() - start
        r["all_rss_mb"] = peak_rss_mb()
        start = time.perf_counter()
        naive = naive_candidates(dataset)
        r["naive_time_s"] = time.perf_counter() - start
        r["naive_candidates"] = len(naive)
        r["identical"] = same_candidates(everything, naive)
    return r


def report(r: dict[str, object], naive_max: int) -> None:
    print(
        f"{r['companies']:>9,} companies, {r['streams']:,} streams "
        f"(process with data and imports: {r['rss_before_mb']:.0f} MB)\n"
        f"  find_candidates, max_per_have={PER_HAVE}: {r['time_s']:.2f} s, "
        f"{r['candidates']:,} "
        f"candidates; peak RSS {r['rss_mb']:.0f} MB, result table {r['table_mb']:.0f} MB, "
        f"tracemalloc peak {r['traced_peak_mb']:.0f} MB (Python and numpy; not Arrow)\n"
        f"  count_candidates, max_per_have=None: {r['count_time_s']:.2f} s, "
        f"{r['all_candidates']:,} candidates"
    )
    if "naive_time_s" in r:
        print(
            f"  find_candidates, max_per_have=None: {r['all_time_s']:.2f} s, peak RSS "
            f"{r['all_rss_mb']:.0f} MB\n"
            f"  naive all-pairs loop: {r['naive_time_s']:.1f} s, {r['naive_candidates']:,} "
            f"candidates; {r['naive_time_s'] / r['time_s']:.0f}x the time of "
            f"max_per_have={PER_HAVE}, "
            f"{r['naive_time_s'] / r['all_time_s']:.0f}x that of None; "
            f"same pairs, distances and scores: {'yes' if r['identical'] else 'NO'}"
        )
    else:
        print(
            f"  naive all-pairs loop skipped: {r['companies']:,} companies is above "
            f"--naive-max {naive_max:,} (its time grows with haves x wants: ~100x per 10x)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--naive-max", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20261127)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.naive_max, args.seed)))
        return
    print(f"seed {args.seed}; {STREAMS_PER_COMPANY} streams per company; one process per size")
    for size in args.sizes:
        command = [
            sys.executable, __file__, "--one", str(size),
            "--naive-max", str(args.naive_max), "--seed", str(args.seed),
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        report(json.loads(done.stdout.splitlines()[-1]), args.naive_max)


if __name__ == "__main__":
    main()
