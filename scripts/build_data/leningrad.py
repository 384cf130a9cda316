"""St. Petersburg and Leningrad region: GPPD power plants and fictional enterprises.

The power plants and their fuel, capacity and generation come from the GPPD file; their surplus
heat or warm cooling water is estimated here. The fictional enterprises, their streams and the
illustrative flows are the tables ``leningrad_enterprises.csv``, ``leningrad_streams.csv``
(keyed by enterprise; quantities per year in the material's unit) and ``leningrad_flows.csv``;
enterprises sit in the towns of ``leningrad_towns.csv``.
"""

from __future__ import annotations

import math
import random
from pathlib import Path

import pandas as pd

from .common import (
    COMPANY_COLUMNS,
    FLOW_COLUMNS,
    STREAM_COLUMNS,
    optional_int,
    read_csv,
    read_table,
    slug,
    stream,
    write_csv,
    write_json,
)

SEED = 20240601

GPPD_SOURCE = (
    "WRI Global Power Plant Database v1.2.0, World Resources Institute and data contributors, "
    "CC BY 4.0, https://datasets.wri.org/dataset/globalpowerplantdatabase"
)
SYNTHETIC_SOURCE = (
    "synthetic: fictional enterprise made up for demonstration (project's own data, MIT); "
    "not a real company"
)
SYNTHETIC_STREAM_SOURCE = (
    "synthetic: illustrative quantity for a fictional enterprise (project's own data, MIT)"
)
SYNTHETIC_FLOW_SOURCE = "synthetic: illustrative exchange (project's own data, MIT)"

ETA_STEAM = 0.38
ETA_CCGT = 0.55
ETA_NUCLEAR = 0.33
RECOVERABLE_SHARE = 0.10
COOLING_DELTA_T = 8.0
WATER_HEAT_CAPACITY = 4.186  # MJ per m3 and K
CCGT_NAMES = {"Severo-Zapadnaya"}
ETA_STEAM_SOURCE = (
    "single-cycle steam plants reach about 35-42 % (Wikipedia 'Combined cycle power plant', "
    "via handwiki.org/wiki/Physics:Combined_cycle); 0.38 taken"
)
ETA_CCGT_SOURCE = "combined-cycle plants about 54-60 % (same source); 0.55 taken"
ETA_NUCLEAR_SOURCE = "about one third, typical for light-water reactors (project assumption)"


def gppd_company_id(name: str) -> str:
    """Stable id for a GPPD plant."""
    return f"gppd-{slug(name)}"


def gas_capacity_factor(gppd: pd.DataFrame) -> float:
    """Median capacity factor of Russian gas plants in the GPPD file that have a generation."""
    ru = gppd[
        (gppd["country_iso2"] == "RU")
        & (gppd["primary_fuel"] == "Gas")
        & (gppd["estimated_generation_gwh"] != "")
    ]
    cf = ru["estimated_generation_gwh"].astype(float) / (ru["capacity_mw"].astype(float) * 8.76)
    return round(float(cf.median()), 3)


def plant_generation(rec, cf: float) -> tuple[float, str]:
    """Annual generation in MWh and how it was obtained."""
    if rec.estimated_generation_gwh:
        gen = float(rec.estimated_generation_gwh) * 1000
        return gen, f"GPPD estimated generation {float(rec.estimated_generation_gwh):,.2f} GWh"
    gen = float(rec.capacity_mw) * 8760 * cf
    return gen, (
        f"no GPPD generation estimate: {float(rec.capacity_mw):,.0f} MW x 8,760 h x capacity "
        f"factor {cf} (median of the Russian gas plants in the GPPD file)"
    )


