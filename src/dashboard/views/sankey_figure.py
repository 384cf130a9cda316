"""Sankey diagrams drawn from `dashboard.analysis.sankey_links`: one plotly figure per unit, the
links as a table for export, and images rendered offline.

Text from data reaches plotly escaped with `escape_plotly` (plotly reads a subset of HTML).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from dashboard.analysis.sankey_links import (
    COMPANY_NODE,
    MATERIAL_NODE,
    OTHER,
    first_hop,
)
from dashboard.domain.labels import material_label, sector_title
from dashboard.i18n import number, t
from dashboard.views.plotly_text import escape_plotly
from dashboard.views.style import material_colour

REAL_ALPHA, POTENTIAL_ALPHA = 0.5, 0.2
SECTOR_TITLE_CHARS = 32
TABLE_COLUMNS = ["unit", "source", "target", "material", "quantity", "potential", "flows",
                 "provenance"]  # fmt: skip


def node_label(kind: str, value: str, names: Mapping[str, str]) -> str:
    """Readable label of a node (not escaped): a company's name, a material, a sector."""
    if value == OTHER:
        return t("sankey.other")
    if kind == COMPANY_NODE:
        return str(names.get(value, value))
    if kind == MATERIAL_NODE:
        return material_label(value)
    title = sector_title(value)
    short = title if len(title) <= SECTOR_TITLE_CHARS else title[: SECTOR_TITLE_CHARS - 1] + "…"
    return f"{value} {short}".strip()


def _material_text(material: str) -> str:
    return t("sankey.other") if material == OTHER else material_label(material)


def sankey_figure(links: pd.DataFrame, names: Mapping[str, str], unit: str) -> go.Figure:
    """One Sankey diagram of the links in `unit`; nodes in (kind, value) order."""
    data = links[links["unit"] == unit]
    sources = list(zip(data["source_kind"], data["source"], strict=True))
    targets = list(zip(data["target_kind"], data["target"], strict=True))
    nodes = sorted(set(sources) | set(targets))
    index = {node: i for i, node in enumerate(nodes)}
    labels = [escape_plotly(node_label(kind, value, names)) for kind, value in nodes]
    total = data.loc[first_hop(data), "quantity"].sum()
    kind = data["potential"].map({True: t("sankey.potential"), False: t("sankey.real")})
    custom = pd.DataFrame(
        {
            "source": [labels[index[s]] for s in sources],
            "target": [labels[index[x]] for x in targets],
            "material": data["material"].map(lambda m: escape_plotly(_material_text(m))),
            "share": (data["quantity"] / total * 100).round(1) if total else 0.0,
            "provenance": data["provenance"].map(escape_plotly),
            "kind": kind,
            "flows": data["flows"],
        }
    )
    link_colours = [
        material_colour(m, POTENTIAL_ALPHA if p else REAL_ALPHA)
        for m, p in zip(data["material"], data["potential"], strict=True)
    ]
    unit_text = escape_plotly(unit)
    figure = go.Figure(
        go.Sankey(
            arrangement="snap",
            node={
                "label": labels,
                "pad": 12,
                "thickness": 14,
                "color": "rgba(90,90,90,0.8)",
                "hovertemplate": "%{label}<br>%{value:,.0f} " + unit_text + "<extra></extra>",
            },
            link={
                "source": [index[s] for s in sources],
                "target": [index[x] for x in targets],
                "value": data["quantity"].tolist(),
                "color": link_colours,
                "customdata": custom.to_numpy(),
                "hovertemplate": (
                    "%{customdata[0]} → %{customdata[1]}<br>%{customdata[2]}: %{value:,.0f} "
                    + unit_text
                    + "<br>"
                    + t("sankey.hover_share")
                    + ": %{customdata[3]} %<br>%{customdata[5]} · %{customdata[6]} "
                    + t("sankey.hover_flows")
                    + "<br>"
                    + t("sankey.hover_provenance")
                    + ": %{customdata[4]}<extra></extra>"
                ),
            },
        )
    )
    figure.update_layout(
        title=t("sankey.title", unit=unit_text, total=number(total)),
        height=max(360, 28 * len(nodes)) if len(nodes) < 40 else 1100,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        font={"size": 13},
    )
    return figure


def export_image(figure: go.Figure, fmt: str) -> bytes:
    """PNG or SVG of a figure, rendered by kaleido with the Chromium it finds on the PATH (the
    system Chromium; it works offline)."""
    return figure.to_image(format=fmt, width=1400, height=figure.layout.height or 700, scale=1)


def links_table(links: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """The diagram's links with readable labels, for a CSV export."""
    table = links.assign(
        source=[
            node_label(k, v, names)
            for k, v in zip(links["source_kind"], links["source"], strict=True)
        ],
        target=[
            node_label(k, v, names)
            for k, v in zip(links["target_kind"], links["target"], strict=True)
        ],
        material=links["material"].replace(OTHER, t("sankey.other")),
    )
    return table[TABLE_COLUMNS]
