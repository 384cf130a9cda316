"""Sankey links: a declarative view definition and the links it groups the flows into.

Following floweaver's split, a `SankeyDefinition` says what the diagram groups by (companies,
sectors, or sectors through materials), `sankey_links` turns flows into links under it, and
`dashboard.views.sankey_figure` draws them. A node is a (kind, value) pair, kept in the columns
`source_kind`/`source` and `target_kind`/`target`.

Quantities are aggregated per unit only; each unit gets its own diagram, and any grouping keeps
every unit's total exactly. Flows with an unknown quantity are set apart, never drawn as zero;
`count_links` draws every flow, known or not, by number of exchanges instead (the structure).
`split_loops` sets apart the links that close a loop (a company to itself, or back along a
cycle), which a Sankey diagram cannot draw as a flow from left to right.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.analysis.chains import back_edges
from dashboard.domain.statuses import CANDIDATE, COVERING, REAL

COMPANY, SECTOR, MATERIAL = "company", "sector", "material"
VIEWS = (COMPANY, SECTOR, MATERIAL)
SECTOR_LEVELS = ("section", "division")
OTHER = "__other__"
COUNT = "__count__"
"""The unit of a structure diagram: quantities are numbers of exchanges."""

# Node kinds, in the order their nodes are drawn.
COMPANY_NODE, MATERIAL_NODE = "company", "material"
OTHER_SOURCE, OTHER_TARGET = "other_source", "other_target"
SOURCE_SECTOR, TARGET_SECTOR = "source_sector", "target_sector"
NODE_KINDS = (COMPANY_NODE, MATERIAL_NODE, OTHER_SOURCE, OTHER_TARGET, SOURCE_SECTOR, TARGET_SECTOR)

LINK_COLUMNS = [
    "flow_id", "source_company", "target_company", "material", "quantity", "unit", "status",
    "provenance", "potential",
]  # fmt: skip
KEYS = ["unit", "source_kind", "source", "target_kind", "target", "material", "potential"]


@dataclass(frozen=True)
class SankeyDefinition:
    """What a diagram groups by.

    `view`: `company` (company to company), `sector` (sector to sector) or `material` (source
    sector -> material -> target sector); `sector_level`: NACE `section` or `division`;
    `other_below`: links under this share of their unit's total go into one "other" link.
    """

    view: str = COMPANY
    sector_level: str = "section"
    other_below: float = 0.0

    def __post_init__(self) -> None:
        if self.view not in VIEWS:
            raise ValueError(self.view)
        if self.sector_level not in SECTOR_LEVELS:
            raise ValueError(self.sector_level)


def flow_links(
    flows: pd.DataFrame,
    statuses: tuple[str, ...] = COVERING,
    candidates: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Flows of the chosen statuses, plus matching candidates as potential links."""
    chosen = flows[flows["status"].isin(statuses)]
    links = chosen.assign(potential=~chosen["status"].isin(REAL))[LINK_COLUMNS]
    if candidates is not None and len(candidates):
        extra = pd.DataFrame(
            {
                "flow_id": candidates["have_stream_id"] + "→" + candidates["want_stream_id"],
                "source_company": candidates["source_company"],
                "target_company": candidates["target_company"],
                "material": candidates["have_material"],
                "quantity": candidates["quantity"].astype(float),
                "unit": candidates["unit"],
                "status": CANDIDATE,
                "provenance": "estimated",
                "potential": True,
            }
        )
        links = pd.concat([links, extra], ignore_index=True)
    return links.reset_index(drop=True)