def gppd_streams(rec, cid: str, cf: float, units: dict) -> list[dict]:
    """Estimated surplus-heat or warm-cooling-water stream of one power plant."""
    # kept verbatim, old script path included: this text is part of the published streams.csv
    source = (
        "estimated by scripts/build_data.py from the GPPD capacity, fuel and generation "
        "(WRI Global Power Plant Database v1.2.0, CC BY 4.0)"
    )
    if rec.primary_fuel == "Hydro":
        return []
    gen, how = plant_generation(rec, cf)
    if rec.primary_fuel == "Nuclear":
        rejected = gen * (1 / ETA_NUCLEAR - 1)
        volume = rejected * 3600 / (WATER_HEAT_CAPACITY * COOLING_DELTA_T)
        notes = (
            f"{how}; heat rejected = generation x (1/{ETA_NUCLEAR} - 1) = {rejected:,.0f} MWh; "
            f"cooling water = heat x 3,600 MJ/MWh / ({WATER_HEAT_CAPACITY} MJ/m3K x "
            f"{COOLING_DELTA_T:.0f} K warming) = {volume:,.0f} m3/yr. eta_el {ETA_NUCLEAR}: "
            f"{ETA_NUCLEAR_SOURCE}; 8 K warming of once-through cooling water is a project "
            "assumption. Only a small part of this volume is usable by any one receiver."
        )
        return [
            stream(
                cid,
                "have",
                "cooling_water_warm",
                round(volume, -3),
                units,
                "estimated",
                source,
                notes,
            )
        ]
    ccgt = "PGU" in rec.plant_name or rec.plant_name in CCGT_NAMES
    eta, eta_src = (ETA_CCGT, ETA_CCGT_SOURCE) if ccgt else (ETA_STEAM, ETA_STEAM_SOURCE)
    heat = gen * (1 / eta - 1) * RECOVERABLE_SHARE
    notes = (
        f"{how}; surplus heat = generation x (1/{eta} - 1) x {RECOVERABLE_SHARE} = "
        f"{heat:,.0f} MWh/yr. eta_el {eta}: {eta_src}. Recoverable share "
        f"{RECOVERABLE_SHARE:.0%} of the rejected heat is a project assumption (most plants are "
        "CHP and already deliver district heat). Gas firing: no ash."
    )
    return [stream(cid, "have", "surplus_heat", round(heat, -2), units, "estimated", source, notes)]


def near_duplicates(sel: pd.DataFrame, km: float = 0.5) -> dict[str, list[str]]:
    """Plant name -> names of other plants listed within ``km`` of it."""
    pts = [(r.plant_name, float(r.lat), float(r.lon)) for r in sel.itertuples(index=False)]
    found: dict[str, list[str]] = {}
    for name, lat, lon in pts:
        for other, lat2, lon2 in pts:
            dx = (lon2 - lon) * 111.32 * math.cos(math.radians(lat))
            dy = (lat2 - lat) * 110.57
            if other != name and math.hypot(dx, dy) < km:
                found.setdefault(name, []).append(other)
    return found


def build_gppd(shared: Path, units: dict) -> tuple[list[dict], list[dict]]:
    """Companies and estimated streams for the GPPD plants in RU-SPE and RU-LEN."""
    gppd = read_csv(shared / "gppd_bsr_power_plants.csv")
    cf = gas_capacity_factor(gppd)
    sel = gppd[gppd["region_code"].isin(["RU-SPE", "RU-LEN"])]
    twins = near_duplicates(sel)
    companies, streams = [], []
    for rec in sel.itertuples(index=False):
        cid = gppd_company_id(rec.plant_name)
        details = [f"capacity {rec.capacity_mw} MW", f"primary fuel {rec.primary_fuel}"]
        if rec.commissioning_year:
            details.append(f"commissioned {rec.commissioning_year}")
        if rec.estimated_generation_gwh:
            details.append(f"GPPD estimated generation {rec.estimated_generation_gwh} GWh/yr")
        for other in twins.get(rec.plant_name, []):
            details.append(f"GPPD lists '{other}' within 0.5 km: possibly the same site twice")
        companies.append(
            {
                "company_id": cid,
                "name": rec.plant_name,
                "nace": "35.11",
                "lat": rec.lat,
                "lon": rec.lon,
                "region_code": rec.region_code,
                "country": rec.country_iso2,
                "employees": None,
                "provenance": "reported",
                "source": GPPD_SOURCE,
                "city": None,
                "notes": "; ".join(details),
            }
        )
        streams.extend(gppd_streams(rec, cid, cf, units))
    return companies, streams


