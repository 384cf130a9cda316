"""The material taxonomy: which have satisfies which want, transport distances, handling.

Pure functions over `data/reference/materials.csv` (see `reference.materials`). A have matches a
want of the same material ("exact") or of a material its `satisfies` column lists ("substitute").
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from dashboard.domain import reference
from dashboard.i18n import language

EXACT = "exact"
SUBSTITUTE = "substitute"
NO_HANDLING = "none"

WARM_WATER_DELTA_K = 8.0
"""Warming of cooling water assumed where heat meets a warm-water want (data/SOURCES.md)."""
WARM_WATER_M3_PER_MWH = 3600 / (4.186 * WARM_WATER_DELTA_K)
"""m3 of water 1 MWh of heat warms by WARM_WATER_DELTA_K: 3,600 MJ / (4.186 MJ/m3K x 8 K)."""


@cache
def vocabulary() -> pd.DataFrame:
    """The material vocabulary indexed by id, with `max_distance_km` as a number."""
    table = reference.materials().copy()
    table["max_distance_km"] = pd.to_numeric(table["max_distance_km"], errors="raise")
    return table


@cache
def _compatibilities() -> dict[tuple[str, str], str]:
    table = vocabulary()
    found = {(material, material): EXACT for material in table.index}
    for have, wants in table["satisfies"].items():
        for want in wants:
            if want in table.index and want != have:
                found[(have, want)] = SUBSTITUTE
    return found


@cache
def compatibility_table() -> pd.DataFrame:
    """Every compatible (have_material, want_material) pair with its kind, exact or substitute.

    The frame is cached and shared: copy it before changing it.
    """
    rows = sorted((have, want, kind) for (have, want), kind in _compatibilities().items())
    return pd.DataFrame(rows, columns=["have_material", "want_material", "compatibility"])


def compatibility(have: str, want: str) -> str | None:
    """`"exact"`, `"substitute"`, or None when a have of `have` cannot meet a want of `want`."""
    return _compatibilities().get((have, want))


@cache
def _hazard_by_material() -> dict[str, bool]:
    ewc, codes = reference.ewc_list(), reference.ewc_materials()
    flags: dict[str, list[bool]] = {}
    for code, material in codes.items():
        if material and code in ewc.index:
            flags.setdefault(material, []).append(bool(ewc.at[code, "hazardous"]))
    return {material: all(found) for material, found in flags.items()}


def hazardous_by_default(material: object) -> bool:
    """True when every List-of-Waste entry mapped to the material is hazardous (waste oil,
    spent solvents): the hazard of a stream that has neither an EWC code nor a flag."""
    return _hazard_by_material().get(material, False) if isinstance(material, str) else False


def unit_factor(have_unit: str, want_unit: str) -> float | None:
    """Want units one have unit meets: 1 for the same unit; heat in MWh meets a want of warm
    water in m3 (WARM_WATER_M3_PER_MWH); None when the units cannot meet."""
    if have_unit == want_unit:
        return 1.0
    if (have_unit, want_unit) == ("MWh/yr", "m3/yr"):
        return WARM_WATER_M3_PER_MWH
    return None


def is_compatible(have: str, want: str) -> bool:
    return compatibility(have, want) is not None


def max_distance_km(material: str) -> float:
    """Typical maximum economic transport distance of a material; KeyError when unknown."""
    return float(vocabulary().at[material, "max_distance_km"])


def hazardous_handling(material: str, lang: str | None = None) -> str:
    """What moving the material needs beyond ordinary transport, in the language (default the
    current one; `hazardous_handling_ru` in Russian when there is one), or "none" in every
    language; KeyError when the material is unknown."""
    return _translated(material, "hazardous_handling", lang)


def description(material: str, lang: str | None = None) -> str:
    """One sentence describing the material for a facilitator, in the language (default the
    current one): `description_ru` in Russian when the vocabulary has one, else `description`;
    KeyError when the material is unknown."""
    return _translated(material, "description", lang)


def _translated(material: str, column: str, lang: str | None) -> str:
    """The vocabulary's `column` of a material, its `<column>_ru` in Russian when not empty."""
    table = vocabulary()
    english = table.at[material, column]
    if (lang or language()) != "ru" or f"{column}_ru" not in table.columns:
        return english
    return table.at[material, f"{column}_ru"] or english
