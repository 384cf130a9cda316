"""What the public tier must never show of a bundled dataset's confidential companies, and a
search for it in any text: the AppTest and the browser leak tests share it."""

from __future__ import annotations

import struct

import pandas as pd

from dashboard.domain.anonymise import confidential
from dashboard.domain.places import places
from dashboard.domain.reference import DATASETS_DIR
from dashboard.io.datasets import load_path

CASE_PAGES = ("examples.py", "present.py", "about.py")
"""Pages that show the documented cases, whose companies their published sources name."""

PUBLISHED = "\n".join(
    p.read_text(encoding="utf-8") for p in (DATASETS_DIR.parent / "cases").glob("*")
)
"""The documented cases: a company they name (from its published source) may be shown."""


def secrets_of(dataset_id: str, cases: bool = False) -> dict[str, set[str]]:
    """What the public tier must never show of a dataset's confidential companies (with
    `cases`, on a page that shows the documented cases: a name they publish aside)."""
    dataset, _ = load_path(DATASETS_DIR / dataset_id)
    companies = dataset.companies
    hidden = companies[confidential(companies)]
    towns = places()
    town_points = {(round(a, 4), round(b, 4)) for a, b in zip(towns["lat"], towns["lon"],
                                                             strict=True)}  # fmt: skip
    names = {str(n) for n in hidden["name"]
             if len(str(n)) >= 6 and not (cases and str(n) in PUBLISHED)}  # fmt: skip
    points = set()
    for lat, lon in zip(hidden["lat"], hidden["lon"], strict=True):
        if (round(lat, 4), round(lon, 4)) not in town_points:
            points |= {
                form
                for v in (lat, lon)
                if len(f"{v}".partition(".")[2]) >= 4
                for form in (f"{v}", f"{v}".replace(".", ","))
            }
    ids = set(hidden["company_id"])
    streams = dataset.streams[dataset.streams["company_id"].isin(ids)]
    quantities = set()
    for q in pd.to_numeric(streams["quantity"], errors="coerce").dropna():
        digits = f"{q:f}".replace(".", "").strip("0")  # significant digits, 1e6 -> "1"
        if len(digits) >= 4:
            quantities |= {f"{q:.12g}", f"{q:,.12g}", f"{q:,.12g}".replace(",", "\u00a0")}
    return {"name": names, "point": points, "quantity": quantities}


def leaks(text: str, secret: dict[str, set[str]]) -> dict[str, list[str]]:
    return {kind: sorted(v for v in values if v in text)[:5]
            for kind, values in secret.items() if any(v in text for v in values)}  # fmt: skip


def doubles(secret: dict[str, set[str]]) -> dict[float, bytes]:
    """The secret figures and how Arrow tables carry them: as little-endian doubles."""
    figures = {float(v.replace(",", "").replace("\u00a0", "")) for v in secret["quantity"]}
    figures |= {float(v) for v in secret["point"] if "," not in v}
    return {f: struct.pack("<d", f) for f in figures}