# ---------------------------------------------------------------------------------------------
# fictional enterprises

TOWNS: dict[str, tuple[float, float, str]] = {
    r["town"]: (float(r["lat"]), float(r["lon"]), r["city"]) for r in read_table("leningrad_towns")
}
JITTER_LAT = 0.006
JITTER_LON = 0.010

ENTERPRISES = read_table("leningrad_enterprises")
# keys starting with "gppd:" name GPPD plants; flows with them are illustrative (potential)
SYNTHETIC_FLOWS = read_table("leningrad_flows")


def enterprise_streams() -> dict[str, list[dict[str, str]]]:
    """Enterprise key -> its rows of leningrad_streams.csv, in table order."""
    keys = {e["key"] for e in ENTERPRISES}
    streams: dict[str, list[dict[str, str]]] = {}
    for row in read_table("leningrad_streams"):
        if row["key"] not in keys:
            raise ValueError(f"leningrad_streams.csv: unknown enterprise {row['key']}")
        streams.setdefault(row["key"], []).append(row)
    return streams


ENTERPRISE_STREAMS = enterprise_streams()


def jittered(key: str, town: str) -> tuple[str, str]:
    """Town coordinates plus a small deterministic jitter (at most about 0.7 km x 0.6 km)."""
    lat, lon, _ = TOWNS[town]
    rnd = random.Random(f"{SEED}:{key}")
    lat += rnd.uniform(-JITTER_LAT, JITTER_LAT)
    lon += rnd.uniform(-JITTER_LON, JITTER_LON)
    return f"{lat:.5f}", f"{lon:.5f}"


def synthetic_company_id(key: str) -> str:
    """Company id of a fictional enterprise."""
    return f"syn-{key}"


def build_synthetic(units: dict) -> tuple[list[dict], list[dict]]:
    """Companies and streams of the fictional Leningrad-region enterprises."""
    companies, streams = [], []
    for ent in ENTERPRISES:
        key, town = ent["key"], ent["town"]
        cid = synthetic_company_id(key)
        lat, lon = jittered(key, town)
        companies.append(
            {
                "company_id": cid,
                "name": ent["name"],
                "nace": ent["nace"],
                "lat": lat,
                "lon": lon,
                "region_code": None,
                "country": None,
                "employees": optional_int(ent["employees"]),
                "provenance": "synthetic",
                "source": SYNTHETIC_SOURCE,
                "city": TOWNS[town][2],
                "notes": (
                    "Fictional enterprise placed in a real industrial town; coordinates are the "
                    "town centre plus a small deterministic offset"
                ),
            }
        )
        for item in ENTERPRISE_STREAMS.get(key, []):
            streams.append(
                stream(
                    cid,
                    item["direction"],
                    item["material"],
                    float(item["quantity"]),
                    units,
                    "synthetic",
                    SYNTHETIC_STREAM_SOURCE,
                    item["notes"],
                )
            )
    return companies, streams


def flow_party(key: str) -> str:
    """Company id for a flow endpoint key."""
    if key.startswith("gppd:"):
        return gppd_company_id(key.removeprefix("gppd:"))
    return synthetic_company_id(key)


def build_synthetic_flows(units: dict) -> list[dict]:
    """Illustrative flows among the fictional enterprises and a few GPPD plants."""
    flows = []
    for row in SYNTHETIC_FLOWS:
        src, dst, material = row["source"], row["target"], row["material"]
        real = src.startswith("gppd:") or dst.startswith("gppd:")
        notes = (
            "illustrative link with a real power plant; not a reported exchange"
            if real
            else "illustrative exchange between fictional enterprises"
        )
        flows.append(
            {
                "flow_id": row["flow_id"],
                "source_company": flow_party(src),
                "target_company": flow_party(dst),
                "material": material,
                "quantity": float(row["quantity"]),
                "unit": units[material],
                "status": row["status"],
                "since_year": optional_int(row["since_year"]),
                "provenance": "synthetic",
                "source": SYNTHETIC_FLOW_SOURCE,
                "notes": notes,
            }
        )
    return flows


