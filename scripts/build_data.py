"""Build the bundled reference tables and example datasets from the shared raw data.

Reads ``../shared/data`` (relative to the repository root, or ``--shared PATH``) and the
material vocabulary ``data/reference/materials.csv``; writes ``data/reference/*`` and
``data/datasets/{leningrad,kalundborg,finland_eprtr}/*``. The output is deterministic:
fixed seeds, sorted rows, no timestamps. Run: ``python scripts/build_data.py``.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import random
import re
import shutil
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = REPO.parent / "shared" / "data"
DEFAULT_OUT = REPO / "data"
MATERIALS = REPO / "data" / "reference" / "materials.csv"
SEED = 20240601

# fmt: off
COMPANY_COLUMNS = [
    "company_id", "name", "nace", "lat", "lon", "region_code", "country", "employees",
    "provenance", "source", "city", "notes",
]
STREAM_COLUMNS = [
    "stream_id", "company_id", "direction", "material", "ewc_code", "quantity", "unit",
    "hazardous", "provenance", "source", "notes",
]
FLOW_COLUMNS = [
    "flow_id", "source_company", "target_company", "material", "quantity", "unit", "status",
    "since_year", "provenance", "source", "notes",
]
# fmt: on

GPPD_SOURCE = (
    "WRI Global Power Plant Database v1.2.0, World Resources Institute and data contributors, "
    "CC BY 4.0, https://datasets.wri.org/dataset/globalpowerplantdatabase"
)
EPRTR_SOURCE = "EEA Industrial Reporting / E-PRTR via SYKE, CC BY 4.0"
SYNTHETIC_SOURCE = (
    "synthetic: fictional enterprise made up for demonstration (project's own data, MIT); "
    "not a real company"
)
SYNTHETIC_STREAM_SOURCE = (
    "synthetic: illustrative quantity for a fictional enterprise (project's own data, MIT)"
)
SYNTHETIC_FLOW_SOURCE = "synthetic: illustrative exchange (project's own data, MIT)"


# ---------------------------------------------------------------------------------------------
# generic helpers


def fmt(value: object) -> str:
    """Format one CSV cell: empty for None, lower-case booleans, no trailing .0 on numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        value = round(value, 1)
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def write_csv(path: Path, columns: list[str], rows: Iterable[dict], key: str) -> int:
    """Write rows sorted by ``key`` as UTF-8 comma CSV with a header; return the row count."""
    ordered = sorted(rows, key=lambda r: r[key])
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(columns)
        for row in ordered:
            writer.writerow([fmt(row.get(col)) for col in columns])
    return len(ordered)


