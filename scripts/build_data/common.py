"""Helpers shared by the dataset modules: output columns, CSV and JSON I/O, shipped tables."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

TABLES = Path(__file__).resolve().with_name("tables")
TABLES_READ: set[str] = set()

H, W = "have", "want"

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


def read_table(name: str) -> list[dict[str, str]]:
    """Rows of the table ``tables/<name>.csv`` shipped with the build, every cell as text."""
    path = TABLES / f"{name}.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for i, row in enumerate(rows, start=2):
        if None in row or None in row.values():
            raise ValueError(f"{path.name} line {i}: wrong number of cells")
    TABLES_READ.add(name)
    return rows


def optional_int(text: str) -> int | None:
    """Integer table cell; empty = None."""
    return int(text) if text else None


def optional_float(text: str) -> float | None:
    """Number table cell; empty = None."""
    return float(text) if text else None


def flag(text: str) -> bool:
    """Boolean table cell written as ``true`` or ``false``."""
    if text not in ("true", "false"):
        raise ValueError(f"expected true or false, got {text!r}")
    return text == "true"


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
    hazardous: bool | None = None,
    suffix: str = "",
) -> dict:
    """Build one stream row; the unit comes from the vocabulary.

    `hazardous` stays None (an empty cell) unless the source states the hazard, as E-PRTR's
    HW/NONHW split does: the app then derives it from the material (waste oil and spent
    solvents are hazardous in every List-of-Waste entry), as for any uploaded dataset.
    """
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


class MissingInputs(Exception):
    """Raw input files (`tables/raw_inputs.csv`) absent from the shared folder, each named with
    where it comes from."""

    def __init__(self, shared: Path, missing: list[dict[str, str]]):
        lines = [f"error: {len(missing)} raw input file(s) missing in {shared}:"]
        for row in missing:
            lines.append(f"  {row['file']} ({row['used_for']}): {row['original_source']}")
            lines.append(f"    licence: {row['licence']}")
        lines.append("Put them in one folder and run: make data SHARED=<that folder>")
        super().__init__("\n".join(lines))
        self.missing = missing


RAW_INPUTS = read_table("raw_inputs")


def check_inputs(shared: Path) -> None:
    """Raise MissingInputs unless every raw input file is in `shared`."""
    missing = [row for row in RAW_INPUTS if not (shared / row["file"]).is_file()]
    if missing:
        raise MissingInputs(shared, missing)