def build_leningrad(shared: Path, out: Path, units: dict) -> dict[str, int]:
    """Write the Leningrad-region dataset."""
    gppd_companies, gppd_streams_ = build_gppd(shared, units)
    syn_companies, syn_streams = build_synthetic(units)
    flows = build_synthetic_flows(units)
    folder = out / "datasets" / "leningrad"
    counts = {
        "companies.csv": write_csv(
            folder / "companies.csv", COMPANY_COLUMNS, gppd_companies + syn_companies, "company_id"
        ),
        "streams.csv": write_csv(
            folder / "streams.csv", STREAM_COLUMNS, gppd_streams_ + syn_streams, "stream_id"
        ),
        "flows.csv": write_csv(folder / "flows.csv", FLOW_COLUMNS, flows, "flow_id"),
    }
    write_json(
        folder / "dataset.json",
        {
            "id": "leningrad",
            "title": "St. Petersburg and Leningrad region (BIS living lab)",
            "title_ru": "Санкт-Петербург и Ленинградская область (живая лаборатория BIS)",
            "description": (
                f"The {len(gppd_companies)} power plants that the Global Power Plant Database "
                "lists in St. Petersburg and Leningrad Oblast, with estimated surplus heat or "
                f"warm cooling water, plus {len(syn_companies)} fictional enterprises in real "
                "industrial towns with "
                "illustrative residues, needs and exchange chains (brewery to biogas to farm, "
                "refinery sulphur to fertiliser to gypsum board, CHP ash to cement, pulp mill bark "
                "to CHP heat to greenhouse, sawmill residues to pellets to boiler house and more)."
            ),
            "description_ru": (
                "Электростанции Санкт-Петербурга и Ленинградской области из Global Power Plant "
                f"Database (всего {len(gppd_companies)}) с оценками избыточного тепла или тёплой "
                "охлаждающей воды, а также вымышленные предприятия в реальных промышленных "
                f"городах (всего {len(syn_companies)}) с условными отходами, потребностями и "
                "цепочками обменов (пивоварня → биогаз → ферма, сера НПЗ → удобрение → "
                "гипсокартон, зола ТЭЦ → цемент, кора ЦБК → тепло ТЭЦ → теплица, отходы "
                "лесопилки → пеллеты → котельная и другие)."
            ),
            "region_note": (
                "City of St. Petersburg (RU-SPE) and Leningrad Oblast (RU-LEN). Region and country "
                "of the fictional enterprises are left empty and derived from their coordinates."
            ),
            "region_note_ru": (
                "Город Санкт-Петербург (RU-SPE) и Ленинградская область (RU-LEN). Регион и "
                "страна вымышленных предприятий оставлены пустыми и определяются по их "
                "координатам."
            ),
            "provenance_note": (
                "Power plants: reported (WRI Global Power Plant Database v1.2.0, CC BY 4.0); their "
                "streams are estimates whose method is written in each row. Every other company, "
                "stream and flow is synthetic: names, quantities and links are made up for "
                "training and demonstration and describe no real enterprise. Flows touching a real "
                "plant are marked potential and are not reported exchanges."
            ),
            "provenance_note_ru": (
                "Электростанции: по отчётности (WRI Global Power Plant Database v1.2.0, "
                "CC BY 4.0); их ресурсные потоки — оценки, метод которых описан в каждой строке. "
                "Все остальные предприятия, ресурсные потоки и обмены синтетические: названия, "
                "количества и связи придуманы для обучения и демонстрации и не описывают ни "
                "одного реального предприятия. Обмены с участием реальной электростанции "
                "помечены как потенциальные и не взяты из отчётности."
            ),
        },
    )
    return counts
