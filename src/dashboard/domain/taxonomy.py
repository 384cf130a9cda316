"""The material taxonomy: which have satisfies which want, transport distances, handling.

Pure functions over `data/reference/materials.csv` (see `reference.materials`). A have matches a
want of the same material ("exact") or of a material its `satisfies` column lists ("substitute").
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from dashboard.domain import reference

EXACT = "exact"
SUBSTITUTE = "substitute"
NO_HANDLING = "none"


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


def is_compatible(have: str, want: str) -> bool:
    return compatibility(have, want) is not None


def max_distance_km(material: str) -> float:
    """Typical maximum economic transport distance of a material; KeyError when unknown."""
    return float(vocabulary().at[material, "max_distance_km"])


def hazardous_handling(material: str) -> str:
    """What moving the material needs beyond ordinary transport, or "none"."""
    return vocabulary().at[material, "hazardous_handling"]


def description(material: str) -> str:
    """One sentence describing the material for a facilitator."""
    return vocabulary().at[material, "description"]