def write_json(path: Path, data: dict) -> None:
    """Write pretty, key-ordered JSON with a trailing newline."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def read_csv(path: Path) -> pd.DataFrame:
    """Read a CSV with every column as text and empty cells as empty strings."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def slug(text: str) -> str:
    """Lower-case ASCII slug for ids."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def load_units(materials_csv: Path) -> dict[str, str]:
    """Return material_id -> unit from the vocabulary."""
    df = read_csv(materials_csv)
    return dict(zip(df["material_id"], df["unit"], strict=True))


def stream(
    company_id: str,
    direction: str,
    material: str,
    quantity: float,
    units: dict,
    provenance: str,
    source: str,
    notes: str = "",
    hazardous: bool = False,
    suffix: str = "",
) -> dict:
    """Build one stream row; the unit comes from the vocabulary."""
    sid = f"{company_id}-{direction}-{material}{suffix}"
    return {
        "stream_id": sid,
        "company_id": company_id,
        "direction": direction,
        "material": material,
        "ewc_code": None,
        "quantity": float(quantity),
        "unit": units[material],
        "hazardous": hazardous,
        "provenance": provenance,
        "source": source,
        "notes": notes,
    }


# ---------------------------------------------------------------------------------------------
# reference tables

REFERENCE_COPIES = {
    "nace_rev2.csv": "nace_rev2.csv",
    "okved2.csv": "okved2.csv",
    "ewc_list_of_waste.csv": "ewc_list_of_waste.csv",
    "bsr_admin1_regions.geojson": "regions.geojson",
    "bsr_admin1_regions.csv": "regions.csv",
    "bsr_countries.geojson": "countries.geojson",
}

NO_ROUTE = "no reuse route"

# sub-chapter -> (material, note, applies to hazardous entries too)
EWC_SUBCHAPTER_RULES: dict[str, tuple[str, str, bool]] = {
    "1301": ("waste_oil", "used hydraulic oil: re-refining or fuel use", True),
    "1302": ("waste_oil", "used engine, gear or lubricating oil: re-refining", True),
    "1303": ("waste_oil", "used insulating or heat-transfer oil: re-refining", True),
    "1304": ("waste_oil", "bilge oil: re-refining or fuel use", True),
    "1307": ("waste_oil", "liquid fuel waste: fuel recovery", True),
    "1701": ("construction_demolition_waste", "crushed as recycled aggregate", False),
    "1704": ("nonferrous_scrap", "non-ferrous metal scrap for smelting", False),
    "1906": ("digestate", "digestate or digester liquor as fertiliser", False),
}

# (chapter, title fragment, applies to hazardous entries too, material, note)
EWC_TITLE_RULES: list[tuple[str, str, bool, str, str]] = [
    (
        "02",
        "Sludges from on-site effluent treatment",
        False,
        "biosludge",
        "food-industry effluent sludge: biogas substrate or land use",
    ),
    (
        "07",
        "solvents, washing liquids and mother liquors",
        True,
        "spent_solvents",
        "organic solvent: distillation and recovery",
    ),
]

# code -> material ("" = no route); checked before the rules above
# fmt: off
EWC_CODE_RULES: dict[str, str] = {
    # 02 agriculture and food
    "020102": "animal_by_products", "020103": "food_waste", "020104": "plastics_waste",
    "020106": "manure", "020107": "wood_residues", "020110": "ferrous_scrap",
    "020201": "food_waste", "020202": "animal_by_products", "020203": "animal_by_products",
    "020301": "food_waste", "020304": "food_waste", "020402": "soil_improver", "020501": "whey",
    "020601": "food_waste", "020701": "spent_grain", "020702": "spent_grain",
    "020704": "food_waste",
    # 03 wood, pulp and paper
    "030101": "wood_residues", "030105": "wood_residues", "030301": "bark",
    "030302": "green_liquor_dregs", "030305": "paper_sludge", "030308": "waste_paper",
    "030309": "green_liquor_dregs", "030310": "paper_sludge", "030311": "paper_sludge",
    # 04 leather and textiles
    "040101": "animal_by_products", "040221": "textile_waste", "040222": "textile_waste",
    # 05 refining, gas cleaning
    "050116": "sulphur", "050702": "sulphur",
    # 06 inorganic chemicals
    "060101": "sulphuric_acid", "060902": "slag", "060904": "gypsum", "061101": "gypsum",
    # 07 organic chemicals
    "070213": "plastics_waste", "070512": "biosludge", "070514": "fermentation_residue",
    # 10 thermal processes
    "100101": "bottom_ash", "100102": "fly_ash", "100103": "fly_ash", "100105": "fgd_gypsum",
    "100107": "fgd_gypsum", "100115": "bottom_ash", "100117": "fly_ash", "100124": "bottom_ash",
    "100201": "slag", "100202": "slag", "100210": "ferrous_scrap", "100316": "nonferrous_scrap",
    "100501": "slag", "100511": "nonferrous_scrap", "100601": "slag", "100602": "nonferrous_scrap",
    "100701": "slag", "100702": "nonferrous_scrap", "100809": "slag", "100811": "nonferrous_scrap",
    "100814": "nonferrous_scrap", "100903": "slag", "100906": "foundry_sand",
    "100908": "foundry_sand", "101003": "slag", "101006": "foundry_sand", "101008": "foundry_sand",
    "101112": "glass_cullet", "101208": "construction_demolition_waste",
    "101301": "cement_raw_material", "101304": "soil_improver", "101306": "cement_raw_material",
    "101311": "construction_demolition_waste", "101314": "construction_demolition_waste",
    # 11 metal surface treatment
    "110501": "nonferrous_scrap", "110502": "nonferrous_scrap",
    # 12 machining
    "120101": "ferrous_scrap", "120102": "ferrous_scrap", "120103": "nonferrous_scrap",
    "120104": "nonferrous_scrap", "120105": "plastics_waste", "120107": "waste_oil",
    "120110": "waste_oil",
    # 13 oils: exceptions to the sub-chapter rules, plus separator oil
    "130101": "", "130104": "", "130105": "", "130109": "", "130204": "", "130301": "",
    "130306": "", "130506": "waste_oil",
    # 14 solvents
    "140602": "spent_solvents", "140603": "spent_solvents",
    # 15 packaging
    "150101": "waste_paper", "150102": "plastics_waste", "150103": "wood_residues",
    "150104": "ferrous_scrap", "150107": "glass_cullet", "150109": "textile_waste",
    # 16 vehicles, catalysts, batteries
    "160103": "rubber_tyres", "160106": "ferrous_scrap", "160116": "ferrous_scrap",
    "160117": "ferrous_scrap", "160118": "nonferrous_scrap", "160119": "plastics_waste",
    "160120": "glass_cullet", "160601": "nonferrous_scrap", "160801": "nonferrous_scrap",
    "160804": "cement_raw_material",
    # 17 construction and demolition
    "170201": "wood_residues", "170202": "glass_cullet", "170203": "plastics_waste",
    "170302": "construction_demolition_waste", "170405": "ferrous_scrap",
    "170407": "ferrous_scrap", "170504": "construction_material",
    "170508": "construction_material", "170802": "gypsum",
    "170904": "construction_demolition_waste",
    # 19 waste and water treatment
    "190102": "ferrous_scrap", "190112": "bottom_ash", "190114": "fly_ash", "190116": "fly_ash",
    "190119": "bottom_ash", "190503": "soil_improver", "190699": "", "190805": "sewage_sludge",
    "190809": "food_waste", "190812": "biosludge", "190903": "soil_improver",
    "191001": "ferrous_scrap", "191002": "nonferrous_scrap", "191201": "waste_paper",
    "191202": "ferrous_scrap", "191203": "nonferrous_scrap", "191204": "plastics_waste",
    "191205": "glass_cullet", "191207": "wood_residues", "191208": "textile_waste",
    "191209": "construction_material",
    # 20 municipal
    "200101": "waste_paper", "200102": "glass_cullet", "200108": "food_waste",
    "200110": "textile_waste", "200111": "textile_waste", "200113": "spent_solvents",
    "200125": "food_waste", "200126": "waste_oil", "200138": "wood_residues",
    "200139": "plastics_waste", "200140": "ferrous_scrap",
}
# fmt: on


def ewc_material(code: str, sub_chapter: str, title: str, hazardous: bool) -> tuple[str, str]:
    """Map one EWC entry to (material_id or "", note) by code, title and sub-chapter rules."""
    if code in EWC_CODE_RULES:
        material = EWC_CODE_RULES[code]
        return (material, f"code rule: reuse as {material}") if material else ("", NO_ROUTE)
    for chapter, fragment, any_haz, material, note in EWC_TITLE_RULES:
        if code.startswith(chapter) and fragment in title and (any_haz or not hazardous):
            return material, f"title rule: {note}"
    rule = EWC_SUBCHAPTER_RULES.get(sub_chapter)
    if rule and (rule[2] or not hazardous):
        return rule[0], f"sub-chapter {sub_chapter} rule: {rule[1]}"
    return "", NO_ROUTE


def build_ewc_materials(shared: Path, units: dict) -> list[dict]:
    """One row per six-digit EWC code with its material id (or empty) and a note."""
    ewc = read_csv(shared / "ewc_list_of_waste.csv")
    rows = []
    for rec in ewc.itertuples(index=False):
        material, note = ewc_material(rec.code, rec.sub_chapter, rec.title, rec.hazardous == "True")
        if material and material not in units:
            raise ValueError(f"EWC {rec.code}: unknown material {material}")
        rows.append({"ewc_code": rec.code, "material_id": material, "note": note})
    unknown = set(EWC_CODE_RULES) - set(ewc["code"])
    if unknown:
        raise ValueError(f"EWC code rules for codes not in the list: {sorted(unknown)}")
    return rows


def build_reference(shared: Path, out: Path, units: dict) -> dict[str, int]:
    """Copy the reference files and write ewc_materials.csv."""
    ref = out / "reference"
    ref.mkdir(parents=True, exist_ok=True)
    for src, dst in REFERENCE_COPIES.items():
        target = ref / dst
        if target.exists():
            target.unlink()
        shutil.copyfile(shared / src, target)
    rows = build_ewc_materials(shared, units)
    n = write_csv(ref / "ewc_materials.csv", ["ewc_code", "material_id", "note"], rows, "ewc_code")
    return {"ewc_materials.csv": n}


# ---------------------------------------------------------------------------------------------
# Leningrad region and St. Petersburg: GPPD power plants

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
# Leningrad region and St. Petersburg: fictional enterprises

TOWNS: dict[str, tuple[float, float, str]] = {
    "Boksitogorsk": (59.474, 33.848, "Boksitogorsk"),
    "Gatchina": (59.565, 30.128, "Gatchina"),
    "Kingisepp": (59.373, 28.610, "Kingisepp"),
    "Kirishi": (59.447, 32.020, "Kirishi"),
    "Kirovsk": (59.875, 30.995, "Kirovsk"),
    "Luga": (58.737, 29.846, "Luga"),
    "Pikalevo": (59.513, 34.177, "Pikalevo"),
    "Priozersk": (61.035, 30.120, "Priozersk"),
    "Slantsy": (59.118, 28.090, "Slantsy"),
    "Sosnovy Bor": (59.900, 29.090, "Sosnovy Bor"),
    "Svetogorsk": (61.106, 28.880, "Svetogorsk"),
    "Tikhvin": (59.645, 33.515, "Tikhvin"),
    "Tosno": (59.540, 30.877, "Tosno"),
    "Volkhov": (59.926, 32.338, "Volkhov"),
    "Vsevolozhsk": (60.020, 30.637, "Vsevolozhsk"),
    "Vyborg": (60.710, 28.750, "Vyborg"),
    "SPb Frunzensky": (59.860, 30.390, "St. Petersburg (Frunzensky district)"),
    "SPb Kirovsky": (59.879, 30.262, "St. Petersburg (Kirovsky district)"),
    "SPb Kolpino": (59.750, 30.590, "St. Petersburg (Kolpino)"),
    "SPb Krasnoselsky": (59.740, 30.080, "St. Petersburg (Krasnoselsky district)"),
    "SPb Nevsky": (59.890, 30.470, "St. Petersburg (Nevsky district)"),
    "SPb Shushary": (59.805, 30.380, "St. Petersburg (Shushary, Pushkinsky district)"),
    "SPb Vyborgsky": (60.050, 30.340, "St. Petersburg (Vyborgsky district)"),
}
JITTER_LAT = 0.006
JITTER_LON = 0.010

H, W = "have", "want"

# key, name, NACE, town, employees, [(direction, material, quantity per year)]
# fmt: off
SYNTHETIC: list[tuple[str, str, str, str, int | None, list[tuple[str, str, float]]]] = [
    ("agro-tosno", "Tosno Demo Agro Cooperative (fictional)", "01.11", "Tosno", 90,
     [(W, "fertiliser", 45000), (W, "soil_improver", 3000), (H, "food_waste", 2500)]),
    ("agro-vyborg", "Vyborg Demo Agro (fictional)", "01.11", "Vyborg", None,
     [(W, "soil_improver", 2000), (W, "fertiliser", 2500)]),
    ("aggregates-kolpino", "Kolpino Demo Aggregates and Road Base (fictional)", "08.12",
     "SPb Kolpino", 85,
     [(W, "slag", 80000), (W, "construction_demolition_waste", 100000), (W, "foundry_sand", 10000),
      (H, "construction_material", 250000)]),
    ("alumina-pikalevo", "Pikalevo Demo Alumina Works (fictional)", "24.42", "Pikalevo", 1500,
     [(H, "cement_raw_material", 1200000), (H, "surplus_heat", 150000),
      (W, "process_water", 6000000), (W, "fuel_gas", 900000)]),
    ("bakery-volkhov", "Volkhov Demo Bakery (fictional)", "10.71", "Volkhov", None,
     [(H, "food_waste", 1500), (W, "heat", 6000)]),
    ("biochem-kirishi", "Kirishi Demo Biochemical Plant (fictional)", "20.14", "Kirishi", 450,
     [(W, "fuel_gas", 60000), (W, "steam", 80000), (H, "biosludge", 4000),
      (H, "spent_solvents", 300)]),
    ("biogas-tosno", "Tosno Demo Biogas Plant (fictional)", "35.21", "Tosno", 25,
     [(W, "biogas_feedstock", 95000), (H, "digestate", 80000), (H, "biogas", 42000),
      (H, "surplus_heat", 6000)]),
    ("boiler-luga", "Luga Demo District Heating Boiler House (fictional)", "35.30", "Luga", 60,
     [(W, "biomass_fuel", 30000), (H, "bottom_ash", 500), (H, "fly_ash", 300),
      (H, "surplus_heat", 8000)]),
    ("brewery-kirovsky", "Neva Demo Brewery (fictional)", "11.05", "SPb Kirovsky", 650,
     [(H, "spent_grain", 18000), (H, "yeast_slurry", 1500), (H, "co2", 3000),
      (H, "surplus_heat", 12000), (W, "process_water", 900000), (W, "heat", 45000)]),
    ("bricks-kirovsk", "Kirovsk Demo Brickworks (fictional)", "23.32", "Kirovsk", None,
     [(W, "paper_sludge", 5000), (W, "fly_ash", 4000), (H, "construction_demolition_waste", 4000),
      (H, "surplus_heat", 15000)]),
    ("cement-pikalevo", "Pikalevo Demo Cement Plant (fictional)", "23.51", "Pikalevo", 600,
     [(W, "cement_raw_material", 1000000), (W, "fly_ash", 30000), (W, "rubber_tyres", 8000),
      (H, "soil_improver", 6000), (H, "surplus_heat", 60000)]),
    ("cement-slantsy", "Slantsy Demo Cement Works (fictional)", "23.51", "Slantsy", 700,
     [(W, "fly_ash", 60000), (W, "slag", 100000), (W, "rubber_tyres", 15000), (W, "gypsum", 40000),
      (H, "surplus_heat", 90000), (H, "soil_improver", 8000)]),
    ("chp-slantsy", "Slantsy Demo Peat-and-Wood CHP (fictional)", "35.30", "Slantsy", 140,
     [(H, "fly_ash", 18000), (H, "bottom_ash", 6000), (H, "surplus_heat", 40000),
      (W, "biomass_fuel", 120000)]),
    ("chp-svetogorsk", "Svetogorsk Demo Biomass CHP (fictional)", "35.30", "Svetogorsk", 90,
     [(W, "biomass_fuel", 200000), (H, "fly_ash", 6000), (H, "bottom_ash", 3000),
      (H, "surplus_heat", 60000)]),
    ("concrete-tikhvin", "Tikhvin Demo Concrete Products (fictional)", "23.61", "Tikhvin", 210,
     [(W, "construction_material", 60000), (W, "fly_ash", 5000),
      (H, "construction_demolition_waste", 2500)]),
    ("confectionery-frunzensky", "Frunzensky Demo Confectionery (fictional)", "10.82",
     "SPb Frunzensky", 800,
     [(H, "food_waste", 2500), (H, "waste_paper", 1200), (W, "heat", 18000)]),
    ("crumbrubber-gatchina", "Gatchina Demo Crumb Rubber Plant (fictional)", "22.19", "Gatchina",
     60,
     [(W, "rubber_tyres", 15000), (H, "rubber_raw_material", 10000), (H, "ferrous_scrap", 2000),
      (H, "textile_waste", 1500)]),
    ("dairy-gatchina", "Gatchina Demo Dairy (fictional)", "10.51", "Gatchina", 320,
     [(H, "whey", 25000), (H, "biosludge", 1200), (W, "heat", 30000),
      (W, "process_water", 350000)]),
    ("datacentre-vyborg", "Vyborg Demo Data Centre (fictional)", "63.11", "Vyborg", 40,
     [(H, "surplus_heat", 40000), (W, "cooling_water", 200000)]),
    ("distillery-priozersk", "Priozersk Demo Distillery (fictional)", "11.01", "Priozersk", 120,
     [(H, "spent_grain", 12000), (H, "surplus_heat", 8000), (W, "heat", 20000)]),
    ("ecopark-gatchina", "Gatchina Demo Eco-Industrial Park Sorting Plant (fictional)", "38.32",
     "Gatchina", 220,
     [(H, "plastics_waste", 40000), (H, "waste_paper", 25000), (H, "glass_cullet", 10000),
      (H, "ferrous_scrap", 4000), (H, "rubber_tyres", 20000)]),
    ("farm-boksitogorsk", "Boksitogorsk Demo Dairy Farm (fictional)", "01.41", "Boksitogorsk", 150,
     [(W, "soil_improver", 3000), (H, "manure", 25000), (W, "animal_feed", 8000)]),
    ("farm-slantsy", "Slantsy Demo Farm (fictional)", "01.41", "Slantsy", None,
     [(W, "soil_improver", 5000), (W, "fertiliser", 3000), (H, "manure", 10000)]),
    ("fertiliser-kingisepp", "Kingisepp Demo Fertiliser Plant (fictional)", "20.15", "Kingisepp",
     2100,
     [(W, "sulphur", 200000), (H, "gypsum", 1500000), (H, "surplus_heat", 300000),
      (W, "process_water", 5000000)]),
    ("fish-vyborg", "Vyborg Demo Fish Processing (fictional)", "10.20", "Vyborg", 160,
     [(H, "animal_by_products", 3000), (W, "heat", 7000)]),
    ("fishfarm-sosnovybor", "Sosnovy Bor Demo Fish Farm (fictional)", "03.22", "Sosnovy Bor", 40,
     [(W, "warm_water", 2000000), (H, "manure", 800)]),
    ("foundry-tikhvin", "Tikhvin Demo Railcar Foundry (fictional)", "24.51", "Tikhvin", 900,
     [(H, "foundry_sand", 25000), (H, "slag", 6000), (W, "ferrous_scrap", 60000),
      (W, "heat", 30000)]),
    ("furniture-luga", "Luga Demo Furniture Factory (fictional)", "31.01", "Luga", 150,
     [(H, "wood_residues", 6000), (W, "heat", 5000)]),
    ("glass-vyborgsky", "Vyborgsky Demo Glass Container Plant (fictional)", "23.13",
     "SPb Vyborgsky", 450,
     [(W, "glass_cullet", 40000), (H, "surplus_heat", 30000), (W, "fuel_gas", 250000)]),
    ("greenhouse-kirishi", "Kirishi Demo Greenhouse Complex (fictional)", "01.13", "Kirishi", 350,
     [(W, "heat", 80000), (W, "co2", 2000)]),
    ("greenhouse-shushary", "Shushary Demo Greenhouse Complex (fictional)", "01.13",
     "SPb Shushary", 900,
     [(W, "heat", 150000), (W, "co2", 5000), (W, "fertiliser", 1500), (H, "food_waste", 3000)]),
    ("greenhouse-sosnovybor", "Sosnovy Bor Demo Greenhouse (fictional)", "01.13", "Sosnovy Bor",
     150,
     [(W, "heat", 30000), (W, "fertiliser", 600), (W, "warm_water", 1000000)]),
    ("greenhouse-svetogorsk", "Svetogorsk Demo Greenhouses (fictional)", "01.13", "Svetogorsk", 120,
     [(W, "heat", 40000), (W, "co2", 1000)]),
    ("greenhouse-tosno", "Tosno Demo Greenhouse Farm (fictional)", "01.13", "Tosno", 400,
     [(W, "heat", 60000), (W, "fuel_gas", 30000), (W, "co2", 3000), (W, "fertiliser", 1500)]),
    ("gypsumboard-kingisepp", "Kingisepp Demo Gypsum Board Works (fictional)", "23.62",
     "Kingisepp", 240,
     [(W, "gypsum", 250000), (W, "fuel_gas", 120000), (H, "waste_paper", 800)]),
    ("machinery-kirovsky", "Kirovsky Demo Machine-Building Works (fictional)", "28.11",
     "SPb Kirovsky", 5000,
     [(H, "ferrous_scrap", 20000), (H, "foundry_sand", 8000), (H, "waste_oil", 300),
      (H, "spent_solvents", 150), (W, "heat", 60000)]),
    ("meat-kirovsk", "Kirovsk Demo Meat Processing (fictional)", "10.11", "Kirovsk", 520,
     [(H, "animal_by_products", 9000), (H, "biosludge", 2000), (W, "heat", 25000),
      (W, "process_water", 600000)]),
    ("oilregen-kirishi", "Kirishi Demo Waste Oil Re-refinery (fictional)", "38.22", "Kirishi", 60,
     [(W, "waste_oil", 20000), (W, "heat", 4000)]),
    ("packaging-vsevolozhsk", "Vsevolozhsk Demo Packaging Film Plant (fictional)", "22.22",
     "Vsevolozhsk", 380,
     [(W, "plastics_raw_material", 15000), (H, "plastics_waste", 1800), (W, "heat", 9000)]),
    ("particleboard-vsevolozhsk", "Vsevolozhsk Demo Particleboard Plant (fictional)", "16.21",
     "Vsevolozhsk", 420,
     [(W, "wood_residues", 150000), (W, "heat", 40000), (H, "bottom_ash", 1200)]),
    ("pellets-luga", "Luga Demo Pellet Plant (fictional)", "16.29", "Luga", 45,
     [(W, "wood_residues", 110000), (H, "biomass_fuel", 60000), (W, "heat", 20000)]),
    ("pharma-shushary", "Shushary Demo Pharmaceuticals (fictional)", "21.20", "SPb Shushary", 650,
     [(H, "spent_solvents", 1200), (H, "fermentation_residue", 3000), (W, "steam", 30000)]),
    ("phosphates-volkhov", "Volkhov Demo Phosphate Chemicals (fictional)", "20.13", "Volkhov", 600,
     [(W, "sulphuric_acid", 80000), (H, "gypsum", 150000), (H, "surplus_heat", 40000)]),
    ("pigfarm-tosno", "Tosno Demo Pig Farm (fictional)", "01.46", "Tosno", 180,
     [(H, "manure", 60000), (W, "animal_feed", 30000), (W, "heat", 8000)]),
    ("plastics-vsevolozhsk", "Vsevolozhsk Demo Plastics Recycling (fictional)", "38.32",
     "Vsevolozhsk", 95,
     [(W, "plastics_waste", 35000), (H, "plastics_raw_material", 25000), (W, "heat", 7000)]),
    ("potatofarm-luga", "Luga Demo Potato Farm (fictional)", "01.13", "Luga", None,
     [(H, "food_waste", 4000), (W, "fertiliser", 2000), (W, "soil_improver", 1500)]),
    ("poultry-gatchina", "Gatchina Demo Poultry Farm (fictional)", "01.47", "Gatchina", 700,
     [(H, "manure", 45000), (W, "animal_feed", 90000), (W, "heat", 15000)]),
    ("pulp-svetogorsk", "Svetogorsk Demo Pulp and Paper Mill (fictional)", "17.12", "Svetogorsk",
     1900,
     [(H, "bark", 180000), (H, "green_liquor_dregs", 12000), (H, "paper_sludge", 40000),
      (H, "surplus_heat", 250000), (W, "fibre_raw_material", 100000),
      (W, "process_water", 30000000)]),
    ("recycling-vyborg", "Vyborg Demo Paper Collection (fictional)", "38.32", "Vyborg", 70,
     [(H, "waste_paper", 45000), (H, "plastics_waste", 6000), (H, "glass_cullet", 3000)]),
    ("refinery-kirishi", "Kirishi Demo Refinery (fictional)", "19.20", "Kirishi", 2800,
     [(H, "sulphur", 120000), (H, "refinery_gas", 150000), (H, "waste_oil", 1500),
      (H, "surplus_heat", 400000), (H, "biosludge", 6000), (W, "process_water", 8000000),
      (W, "steam", 500000)]),
    ("roads-shushary", "Shushary Demo Road Builders (fictional)", "42.11", "SPb Shushary", 300,
     [(W, "construction_material", 300000), (W, "rubber_raw_material", 2000),
      (W, "bottom_ash", 20000)]),
    ("roads-slantsy", "Slantsy Demo Road Construction (fictional)", "42.11", "Slantsy", 110,
     [(W, "construction_material", 80000), (W, "fuel_oil", 3000)]),
    ("sawmill-luga", "Luga Demo Sawmill (fictional)", "16.10", "Luga", 380,
     [(H, "wood_residues", 70000), (H, "bark", 25000), (W, "heat", 40000)]),
    ("scrapyard-nevsky", "Nevsky Demo Scrap Metal Yard (fictional)", "38.32", "SPb Nevsky", 120,
     [(H, "ferrous_scrap", 150000), (H, "nonferrous_scrap", 12000)]),
    ("shipyard-vyborg", "Vyborg Demo Shipyard (fictional)", "30.11", "Vyborg", 1100,
     [(H, "ferrous_scrap", 30000), (H, "waste_oil", 600), (H, "spent_solvents", 250),
      (W, "heat", 25000)]),
    ("sludgeincin-krasnoselsky", "Krasnoselsky Demo Sludge Incineration Plant (fictional)",
     "38.21", "SPb Krasnoselsky", 70,
     [(W, "sewage_sludge", 80000), (H, "fly_ash", 9000), (H, "surplus_heat", 50000)]),
    ("solvents-kirovsky", "Kirovsky Demo Solvent Regeneration (fictional)", "38.22",
     "SPb Kirovsky", 35,
     [(W, "solvent_recovery", 5000)]),
    ("steel-kolpino", "Kolpino Demo Steelworks (fictional)", "24.10", "SPb Kolpino", 3000,
     [(W, "ferrous_scrap", 500000), (H, "slag", 90000), (H, "surplus_heat", 200000),
      (H, "waste_oil", 400), (W, "process_water", 4000000)]),
    ("textile-vyborgsky", "Vyborgsky Demo Textile Mill (fictional)", "13.20", "SPb Vyborgsky", 300,
     [(H, "textile_waste", 1800), (W, "heat", 12000), (W, "process_water", 400000)]),
    ("troutfarm-luga", "Luga Demo Trout Farm (fictional)", "03.22", "Luga", None,
     [(W, "warm_water", 500000), (W, "heat", 3000)]),
    ("tyres-krasnoselsky", "Krasnoselsky Demo Tyre Recycling (fictional)", "38.32",
     "SPb Krasnoselsky", 60,
     [(H, "rubber_tyres", 12000), (H, "rubber_raw_material", 9000), (H, "ferrous_scrap", 2500)]),
    ("water-kirishi", "Kirishi Demo Water Utility (fictional)", "36.00", "Kirishi", 210,
     [(H, "treated_wastewater", 6000000), (H, "sewage_sludge", 8000)]),
    ("wwtp-nevsky", "Neva Demo Municipal Wastewater Plant (fictional)", "37.00", "SPb Nevsky", 350,
     [(H, "treated_wastewater", 20000000), (H, "sewage_sludge", 90000),
      (H, "surplus_heat", 100000)]),
]
# fmt: on

STREAM_NOTES: dict[tuple[str, str], str] = {
    ("aggregates-kolpino", "construction_material"): "recycled aggregate and road base",
    ("alumina-pikalevo", "cement_raw_material"): "nepheline sludge used in cement raw meal",
    ("cement-pikalevo", "soil_improver"): "cement kiln dust used as liming agent",
    ("cement-slantsy", "soil_improver"): "cement kiln dust used as liming agent",
    ("crumbrubber-gatchina", "rubber_raw_material"): "crumb rubber",
    ("fertiliser-kingisepp", "gypsum"): "phosphogypsum",
    ("fishfarm-sosnovybor", "manure"): "fish-farm sludge, used like manure",
    ("pellets-luga", "biomass_fuel"): "wood pellets sold as solid biofuel",
    ("phosphates-volkhov", "gypsum"): "phosphogypsum",
    ("plastics-vsevolozhsk", "plastics_raw_material"): "recycled plastic granulate",
    ("tyres-krasnoselsky", "rubber_raw_material"): "crumb rubber",
}

# flow id, source key, target key, material, quantity, status, since year
# keys starting with "gppd:" name GPPD plants; flows with them are illustrative (potential)
# fmt: off
SYNTHETIC_FLOWS: list[tuple[str, str, str, str, float, str, int | None]] = [
    ("len-f01", "brewery-kirovsky", "biogas-tosno", "spent_grain", 15000, "existing", 2019),
    ("len-f02", "pigfarm-tosno", "biogas-tosno", "manure", 50000, "existing", 2018),
    ("len-f03", "dairy-gatchina", "biogas-tosno", "whey", 20000, "planned", None),
    ("len-f04", "biogas-tosno", "agro-tosno", "digestate", 40000, "existing", 2019),
    ("len-f05", "biogas-tosno", "greenhouse-tosno", "digestate", 1500, "existing", 2020),
    ("len-f06", "biogas-tosno", "greenhouse-tosno", "biogas", 25000, "planned", None),
    ("len-f07", "brewery-kirovsky", "pigfarm-tosno", "yeast_slurry", 1200, "potential", None),
    ("len-f08", "brewery-kirovsky", "greenhouse-tosno", "co2", 2000, "planned", None),
    ("len-f09", "refinery-kirishi", "fertiliser-kingisepp", "sulphur", 110000, "existing", 2012),
    ("len-f10", "fertiliser-kingisepp", "gypsumboard-kingisepp", "gypsum", 200000, "planned", None),
    ("len-f11", "refinery-kirishi", "biochem-kirishi", "refinery_gas", 60000, "existing", 2015),
    ("len-f12", "water-kirishi", "refinery-kirishi", "treated_wastewater", 2000000, "planned",
     None),
    ("len-f13", "refinery-kirishi", "oilregen-kirishi", "waste_oil", 1200, "existing", 2017),
    ("len-f14", "gppd:Kirishskaya GRES", "greenhouse-kirishi", "surplus_heat", 70000, "potential",
     None),
    ("len-f15", "chp-slantsy", "cement-slantsy", "fly_ash", 15000, "existing", 2016),
    ("len-f16", "chp-slantsy", "roads-slantsy", "bottom_ash", 5000, "existing", 2017),
    ("len-f17", "tyres-krasnoselsky", "cement-slantsy", "rubber_tyres", 6000, "planned", None),
    ("len-f18", "cement-slantsy", "farm-slantsy", "soil_improver", 4000, "planned", None),
    ("len-f19", "alumina-pikalevo", "cement-pikalevo", "cement_raw_material", 900000, "existing",
     2008),
    ("len-f20", "cement-pikalevo", "farm-boksitogorsk", "soil_improver", 2500, "planned", None),
    ("len-f21", "recycling-vyborg", "pulp-svetogorsk", "waste_paper", 40000, "existing", 2015),
    ("len-f22", "pulp-svetogorsk", "chp-svetogorsk", "bark", 160000, "existing", 2010),
    ("len-f23", "chp-svetogorsk", "greenhouse-svetogorsk", "surplus_heat", 35000, "existing", 2017),
    ("len-f24", "pulp-svetogorsk", "agro-vyborg", "green_liquor_dregs", 2000, "potential", None),
    ("len-f25", "sawmill-luga", "pellets-luga", "wood_residues", 60000, "existing", 2014),
    ("len-f26", "furniture-luga", "pellets-luga", "wood_residues", 5000, "existing", 2016),
    ("len-f27", "pellets-luga", "boiler-luga", "biomass_fuel", 25000, "existing", 2016),
    ("len-f28", "boiler-luga", "troutfarm-luga", "surplus_heat", 2000, "planned", None),
    ("len-f29", "scrapyard-nevsky", "steel-kolpino", "ferrous_scrap", 120000, "existing", 2009),
    ("len-f30", "machinery-kirovsky", "steel-kolpino", "ferrous_scrap", 15000, "existing", 2013),
    ("len-f31", "steel-kolpino", "aggregates-kolpino", "slag", 70000, "existing", 2011),
    ("len-f32", "aggregates-kolpino", "roads-shushary", "construction_material", 150000, "planned",
     None),
    ("len-f33", "machinery-kirovsky", "aggregates-kolpino", "foundry_sand", 6000, "existing", 2020),
    ("len-f34", "wwtp-nevsky", "sludgeincin-krasnoselsky", "sewage_sludge", 60000, "existing",
     2007),
    ("len-f35", "wwtp-nevsky", "gppd:Yuzhnaya Tets", "treated_wastewater", 3000000, "potential",
     None),
    ("len-f36", "gppd:Yuzhnaya Tets", "greenhouse-shushary", "surplus_heat", 120000, "potential",
     None),
    ("len-f37", "ecopark-gatchina", "plastics-vsevolozhsk", "plastics_waste", 30000, "planned",
     None),
    ("len-f38", "plastics-vsevolozhsk", "packaging-vsevolozhsk", "plastics_raw_material", 12000,
     "planned", None),
    ("len-f39", "packaging-vsevolozhsk", "plastics-vsevolozhsk", "plastics_waste", 1500,
     "existing", 2021),
    ("len-f40", "ecopark-gatchina", "glass-vyborgsky", "glass_cullet", 8000, "planned", None),
    ("len-f41", "ecopark-gatchina", "crumbrubber-gatchina", "rubber_tyres", 15000, "planned", None),
    ("len-f42", "gppd:Leningrad NPP", "fishfarm-sosnovybor", "cooling_water_warm", 1500000,
     "potential", None),
    ("len-f43", "fishfarm-sosnovybor", "greenhouse-sosnovybor", "manure", 600, "potential", None),
]
# fmt: on


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
    for key, name, nace, town, employees, items in SYNTHETIC:
        cid = synthetic_company_id(key)
        lat, lon = jittered(key, town)
        companies.append(
            {
                "company_id": cid,
                "name": name,
                "nace": nace,
                "lat": lat,
                "lon": lon,
                "region_code": None,
                "country": None,
                "employees": employees,
                "provenance": "synthetic",
                "source": SYNTHETIC_SOURCE,
                "city": TOWNS[town][2],
                "notes": (
                    "Fictional enterprise placed in a real industrial town; coordinates are the "
                    "town centre plus a small deterministic offset"
                ),
            }
        )
        for direction, material, qty in items:
            streams.append(
                stream(
                    cid,
                    direction,
                    material,
                    qty,
                    units,
                    "synthetic",
                    SYNTHETIC_STREAM_SOURCE,
                    STREAM_NOTES.get((key, material), ""),
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
    for fid, src, dst, material, qty, status, since in SYNTHETIC_FLOWS:
        real = src.startswith("gppd:") or dst.startswith("gppd:")
        notes = (
            "illustrative link with a real power plant; not a reported exchange"
            if real
            else "illustrative exchange between fictional enterprises"
        )
        flows.append(
            {
                "flow_id": fid,
                "source_company": flow_party(src),
                "target_company": flow_party(dst),
                "material": material,
                "quantity": float(qty),
                "unit": units[material],
                "status": status,
                "since_year": since,
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
            "description": (
                f"The {len(gppd_companies)} power plants that the Global Power Plant Database "
                "lists in St. Petersburg and Leningrad Oblast, with estimated surplus heat or "
                f"warm cooling water, plus {len(syn_companies)} fictional enterprises in real "
                "industrial towns with "
                "illustrative residues, needs and exchange chains (brewery to biogas to farm, "
                "refinery sulphur to fertiliser to gypsum board, CHP ash to cement, pulp mill bark "
                "to CHP heat to greenhouse, sawmill residues to pellets to boiler house and more)."
            ),
            "region_note": (
                "City of St. Petersburg (RU-SPE) and Leningrad Oblast (RU-LEN). Region and country "
                "of the fictional enterprises are left empty and derived from their coordinates."
            ),
            "provenance_note": (
                "Power plants: reported (WRI Global Power Plant Database v1.2.0, CC BY 4.0); their "
                "streams are estimates whose method is written in each row. Every other company, "
                "stream and flow is synthetic: names, quantities and links are made up for "
                "training and demonstration and describe no real enterprise. Flows touching a real "
                "plant are marked potential and are not reported exchanges."
            ),
        },
    )
    return counts


# ---------------------------------------------------------------------------------------------
# Kalundborg Symbiosis

KB_APPROX = (
    "Approximate coordinates, placed by estimate from public maps and not surveyed; the "
    "sources give no coordinates."
)
NAE_1994 = (
    "Gertler & Ehrenfeld, 'The Industrial Symbiosis at Kalundborg, Denmark', National "
    "Academy of Engineering 1994, https://nap.nationalacademies.org/skim.php?record_id=4982&"
    "chap=117-123"
)
VISITDENMARK = (
    "Kalundborg Symbiosis (VisitDenmark), "
    "http://www.visitdenmark.com/denmark/kalundborg-symbiosis-gdk618031"
)
COAL_END = (
    "Asnæs converted from coal to wood chips: first biomass heat and steam August 2019, "
    "inaugurated August 2020 (https://www.novozymes.com/en/news/news-archive/2020/8/"
    "novozymes-bids-coal-goodbye-in-kalundborg; https://biomassmagazine.com/articles/17315/"
    "orsted-inaugurates-biomass-fired-asnaes-power-station)"
)
FISH_END = (
    "Kalundborg Municipality found the land-based Asnæs fish farm shut down at its November "
    "2018 inspection (https://tv-kalundborg.dk/Ulovlig-havbrugsdrift-afsloeret, 14 Jan 2019)"
)

# company id -> (name, NACE, lat, lon, region_code, source, extra note)
KB_COMPANIES: dict[str, tuple[str, str, float, float, str, str, str]] = {
    "ks-asnaes": (
        "Asnæs Power Station (Asnæsværket)",
        "35.11",
        55.6660,
        11.0840,
        "DK-85",
        NAE_1994,
        "Owners over time: SK Power, Energi E2, DONG Energy, Ørsted.",
    ),
    "ks-refinery": (
        "Kalundborg refinery (formerly Statoil)",
        "19.20",
        55.6730,
        11.0780,
        "DK-85",
        NAE_1994,
        "Statoil refinery in the sources.",
    ),
    "ks-novo-nordisk": (
        "Novo Nordisk, Kalundborg",
        "21.10",
        55.6620,
        11.1180,
        "DK-85",
        NAE_1994,
        "",
    ),
    "ks-novozymes": (
        "Novozymes, Kalundborg (now Novonesis)",
        "20.59",
        55.6600,
        11.1100,
        "DK-85",
        VISITDENMARK,
        "",
    ),
    "ks-gyproc": ("Gyproc plasterboard plant", "23.62", 55.6680, 11.1000, "DK-85", NAE_1994, ""),
    "ks-district-heating": (
        "Kalundborg district heating network (Kalundborg Forsyning)",
        "35.30",
        55.6800,
        11.0950,
        "DK-85",
        "http://www.symbiosis.dk/blogpressemeddelelse-kalundborg-symbiosens-strategi/",
        "Called the municipality's district heating network in the older sources.",
    ),
    "ks-wastewater": (
        "Kalundborg wastewater treatment plant (Kalundborg Forsyning)",
        "37.00",
        55.6760,
        11.1150,
        "DK-85",
        VISITDENMARK,
        "Stands for the municipal plant, the shared treatment facility and "
        "Kalundborg Forsyning's wastewater in the sources.",
    ),
    "ks-municipality": (
        "Kalundborg Municipality",
        "84.11",
        55.6815,
        11.0890,
        "DK-85",
        VISITDENMARK,
        "",
    ),
    "ks-farms": (
        "Farms near Kalundborg (aggregate)",
        "01",
        55.7000,
        11.2000,
        "DK-85",
        NAE_1994,
        "Neighbouring farms and agriculture receiving sludge and fertiliser.",
    ),
    "ks-fish-farm": (
        "Asnæs fish farm",
        "03.21",
        55.6630,
        11.0790,
        "DK-85",
        VISITDENMARK,
        "Ponds fed by Asnæs cooling water.",
    ),
    "ks-sulphuric-acid": (
        "Sulphuric acid plant, Fredericia (Kemira)",
        "20.13",
        55.5660,
        9.7480,
        "DK-83",
        NAE_1994,
        "Receiver of refinery sulphur outside Kalundborg.",
    ),
    "ks-cement": (
        "Cement manufacturer (fly-ash receiver; Aalborg Portland assumed)",
        "23.51",
        57.0530,
        10.0050,
        "DK-81",
        "https://docslib.org/doc/818738/aalborg-portland-environmental-report-2018",
        "The exchange source names no receiver; placed at Aalborg Portland, Rørdal, "
        "the sole cement producer in Denmark (its 2018 environmental report).",
    ),
    "ks-biogas-2010": (
        "Biogas production (yeast slurry receiver, 2010)",
        "35.21",
        55.6640,
        11.0950,
        "DK-85",
        "http://www.symbiosis.dk/en",
        "Unnamed in the source.",
    ),
    "ks-biogas-plant": (
        "Kalundborg biogas plant (DONG Energy/Ørsted and Bigadan)",
        "35.21",
        55.6600,
        11.0900,
        "DK-85",
        "https://chemicalparks.eu/news/2017-3-23-residues-from-novo-nordisk-"
        "and-novozymes-to-be-converted-into-biogas",
        "Built next to Asnæs Power Station.",
    ),
    "ks-soilrem": (
        "Soilrem (soil remediation)",
        "39.00",
        55.6900,
        11.1200,
        "DK-85",
        VISITDENMARK,
        "A/S Bioteknisk Jordrens Soilrem.",
    ),
    "ks-greenhouses": (
        "Greenhouse agriculture (Asnæs heat receiver)",
        "01.13",
        55.6700,
        11.1400,
        "DK-85",
        "https://asknature.org/idea/kalundborg-industrial-symbiosis/",
        "Unnamed in the source.",
    ),
}

# source partner text -> company id (several texts name the same partner)
KB_PARTNERS: dict[str, str] = {
    "Agriculture": "ks-farms",
    "Asnæs Power Station": "ks-asnaes",
    "Asnæs Power Station (Asnæsværket)": "ks-asnaes",
    "Asnæs Power Station (DONG Energy)": "ks-asnaes",
    "Asnæs Power Station (Energy E2)": "ks-asnaes",
    "Biogas plant (DONG Energy and Bigadan)": "ks-biogas-plant",
    "Biogas production": "ks-biogas-2010",
    "Cement manufacturers": "ks-cement",
    "Fish farm": "ks-fish-farm",
    "Greenhouse agriculture": "ks-greenhouses",
    "Gyproc (plasterboard plant)": "ks-gyproc",
    "Kalundborg Forsyning (wastewater)": "ks-wastewater",
    "Kalundborg Municipality": "ks-municipality",
    "Kalundborg Municipality district heating network": "ks-district-heating",
    "Kalundborg Municipality wastewater treatment plant": "ks-wastewater",
    "Kalundborg district heating": "ks-district-heating",
    "Neighbouring farms": "ks-farms",
    "Novo Nordisk": "ks-novo-nordisk",
    "Novo Nordisk (insulin production)": "ks-novo-nordisk",
    "Novozymes": "ks-novozymes",
    "Shared wastewater treatment": "ks-wastewater",
    "Soilrem (soil remediation)": "ks-soilrem",
    "Statoil refinery": "ks-refinery",
    "Statoil refinery (today Kalundborg refinery)": "ks-refinery",
    "Sulphuric acid manufacturer (Fredericia)": "ks-sulphuric-acid",
}

# fmt: off
KB_MATERIALS: dict[str, str] = {
    "KS01": "district_heat", "KS02": "steam", "KS03": "steam", "KS04": "steam",
    "KS05": "cooling_water_warm", "KS06": "fgd_gypsum", "KS07": "fgd_gypsum",
    "KS08": "refinery_gas", "KS09": "treated_wastewater", "KS10": "sulphur", "KS11": "fly_ash",
    "KS12": "biosludge", "KS13": "fermentation_residue", "KS14": "yeast_slurry",
    "KS15": "biosludge", "KS16": "surplus_heat", "KS17": "surplus_heat", "KS18": "wastewater",
    "KS19": "sewage_sludge", "KS20": "surplus_heat",
}
# fmt: on

# exchange ids merged into one flow (same link, different reported figures)
KB_MERGED = {"KS07": "KS06"}

# exchange id -> (quantity in the material's unit, source, note) from sources beyond the CSV
KB_QUANTITIES: dict[str, tuple[float, str, str]] = {
    "KS06": (
        200000,
        "VisitDenmark (same page)",
        "200,000 t/yr per VisitDenmark (year not given); symbiosis.dk gives 150,000 t for "
        "2010 (exchange KS07) and IISD about 80,000 t/yr around 1995.",
    ),
    "KS10": (
        2800,
        "NAE 1994 (same chapter)",
        "NAE 1994 gives 2,800-3,000 t/yr; the lower bound is used.",
    ),
    "KS11": (
        170000,
        "IISD Kalundborg case study (about 1995), as compiled in the project's "
        "domain brief; the primary text was not re-checked",
        "About 170,000 t/yr around 1995 (IISD); Chertow gives 50-70 kt.",
    ),
    "KS16": (
        80000,
        "http://www.symbiosis.dk/en (figure for 2019 onwards, as compiled in the "
        "project's domain brief)",
        "About 80,000 MWh/yr via the heat pump.",
    ),
}

# quantities whose unit the contract cannot carry for the material: kept in notes only
KB_UNQUANTIFIED_NOTES: dict[str, str] = {
    "KS02": (
        "The refinery is not among the parties of the 2017 steam and district heat "
        "contract for the converted plant (Novo Nordisk, Novozymes, Kalundborg Forsyning; "
        "https://www.novozymes.com/news/news-archive/2017/06/farewell-to-coal-in-"
        "kalundborg); whether this link continues is not stated."
    ),
    "KS05": "Source figure: about 200 t of trout and salmon per year (fish output, not water).",
    "KS15": (
        "Both companies together: about 300,000 t/yr of residues planned "
        "(https://chemicalparks.eu/news/2017-3-23-residues-from-novo-nordisk-and-"
        "novozymes-to-be-converted-into-biogas); the split is not published."
    ),
    "KS12": (
        "NAE 1994: 97,000 m3 solid plus 280,000 m3 liquid biosludge per year (volumes; "
        "not converted to tonnes for the flow)."
    ),
}

KB_DISCONTINUED: dict[str, str] = {
    "KS05": FISH_END,
    "KS06": COAL_END + "; FGD gypsum came from the coal-fired units (status inferred)",
    "KS11": COAL_END + "; the fly ash was coal fly ash (status inferred)",
}

DK_HOUSE_MWH = 15.47
COAL_T_CO2_PER_MWH = 94.6 * 0.0036

# exchange id -> (quantity, note, source, provenance) for the stream pair of the exchange
KB_STREAM_ESTIMATES: dict[str, tuple[float, str, str, str]] = {
    "KS01": (
        round(3500 * DK_HOUSE_MWH, -1),
        f"estimate: 3,500 oil-fired home furnaces replaced (ecologycenter.us, KS01) x "
        f"{DK_HOUSE_MWH} MWh/yr for a 130 m2 Danish house (Assens Fjernvarme 2016/17 average, "
        "http://assensfjernvarme.dk/energiraadgivning/gennemsnitsforbrug)",
        "https://www.ecologycenter.us/industrial-ecology/kalundborg-as-a-model-the-kalundborg-"
        "complex-historical-evolution.html",
        "estimated",
    ),
    "KS04": (
        round(31000 / COAL_T_CO2_PER_MWH, -3),
        "estimate: Novozymes expected to avoid about 31,000 t CO2/yr by taking biomass steam "
        "(biomassmagazine.com 2020); divided by the IPCC 2006 default of 94.6 t CO2/TJ for "
        "bituminous coal gives the coal energy behind that steam; the steam delivered is lower "
        "by the boiler efficiency",
        "https://biomassmagazine.com/articles/17315/orsted-inaugurates-biomass-fired-asnaes-"
        "power-station",
        "estimated",
    ),
    "KS09": (
        1200000,
        "upper bound: NAE 1994 reports 1.2 million m3/yr of water saved; other texts attribute "
        "this figure to the water reuse of the symbiosis as a whole, not to this pipeline alone",
        NAE_1994,
        "estimated",
    ),
    "KS10": (2800, "NAE 1994: 2,800-3,000 t/yr; lower bound", NAE_1994, "documented"),
    "KS12": (
        377000,
        "estimate: NAE 1994 gives 97,000 m3 solid + 280,000 m3 liquid per year; converted at "
        "1 t per m3 (sludge is mostly water; project assumption)",
        NAE_1994,
        "estimated",
    ),
    "KS16": (
        80000,
        "about 80,000 MWh/yr (symbiosis.dk, 2019 onwards)",
        "http://www.symbiosis.dk/en",
        "documented",
    ),
}

# (exchange id, side, company id, quantity, note, source): documented one-sided figures
KB_EXTRA_STREAMS: list[tuple[str, str, str, float, str, str]] = [
    (
        "KS15",
        W,
        "ks-biogas-plant",
        300000,
        "planned throughput of about 300,000 t/yr of residues from Novo Nordisk and Novozymes "
        "together; the split between the two is not published",
        "https://chemicalparks.eu/news/2017-3-23-residues-from-novo-nordisk-and-novozymes-to-be-"
        "converted-into-biogas",
    ),
]


def sentence(text: str) -> str:
    """Text ending with a full stop (empty stays empty)."""
    text = text.strip()
    return text if not text or text.endswith(".") else text + "."


def kb_sources(text: str) -> list[str]:
    """Split a partner cell naming several partners ('A and B', 'A; B; C')."""
    parts = re.split(r"; | and (?=[A-Z])", text)
    return [p.strip() for p in parts if p.strip()]


def kb_companies() -> list[dict]:
    """Kalundborg partner companies."""
    rows = []
    for cid, (name, nace, lat, lon, region, source, note) in KB_COMPANIES.items():
        rows.append(
            {
                "company_id": cid,
                "name": name,
                "nace": nace,
                "lat": f"{lat:.4f}",
                "lon": f"{lon:.4f}",
                "region_code": region,
                "country": "DK",
                "employees": None,
                "provenance": "documented",
                "source": source,
                "city": None,
                "notes": " ".join(filter(None, [note, KB_APPROX])),
            }
        )
    return rows


def kb_flows(ex: pd.DataFrame, units: dict) -> list[dict]:
    """One flow per exchange and source partner; merged duplicates keep all exchange ids."""
    merged_ids: dict[str, list[str]] = {}
    for src, dst in KB_MERGED.items():
        merged_ids.setdefault(dst, [dst]).append(src)
    flows = []
    for rec in ex.itertuples(index=False):
        if rec.exchange_id in KB_MERGED:
            continue
        material = KB_MATERIALS[rec.exchange_id]
        qty, qsource, qnote = KB_QUANTITIES.get(rec.exchange_id, (None, "", ""))
        source = rec.source_url + (f"; quantity: {qsource}" if qsource else "")
        status = "discontinued" if rec.exchange_id in KB_DISCONTINUED else "existing"
        notes = [rec.resource, rec.note, qnote, KB_UNQUANTIFIED_NOTES.get(rec.exchange_id, "")]
        if status == "discontinued":
            notes.append("Discontinued: " + KB_DISCONTINUED[rec.exchange_id])
        sources = kb_sources(rec.source_partner)
        for i, partner in enumerate(sources):
            suffix = chr(ord("a") + i) if len(sources) > 1 else ""
            flows.append(
                {
                    "flow_id": rec.exchange_id.lower() + suffix,
                    "source_company": KB_PARTNERS[partner],
                    "target_company": KB_PARTNERS[rec.target_partner],
                    "material": material,
                    "quantity": qty,
                    "unit": units[material] if qty is not None else None,
                    "status": status,
                    "since_year": int(rec.first_year) if rec.first_year else None,
                    "provenance": "documented",
                    "source": source,
                    "notes": " ".join(sentence(n) for n in notes if n),
                    "exchange_id": ";".join(merged_ids.get(rec.exchange_id, [rec.exchange_id])),
                }
            )
    return flows


def kb_streams(flows: list[dict], units: dict) -> list[dict]:
    """Have/want pairs for current exchanges with a documented or estimated quantity."""
    rows = []
    for flow in flows:
        est = KB_STREAM_ESTIMATES.get(flow["exchange_id"])
        if flow["status"] == "discontinued" or est is None:
            continue
        qty, note, source, prov = est
        for direction, cid in ((H, flow["source_company"]), (W, flow["target_company"])):
            rows.append(
                stream(
                    cid,
                    direction,
                    flow["material"],
                    qty,
                    units,
                    prov,
                    source,
                    f"{flow['exchange_id']}: {note}",
                    suffix=f"-{flow['exchange_id'].lower()}",
                )
            )
    for exchange, direction, cid, qty, note, source in KB_EXTRA_STREAMS:
        material = KB_MATERIALS[exchange]
        rows.append(
            stream(
                cid,
                direction,
                material,
                qty,
                units,
                "documented",
                source,
                f"{exchange}: {note}",
                suffix=f"-{exchange.lower()}",
            )
        )
    return rows


def build_kalundborg(shared: Path, out: Path, units: dict) -> dict[str, int]:
    """Write the Kalundborg Symbiosis dataset."""
    ex = read_csv(shared / "kalundborg_symbiosis_exchanges.csv")
    companies = kb_companies()
    flows = kb_flows(ex, units)
    streams = kb_streams(flows, units)
    folder = out / "datasets" / "kalundborg"
    counts = {
        "companies.csv": write_csv(
            folder / "companies.csv", COMPANY_COLUMNS, companies, "company_id"
        ),
        "streams.csv": write_csv(folder / "streams.csv", STREAM_COLUMNS, streams, "stream_id"),
        "flows.csv": write_csv(
            folder / "flows.csv", [*FLOW_COLUMNS, "exchange_id"], flows, "flow_id"
        ),
    }
    write_json(
        folder / "dataset.json",
        {
            "id": "kalundborg",
            "title": "Kalundborg Symbiosis (Denmark)",
            "description": (
                f"The {len(ex)} documented exchanges of the Kalundborg Symbiosis as flows between "
                f"{len(companies)} partners (power station, refinery, Novo Nordisk, Novozymes, "
                "Gyproc, utility, farms, fish farm and external receivers), with quantities and "
                "start years only where a public source gives them. Streams exist only for current "
                "exchanges that have a documented figure or a stated estimate."
            ),
            "region_note": (
                "Kalundborg, Region Zealand (DK-85), plus receivers in Fredericia (DK-83) and "
                "Aalborg (DK-81). Coordinates are approximate."
            ),
            "provenance_note": (
                "Companies and flows: documented, each row with its source URL. Empty quantity = "
                "unknown. Coal-dependent exchanges and the fish farm are marked discontinued with "
                "the evidence in notes. Streams are documented or estimated; estimates explain "
                "their arithmetic in notes."
            ),
        },
    )
    return counts


# ---------------------------------------------------------------------------------------------
# Finland: E-PRTR facilities

# fmt: off
EPRTR_NACE: dict[str, str] = {
    "1(a)": "19.20", "1(b)": "35.21", "1(c)": "35.11", "2(b)": "24.10", "2(c)": "24.10",
    "2(c)(i)": "24.10", "2(c)(iii)": "25.61", "2(d)": "24.51", "2(e)(i)": "24.4",
    "2(e)(ii)": "24.4", "2(f)": "25.61", "3(a)": "07.29", "3(b)": "08", "3(c)(i)": "23.51",
    "3(c)(ii)": "23.52", "3(e)": "23.1", "3(f)": "23.99", "3(g)": "23.32", "4(a)": "20.14",
    "4(a)(i)": "20.14", "4(a)(ii)": "20.14", "4(a)(iv)": "20.14", "4(a)(viii)": "20.16",
    "4(a)(ix)": "20.17", "4(a)(xi)": "20.41", "4(b)(i)": "20.11", "4(b)(ii)": "20.13",
    "4(b)(iv)": "20.13", "4(b)(v)": "20.13", "4(c)": "20.15", "4(d)": "20.20", "4(e)": "21.10",
    "4(f)": "20.51", "5(a)": "38.22", "5(b)": "38.21", "5(c)": "38.21", "5(d)": "38.21",
    "5(e)": "38.21", "5(f)": "37.00", "5(g)": "37.00", "6(a)": "17.11", "6(b)": "17.12",
    "6(c)": "16.10", "7(a)": "01.4", "7(a)(i)": "01.47", "7(a)(ii)": "01.46", "7(a)(iii)": "01.46",
    "8(a)": "10.11", "8(b)(i)": "10.1", "8(b)(ii)": "10", "8(c)": "10.51", "9(c)": "C",
    "9(e)": "30.11",
}
# fmt: on

BIOGAS_NAME = re.compile(r"biokaasu|biogas|biotehdas", re.IGNORECASE)
BIOGAS_PROFILE = "5(c) biogas plant"

# activity -> {"NONHW"/"HW": [(material, share)]}; project assumptions, no profile = no stream
# fmt: off
EPRTR_PROFILES: dict[str, dict[str, list[tuple[str, float]]]] = {
    "1(a)": {"NONHW": [("biosludge", 0.3)], "HW": [("waste_oil", 0.5)]},
    "1(c)": {"NONHW": [("fly_ash", 0.55), ("bottom_ash", 0.35)]},
    "2(b)": {"NONHW": [("slag", 0.7), ("ferrous_scrap", 0.1)]},
    "2(c)": {"NONHW": [("ferrous_scrap", 0.5)], "HW": [("waste_oil", 0.3)]},
    "2(c)(i)": {"NONHW": [("ferrous_scrap", 0.5)], "HW": [("waste_oil", 0.3)]},
    "2(c)(iii)": {"NONHW": [("nonferrous_scrap", 0.4), ("ferrous_scrap", 0.2)]},
    "2(d)": {"NONHW": [("foundry_sand", 0.6), ("slag", 0.15)]},
    "2(e)(i)": {"NONHW": [("slag", 0.6)]},
    "2(e)(ii)": {"NONHW": [("slag", 0.3), ("nonferrous_scrap", 0.3)]},
    "3(b)": {"NONHW": [("construction_material", 0.5)]},
    "3(c)(i)": {"NONHW": [("cement_raw_material", 0.5)]},
    "3(c)(ii)": {"NONHW": [("soil_improver", 0.6)]},
    "3(e)": {"NONHW": [("glass_cullet", 0.6)]},
    "3(g)": {"NONHW": [("construction_demolition_waste", 0.6)]},
    "4(a)": {"HW": [("spent_solvents", 0.4)]},
    "4(a)(i)": {"HW": [("spent_solvents", 0.4)]},
    "4(a)(ii)": {"HW": [("spent_solvents", 0.4)]},
    "4(a)(iv)": {"HW": [("spent_solvents", 0.4)]},
    "4(a)(viii)": {"NONHW": [("plastics_waste", 0.4)], "HW": [("spent_solvents", 0.3)]},
    "4(b)(ii)": {"NONHW": [("gypsum", 0.5)]},
    "4(b)(v)": {"NONHW": [("gypsum", 0.4)]},
    "4(c)": {"NONHW": [("gypsum", 0.6)]},
    "4(e)": {"HW": [("spent_solvents", 0.6)]},
    "5(b)": {"NONHW": [("bottom_ash", 0.7), ("ferrous_scrap", 0.05)]},
    BIOGAS_PROFILE: {"NONHW": [("digestate", 0.8)]},
    "5(e)": {"NONHW": [("animal_by_products", 0.4)]},
    "5(f)": {"NONHW": [("sewage_sludge", 0.8)]},
    "5(g)": {"NONHW": [("biosludge", 0.7)]},
    "6(a)": {"NONHW": [("fly_ash", 0.3), ("green_liquor_dregs", 0.25), ("bark", 0.15),
                       ("paper_sludge", 0.15)]},
    "6(b)": {"NONHW": [("paper_sludge", 0.35), ("fly_ash", 0.25), ("wood_residues", 0.1),
                       ("bottom_ash", 0.1)]},
    "6(c)": {"NONHW": [("wood_residues", 0.5)]},
    "7(a)": {"NONHW": [("manure", 0.8)]},
    "7(a)(i)": {"NONHW": [("manure", 0.8)]},
    "7(a)(ii)": {"NONHW": [("manure", 0.8)]},
    "7(a)(iii)": {"NONHW": [("manure", 0.8)]},
    "8(a)": {"NONHW": [("animal_by_products", 0.6), ("biosludge", 0.15)]},
    "8(b)(i)": {"NONHW": [("animal_by_products", 0.4), ("food_waste", 0.2), ("biosludge", 0.1)]},
    "8(b)(ii)": {"NONHW": [("food_waste", 0.5), ("biosludge", 0.15)]},
    "8(c)": {"NONHW": [("biosludge", 0.3), ("whey", 0.2), ("food_waste", 0.2)]},
    "9(c)": {"HW": [("spent_solvents", 0.5)]},
    "9(e)": {"NONHW": [("ferrous_scrap", 0.5)],
     "HW": [("spent_solvents", 0.3), ("waste_oil", 0.2)]},
}
# fmt: on

CLINKER_T_CO2 = 0.85
CEMENT_WANT_SHARES = [("fly_ash", 0.05), ("slag", 0.05), ("rubber_tyres", 0.01)]
CLINKER_SOURCE = (
    "GNR 2014 world data: 633 kg gross CO2 per t cementitious at 74.5 % clinker, i.e. about "
    "0.85 t CO2 per t clinker (http://wbcsdcement.org/index.php/news-stories/2016/"
    "512-publication-of-the-csi-gnr-2014-data)"
)
WOOD_T_CO2 = round(44 / 12 * 0.47, 3)
DIGESTATE_MASS_SHARE = 0.9


def eprtr_profile_key(activity: str, name: str) -> str:
    """Activity profile used for a facility (biogas plants get their own)."""
    if activity == "5(c)" and BIOGAS_NAME.search(name):
        return BIOGAS_PROFILE
    return activity


def eprtr_companies(fac: pd.DataFrame) -> list[dict]:
    """One company per E-PRTR facility."""
    rows = []
    for rec in fac.itertuples(index=False):
        details = [f"E-PRTR activity {rec.eprtr_activity_code}: {rec.eprtr_activity_name}"]
        if rec.parent_company:
            details.append(f"parent company {rec.parent_company}")
        details.append(f"status {rec.status}, last reporting year {rec.last_reporting_year}")
        rows.append(
            {
                "company_id": f"fi-{rec.facility_id}",
                "name": rec.facility_name,
                "nace": EPRTR_NACE[rec.eprtr_activity_code],
                "lat": rec.lat,
                "lon": rec.lon,
                "region_code": rec.region_code,
                "country": rec.country_iso2,
                "employees": None,
                "provenance": "reported",
                "source": EPRTR_SOURCE,
                "city": rec.city,
                "notes": "; ".join(details),
            }
        )
    return rows


def latest_waste(shared: Path) -> pd.DataFrame:
    """Latest reporting year per facility from the waste summary."""
    waste = read_csv(shared / "eprtr_fi_waste_by_facility_year.csv")
    waste["year_n"] = waste["year"].astype(int)
    waste = waste.sort_values(["facility_id", "year_n"])
    return waste.groupby("facility_id", as_index=False).tail(1)


def eprtr_have_streams(fac: pd.DataFrame, waste: pd.DataFrame, units: dict) -> list[dict]:
    """Have streams: reported HW/NONHW totals split by the activity profile."""
    names = dict(zip(fac["facility_id"], fac["facility_name"], strict=True))
    rows = []
    for rec in waste.itertuples(index=False):
        profile_key = eprtr_profile_key(rec.eprtr_activity_code, names[rec.facility_id])
        profile = EPRTR_PROFILES.get(profile_key, {})
        cid = f"fi-{rec.facility_id}"
        for wclass, total in (("NONHW", rec.nonhw_total_t), ("HW", rec.hw_total_t)):
            total_t = float(total or 0)
            for material, share in profile.get(wclass, []):
                qty = round(total_t * share, 1)
                if qty <= 0:
                    continue
                notes = (
                    f"E-PRTR {rec.year} reported {wclass} total {fmt(total_t)} t x share {share} "
                    f"from activity profile {profile_key} (project assumption)"
                )
                rows.append(
                    stream(
                        cid,
                        H,
                        material,
                        qty,
                        units,
                        "estimated",
                        EPRTR_SOURCE,
                        notes,
                        hazardous=wclass == "HW",
                        suffix="-hw" if wclass == "HW" else "",
                    )
                )
    return rows


def latest_co2(shared: Path) -> pd.DataFrame:
    """Latest year per facility with both CO2 and CO2 excluding biomass, in tonnes."""
    rel = read_csv(shared / "eprtr_fi_releases.csv")
    rel = rel[rel["pollutant_code"].isin(["CO2", "CO2EXCLBIOMASS"]) & (rel["medium"] == "AIR")]
    wide = rel.pivot_table(
        index=["facility_id", "year"],
        columns="pollutant_code",
        values="quantity_kg",
        aggfunc=lambda s: sum(float(v) for v in s),
    )
    wide = wide.dropna().reset_index()
    wide["year_n"] = wide["year"].astype(int)
    wide = wide.sort_values(["facility_id", "year_n"]).groupby("facility_id").tail(1)
    wide["co2_t"] = wide["CO2"] / 1000
    wide["bio_t"] = (wide["CO2"] - wide["CO2EXCLBIOMASS"]) / 1000
    return wide.set_index("facility_id")


def eprtr_want_streams(
    fac: pd.DataFrame, co2: pd.DataFrame, haves: list[dict], units: dict
) -> list[dict]:
    """Want streams for known consumers: cement kilns, combustion plants, biogas plants."""
    rows = []
    digestate = {s["company_id"]: s["quantity"] for s in haves if s["material"] == "digestate"}
    for rec in fac.itertuples(index=False):
        cid = f"fi-{rec.facility_id}"
        act = rec.eprtr_activity_code
        if act == "3(c)(i)" and rec.facility_id in co2.index:
            c = co2.loc[rec.facility_id]
            clinker = c["co2_t"] / CLINKER_T_CO2
            for material, share in CEMENT_WANT_SHARES:
                note = (
                    f"rule: {share:.0%} of clinker output; clinker = E-PRTR {c['year']} CO2 "
                    f"{c['co2_t']:,.0f} t / {CLINKER_T_CO2} t CO2 per t clinker "
                    f"({CLINKER_SOURCE}); the substitution shares are project assumptions"
                )
                rows.append(
                    stream(
                        cid,
                        W,
                        material,
                        round(clinker * share, -2),
                        units,
                        "estimated",
                        EPRTR_SOURCE,
                        note,
                    )
                )
        elif act == "1(c)" and rec.facility_id in co2.index:
            c = co2.loc[rec.facility_id]
            if c["bio_t"] <= 0:
                continue
            note = (
                f"rule: current biomass use = biogenic CO2 (E-PRTR {c['year']} CO2 minus CO2 "
                f"excluding biomass = {c['bio_t']:,.0f} t) / {WOOD_T_CO2} t CO2 per t dry "
                "biomass (IPCC 2006 default carbon fraction 0.47 of dry wood), rounded to 100 t"
            )
            rows.append(
                stream(
                    cid,
                    W,
                    "biomass_fuel",
                    round(c["bio_t"] / WOOD_T_CO2, -2),
                    units,
                    "estimated",
                    EPRTR_SOURCE,
                    note,
                )
            )
        elif cid in digestate:
            qty = digestate[cid] / DIGESTATE_MASS_SHARE
            note = (
                f"rule: feedstock = estimated digestate {fmt(digestate[cid])} t / "
                f"{DIGESTATE_MASS_SHARE} (about a tenth of the input mass leaves as biogas; "
                "project assumption), rounded to 100 t"
            )
            rows.append(
                stream(
                    cid,
                    W,
                    "biogas_feedstock",
                    round(qty, -2),
                    units,
                    "estimated",
                    EPRTR_SOURCE,
                    note,
                )
            )
    return [r for r in rows if r["quantity"] > 0]


def check_activity_codes(shared: Path) -> None:
    """Every Annex I activity in the code list must have a NACE code."""
    codes = read_csv(shared / "eprtr_code_lists.csv")
    acts = set(codes.loc[codes["code_list"] == "eprtr_annex_i_activity", "code"])
    missing = acts - set(EPRTR_NACE)
    if missing:
        raise ValueError(f"E-PRTR activities without NACE: {sorted(missing)}")


def build_finland(shared: Path, out: Path, units: dict) -> dict[str, int]:
    """Write the Finnish E-PRTR dataset."""
    check_activity_codes(shared)
    fac = read_csv(shared / "eprtr_fi_facilities.csv")
    haves = eprtr_have_streams(fac, latest_waste(shared), units)
    wants = eprtr_want_streams(fac, latest_co2(shared), haves, units)
    folder = out / "datasets" / "finland_eprtr"
    counts = {
        "companies.csv": write_csv(
            folder / "companies.csv", COMPANY_COLUMNS, eprtr_companies(fac), "company_id"
        ),
        "streams.csv": write_csv(
            folder / "streams.csv", STREAM_COLUMNS, haves + wants, "stream_id"
        ),
        "flows.csv": write_csv(folder / "flows.csv", FLOW_COLUMNS, [], "flow_id"),
    }
    write_json(
        folder / "dataset.json",
        {
            "id": "finland_eprtr",
            "title": "Finland: E-PRTR industrial facilities",
            "description": (
                f"All {len(fac)} Finnish facilities reporting under E-PRTR / Industrial Emissions, "
                "with NACE codes assigned from their E-PRTR Annex I activity. Have streams split "
                "each facility's latest reported hazardous and non-hazardous waste transfers into "
                "materials by an activity profile; want streams are added for cement kilns, "
                "biomass-burning combustion plants and biogas plants by stated rules."
            ),
            "region_note": "Finland; region codes (maakunta) as given in the source file.",
            "provenance_note": (
                "Facilities: reported (European Environment Agency, via the Finnish Environment "
                "Institute SYKE, CC BY 4.0). Streams: estimated; every row states the reported "
                "total, the share and the rule used. E-PRTR does not give waste by EWC code or by "
                "receiver, so no flows are included."
            ),
        },
    )
    return counts


# ---------------------------------------------------------------------------------------------


def build(shared: Path, out: Path, materials: Path = MATERIALS) -> dict[str, dict[str, int]]:
    """Build everything; return row counts per output file."""
    units = load_units(materials)
    return {
        "reference": build_reference(shared, out, units),
        "leningrad": build_leningrad(shared, out, units),
        "kalundborg": build_kalundborg(shared, out, units),
        "finland_eprtr": build_finland(shared, out, units),
    }


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared",
        type=Path,
        default=DEFAULT_SHARED,
        help="folder with the shared raw data (default: ../shared/data)",
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="output data folder (default: data/)"
    )
    args = parser.parse_args(argv)
    for group, files in build(args.shared, args.out).items():
        for name, n in files.items():
            print(f"{group}/{name}: {n} rows")


if __name__ == "__main__":
    main()
