"""A small synthetic region on the meridian 30° E whose candidate exchanges are worked out by
hand, shared by the matching and reason tests."""

from __future__ import annotations

import csv
import io

import pandas as pd

from dashboard.domain.dataset import Dataset
from dashboard.io.datasets import load_files

KM_PER_DEGREE = 111.19508  # one degree of latitude on the mean Earth radius

# Companies on the meridian 30° E, at these distances (km) north of 60° N.
COMPANIES = [
    # id, name, NACE, km north, region
    ("P", "Power Plant", "35.11", 0, "RU-LEN"),
    ("F", "Food Factory", "10.51", 3, "RU-LEN"),
    ("B", "Biogas Plant", "35.21", 5, "RU-LEN"),
    ("C", "Cement Works", "23.51", 12, "RU-LEN"),
    ("G", "Greenhouse", "01.13", 15, "RU-SPE"),
    ("R", "Road Builder", "42.11", 30, "RU-SPE"),
    ("S", "Solvent Recovery", "38.32", 52, "RU-LEN"),
]
STREAMS = [
    # id, company, direction, material, quantity, unit, hazardous
    ("P-ash", "P", "have", "fly_ash", 40000, "t/yr", ""),
    ("P-heat", "P", "have", "surplus_heat", 5000, "MWh/yr", ""),
    ("P-want-ash", "P", "want", "fly_ash", 100, "t/yr", ""),
    ("F-sludge", "F", "have", "biosludge", 2000, "t/yr", ""),
    ("F-heat", "F", "want", "heat", 1000, "MWh/yr", ""),
    ("B-feed", "B", "want", "biogas_feedstock", 8000, "m3/yr", ""),
    ("C-raw", "C", "want", "cement_raw_material", 50000, "t/yr", ""),
    ("C-solvents", "C", "have", "spent_solvents", 300, "t/yr", "true"),
    ("G-heat", "G", "want", "heat", 3000, "MWh/yr", ""),
    ("R-aggregate", "R", "want", "construction_material", 20000, "t/yr", ""),
    ("S-recovery", "S", "want", "solvent_recovery", 500, "t/yr", ""),
]
# (have, want, fit, distance): the candidates of this region, best first by worth (the score of
# `analysis.worth`: assessed GHG and net benefit, and the fit). The fit, worked by hand:
# fit = 100 (0.25 C + 0.35 (1 - d / max) + 0.30 coverage + 0.10 safe)
EXPECTED = [
    # fly ash (max 100 km) substitutes cement raw material: 0.25*0.5 + 0.35*0.88 + 0.3*0.8 + 0.1;
    # worth 90.9: 34,311 t CO2e and EUR 2.57 M a year (clinker replaced, a landfill avoided)
    ("P-ash", "C-raw", 77.3, 12.0),
    # hazardous spent solvents (max 400 km) at 40 km, 300 of 500 t: 0.125 + 0.35*0.9 + 0.3*0.6 + 0;
    # worth 58.2: 1,005 t CO2e and EUR 187,000 (virgin solvent replaced, incineration avoided)
    ("C-solvents", "S-recovery", 62.0, 40.0),
    # fly ash substitutes construction material at 30 km: 0.125 + 0.35*0.7 + 0.3*1 + 0.1;
    # worth 56.2: only aggregates replaced, 280 t CO2e and EUR 429,000 (mostly the landfill fee)
    ("P-ash", "R-aggregate", 77.0, 30.0),
    # surplus heat (max 10 km) substitutes heat: 0.125 + 0.35*0.7 + 0.3*1 + 0.1; worth 30.2:
    # 217 t CO2e but a 3 km pipe for 1,000 MWh loses EUR 309,000 a year
    ("P-heat", "F-heat", 77.0, 3.0),
]
WORTH = [90.9, 58.2, 56.2, 30.2]
# Left out: P-ash -> P-want-ash (same company), P-heat -> G-heat (15 km > 10 km for heat),
# F-sludge -> B-feed (t/yr against m3/yr).


def table(header: str, rows: list[tuple]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header.split(","))
    writer.writerows(rows)
    return buffer.getvalue()


def region_files(companies=COMPANIES, streams=STREAMS, flows=None) -> dict[str, str]:
    files = {
        "companies.csv": table(
            "company_id,name,nace,lat,lon,region_code",
            [(c, n, nace, 60 + km / KM_PER_DEGREE, 30.0, r) for c, n, nace, km, r in companies],
        ),
        "streams.csv": table(
            "stream_id,company_id,direction,material,quantity,unit,hazardous", list(streams)
        ),
    }
    if flows is not None:
        files["flows.csv"] = table(
            "flow_id,source_company,target_company,material,status", list(flows)
        )
    return files


def load(files: dict[str, str]) -> Dataset:
    dataset, problems = load_files("test", {k: v.encode("utf-8") for k, v in files.items()})
    assert problems == [], [str(p) for p in problems]
    return dataset


def pairs(frame: pd.DataFrame) -> list[tuple[str, str]]:
    return list(zip(frame["have_stream_id"], frame["want_stream_id"], strict=True))
