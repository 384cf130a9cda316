"""A small dataset for the map tests: hostile company names, several units and statuses."""

from __future__ import annotations

import re

import folium
import pandas as pd

from dashboard.analysis.matching import COLUMNS
from dashboard.domain.dataset import Dataset
from dashboard.io.datasets import load_files
from dashboard.views import leaflet

HOSTILE = "<img src=x onerror=alert(1)>"
BACKTICK = "${alert(2)}` Oy"
JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')

COMPANIES = f"""company_id,name,nace,lat,lon,region_code,country
A,"{HOSTILE}",23.51,59.93,30.31,RU-SPE,RU
B,"{BACKTICK}",23.61,59.99,30.62,RU-LEN,RU
C,Plain Oy,35.11,59.80,30.05,RU-LEN,RU
D,Heat Oy,35.30,59.70,30.40,RU-LEN,RU
"""
STREAMS = """stream_id,company_id,direction,material,quantity,unit
S1,A,have,fly_ash,400,t/yr
S2,A,have,fly_ash,500,t/yr
S3,A,have,surplus_heat,90000,MWh/yr
S4,B,want,fly_ash,300,t/yr
S5,C,want,fly_ash,2000,t/yr
S6,C,have,fly_ash,100,t/yr
S7,D,want,surplus_heat,5000,MWh/yr
"""
FLOWS = """flow_id,source_company,target_company,material,quantity,unit,status
F1,A,B,fly_ash,100,t/yr,existing
F2,C,A,fly_ash,,,planned
F3,A,D,surplus_heat,2000,MWh/yr,potential
F4,B,C,fly_ash,50,t/yr,discontinued
"""


def map_dataset() -> Dataset:
    files = {"companies.csv": COMPANIES, "streams.csv": STREAMS, "flows.csv": FLOWS}
    loaded, problems = load_files("test", {k: v.encode() for k, v in files.items()})
    assert problems == []
    return loaded


def candidate(**values) -> dict:
    row = dict.fromkeys(COLUMNS)
    row.update(hazardous=False, score=50.0, distance_km=10.0)
    return row | values


def candidates_frame(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame([candidate(**r) for r in rows], columns=list(COLUMNS))


def scripts_without_strings(element: folium.Element) -> str:
    """The rendered map with every JSON string literal blanked out."""
    fmap = leaflet.base_map(leaflet.DEFAULT_BOUNDS)
    element.add_to(fmap)
    return JSON_STRING.sub('""', fmap.get_root().render())
