"""Bundled reference data: paths, material vocabulary, NACE/OKVED2, EWC list, boundaries."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

REPO_DIR = Path(__file__).resolve().parents[3]
DATA_DIR = Path(os.environ.get("IS_DASHBOARD_DATA", REPO_DIR / "data"))
REFERENCE_DIR = DATA_DIR / "reference"
DATASETS_DIR = DATA_DIR / "datasets"

UNITS = ("t/yr", "m3/yr", "MWh/yr")
PROVENANCES = ("documented", "reported", "estimated", "synthetic", "unspecified")
DIRECTIONS = ("have", "want")


class ReferenceDataError(Exception):
    """A bundled reference file (under IS_DASHBOARD_DATA) is missing or unreadable."""

    def __init__(self, path: Path, detail: str):
        super().__init__(f"{path}: {detail}")
        self.path = path
        self.detail = detail


def _read(name: str, columns: tuple[str, ...]) -> pd.DataFrame:
    """A reference table with at least `columns`, every cell as text."""
    return read_table(REFERENCE_DIR / name, columns)


def read_table(path: Path, columns: tuple[str, ...]) -> pd.DataFrame:
    """A CSV table with at least `columns`, every cell as text; ReferenceDataError otherwise."""
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise ReferenceDataError(path, "no such file") from None
    except (OSError, ValueError, pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise ReferenceDataError(path, f"{type(err).__name__}: {err}".splitlines()[0]) from None
    missing = [column for column in columns if column not in table.columns]
    if missing:
        raise ReferenceDataError(path, f"missing columns {', '.join(missing)}")
    return table


@cache
def materials() -> pd.DataFrame:
    """The material vocabulary indexed by id: unit, group, label, satisfied wants."""
    columns = ("material_id", "unit", "group", "label_en", "satisfies")
    table = _read("materials.csv", columns).set_index("material_id")
    table["satisfies"] = table["satisfies"].map(lambda s: tuple(x for x in s.split(";") if x))
    return table


@cache
def uses() -> pd.DataFrame:
    """What a material replaces at a receiver of a given sector: material, receiver_nace
    (a NACE code prefix), use, note, source."""
    return _read("uses.csv", ("material", "receiver_nace", "use"))


@cache
def transformations() -> dict[str, tuple[str, ...]]:
    """Material -> the materials a processor typically makes of it (a recycler's plastics
    waste becomes recycled plastics): which exchanges of a chain feed a further one."""
    table = _read("transformations.csv", ("input", "output"))
    found: dict[str, list[str]] = {}
    for source, product in zip(table["input"], table["output"], strict=True):
        found.setdefault(source, []).append(product)
    return {source: tuple(products) for source, products in found.items()}


@cache
def ewc_list() -> pd.DataFrame:
    """The European List of Waste indexed by 6-digit code."""
    table = _read("ewc_list_of_waste.csv", ("code", "hazardous")).set_index("code")
    table["hazardous"] = table["hazardous"].str.lower().eq("true")
    return table


@cache
def ewc_titles_ru() -> dict[str, str]:
    """Russian wording of the List of Waste: chapter (2 digits), sub-chapter (4) and entry (6)
    code -> title; the English stays as published in `ewc_list`."""
    table = _read("ewc_titles_ru.csv", ("code", "level", "title_ru"))
    return dict(zip(table["code"], table["title_ru"], strict=True))


@cache
def ewc_materials() -> dict[str, str]:
    """EWC code -> material id; codes with no reuse route map to ''."""
    path = REFERENCE_DIR / "ewc_materials.csv"
    if not path.exists():
        return {}
    table = _read("ewc_materials.csv", ("ewc_code", "material_id"))
    return dict(zip(table["ewc_code"], table["material_id"], strict=True))


@cache
def nace() -> pd.DataFrame:
    """NACE Rev. 2 indexed by code: level, section, division, English and Russian titles."""
    return _read("nace_rev2.csv", ("code", "section", "division", "title_en")).set_index("code")


@cache
def okved2() -> pd.DataFrame:
    """OKVED2 indexed by code with the NACE class each code falls under."""
    return _read("okved2.csv", ("code", "nace_rev2_code")).set_index("code")


@cache
def region_table() -> pd.DataFrame:
    """Attributes of the bundled first-level regions indexed by region code."""
    return _read("regions.csv", ("region_code",)).set_index("region_code")


@cache
def region_shapes() -> pd.DataFrame:
    """The bundled region polygons (EPSG:4326): region_code, country_iso2, name_en and
    geometry (shapely polygons), read as GeoJSON without GDAL."""
    import json

    import shapely

    path = REFERENCE_DIR / "regions.geojson"
    columns = ["region_code", "country_iso2", "name_en"]
    if not path.is_file():
        raise ReferenceDataError(path, "no such file")
    try:
        features = json.loads(path.read_bytes())["features"]
        rows = [feature["properties"] for feature in features]
        geometry = shapely.from_geojson([json.dumps(feature["geometry"]) for feature in features])
    except (ValueError, KeyError, TypeError, shapely.errors.GEOSException) as err:
        raise ReferenceDataError(path, type(err).__name__) from None
    missing = [column for column in columns if any(column not in row for row in rows)]
    if missing or not rows:
        raise ReferenceDataError(path, f"missing columns {', '.join(missing or columns)}")
    return pd.DataFrame(rows, columns=columns).assign(geometry=list(geometry))


@dataclass(frozen=True)
class NaceCode:
    code: str
    section: str
    division: str
    title: str


NACE_PATTERN = re.compile(r"^(?:[A-U]|\d{1,2}(?:\.\d{1,2}){0,3})$")


def _normalise_code(raw: str) -> str:
    text = raw.strip().upper().replace(",", ".")
    if not text or text[0].isalpha():
        return text
    head, _, rest = text.partition(".")
    return (head.zfill(2) + ("." + rest if rest else "")).rstrip(".")


@cache
def resolve_nace(raw: str) -> NaceCode | None:
    """Map a NACE Rev. 2 code at any level, or an OKVED2 code, to its NACE entry (once per code
    written: a register repeats few codes over many companies)."""
    code = _normalise_code(raw)
    if not NACE_PATTERN.match(code):
        return None
    table = nace()
    if code not in table.index:
        okved = okved2()
        if code not in okved.index or not okved.at[code, "nace_rev2_code"]:
            return None
        code = okved.at[code, "nace_rev2_code"]
        if code not in table.index:
            return None
    row = table.loc[code]
    return NaceCode(code, row["section"], row["division"], row["title_en"])


EWC_PATTERN = re.compile(r"^(\d{6})(\*?)$")


def parse_ewc(raw: str) -> tuple[str, bool] | None:
    """Normalise an EWC code written with any spacing (and `*`) to (6 digits, has_star)."""
    text = re.sub(r"[\s.\u00a0]", "", raw)
    match = EWC_PATTERN.match(text)
    if not match:
        return None
    return match.group(1), bool(match.group(2))