def split_unknown(links: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(links with a quantity and unit, links whose quantity is unknown)."""
    known = links["quantity"].notna() & links["unit"].notna()
    return links[known].reset_index(drop=True), links[~known].reset_index(drop=True)


def count_links(links: pd.DataFrame) -> pd.DataFrame:
    """Every link, whatever its quantity, as one exchange in the unit COUNT."""
    return links.assign(quantity=1.0, unit=COUNT)


def split_loops(grouped: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(links to draw, links closing a loop): per unit, a link from a node to itself and the
    links that close a cycle between nodes (depth-first, in sorted order) are set apart."""
    index = grouped.index
    nodes = pd.Series(list(zip(grouped["source_kind"], grouped["source"], strict=True)), index)
    ends = pd.Series(list(zip(grouped["target_kind"], grouped["target"], strict=True)), index)
    loop = pd.Series(False, index=index)
    for _, part in grouped.groupby("unit"):
        pairs = list(zip(nodes[part.index], ends[part.index], strict=True))
        back = back_edges(pairs)
        loop[part.index] = [pair in back for pair in pairs]
    return (
        grouped[~loop].reset_index(drop=True),
        grouped[loop].reset_index(drop=True),
    )


def sankey_links(
    links: pd.DataFrame, companies: pd.DataFrame, definition: SankeyDefinition
) -> pd.DataFrame:
    """Known-quantity links grouped as `definition` says, one unit at a time.

    Columns: unit, source_kind, source, target_kind, target, material, potential, quantity,
    flows (how many input links each carries), provenance (their provenances, joined).
    """
    frame = links.assign(flows=1, provenance=links["provenance"].fillna(""))
    if definition.view == COMPANY:
        frame = frame.assign(
            source_kind=COMPANY_NODE,
            source=frame["source_company"],
            target_kind=COMPANY_NODE,
            target=frame["target_company"],
        )
    else:
        column = "nace_section" if definition.sector_level == "section" else "nace_division"
        sectors = companies.set_index("company_id")[column].fillna("?")
        frame = frame.assign(
            source_kind=SOURCE_SECTOR,
            source=frame["source_company"].map(sectors).fillna("?"),
            target_kind=TARGET_SECTOR,
            target=frame["target_company"].map(sectors).fillna("?"),
        )
    grouped = _other(_bundle(frame), definition.other_below)
    if definition.view == MATERIAL:
        grouped = _through_materials(grouped)
    return grouped.sort_values(KEYS).reset_index(drop=True)


def first_hop(links: pd.DataFrame) -> pd.Series:
    """Which links leave a source node (not a material node): their quantities make the total."""
    return links["source_kind"] != MATERIAL_NODE


def _bundle(frame: pd.DataFrame) -> pd.DataFrame:
    """Links with the same ends, material, unit and kind merged: quantities and counts added,
    provenances joined."""
    return (
        frame.groupby(KEYS, sort=True)
        .agg(
            quantity=("quantity", "sum"),
            flows=("flows", "sum"),
            provenance=("provenance", _provenances),
        )
        .reset_index()
    )


def _provenances(values: pd.Series) -> str:
    parts = {part for value in values for part in value.split(", ") if part}
    return ", ".join(sorted(parts))


def _other(grouped: pd.DataFrame, other_below: float) -> pd.DataFrame:
    """Links under `other_below` of their unit's total merged into one "other" link."""
    if other_below <= 0 or grouped.empty:
        return grouped
    totals = grouped.groupby("unit")["quantity"].transform("sum")
    small = grouped["quantity"] < other_below * totals
    if not small.any():
        return grouped
    bucket = grouped[small].assign(
        source_kind=OTHER_SOURCE, source=OTHER, target_kind=OTHER_TARGET, target=OTHER,
        material=OTHER,
    )  # fmt: skip
    return pd.concat([grouped[~small], _bundle(bucket)], ignore_index=True)


def _through_materials(grouped: pd.DataFrame) -> pd.DataFrame:
    """Each sector-to-sector link split into source sector -> material -> target sector."""
    into = grouped.assign(target_kind=MATERIAL_NODE, target=grouped["material"])
    out = grouped.assign(source_kind=MATERIAL_NODE, source=grouped["material"])
    return _bundle(pd.concat([into, out], ignore_index=True))
