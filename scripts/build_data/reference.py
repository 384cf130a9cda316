"""Reference tables: copies of the shared files and the EWC code -> material mapping.

The mapping rules are in ``tables/ewc_code_rules.csv`` (one code; empty material = no route;
checked first), ``tables/ewc_title_rules.csv`` (chapter plus a fragment of the entry title)
and ``tables/ewc_subchapter_rules.csv`` (four-digit sub-chapter). Title and sub-chapter rules
apply to hazardous entries only where ``any_hazardous`` is true.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .common import flag, read_csv, read_table, write_csv

REFERENCE_COPIES = {
    "nace_rev2.csv": "nace_rev2.csv",
    "okved2.csv": "okved2.csv",
    "ewc_list_of_waste.csv": "ewc_list_of_waste.csv",
    "bsr_admin1_regions.geojson": "regions.geojson",
    "bsr_admin1_regions.csv": "regions.csv",
    "bsr_countries.geojson": "countries.geojson",
}

NO_ROUTE = "no reuse route"

EWC_CODE_RULES: dict[str, str] = {r["code"]: r["material"] for r in read_table("ewc_code_rules")}
EWC_TITLE_RULES: list[tuple[str, str, bool, str, str]] = [
    (r["chapter"], r["title_fragment"], flag(r["any_hazardous"]), r["material"], r["note"])
    for r in read_table("ewc_title_rules")
]
EWC_SUBCHAPTER_RULES: dict[str, tuple[str, str, bool]] = {
    r["sub_chapter"]: (r["material"], r["note"], flag(r["any_hazardous"]))
    for r in read_table("ewc_subchapter_rules")
}


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
