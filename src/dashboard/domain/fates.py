"""What happens to a residue without an exchange (its *fate*), and what a residue can be used
as at a receiver: the vocabularies of the optional flow columns `fate` and `use`."""

from __future__ import annotations

from functools import cache

from dashboard.domain import reference

LANDFILL, INCINERATION, WASTEWATER = "landfill", "incineration", "wastewater_treatment"
MARKET, ON_SITE, NO_FATE = "market", "on_site_energy", "none"
DISPOSAL_FATES = (LANDFILL, INCINERATION, WASTEWATER)
FATES = (*DISPOSAL_FATES, MARKET, ON_SITE, NO_FATE)


@cache
def uses() -> tuple[str, ...]:
    """Every use a flow or want may declare: a material id, a use of `uses.csv`, a fate."""
    found = set(reference.materials().index) | set(reference.uses()["use"]) | set(FATES)
    return tuple(sorted(found))
