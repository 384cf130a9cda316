"""Sankey diagrams drawn from `dashboard.analysis.sankey_links`: one plotly figure per unit, the
links as a table for export, and images rendered offline.

Text from data reaches plotly escaped with `escape_plotly` (plotly reads a subset of HTML).
"""

from __future__ import annotations

import textwrap
import warnings
from collections.abc import Mapping

import networkx as nx
import pandas as pd
import plotly.graph_objects as go

from dashboard.analysis.sankey_links import (
    COMPANY_NODE,
    COUNT,
    MATERIAL_NODE,
    OTHER,
    first_hop,
)
from dashboard.domain.labels import (
    material_label,
    provenance_label,
    sector_title,
    status_label,
    unit_label,
)
from dashboard.i18n import number, t
from dashboard.views.plotly_text import escape_plotly, separators
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


MIN_HEIGHT, MAX_HEIGHT = 420, 2400
"""Bounds of a diagram's height (px)."""
LINE_PX, LABEL_LINES, NODE_MIN_PX = 17, 3, 14
"""Height of a label line, the lines a label may take, a node's least share of its column."""
LABEL_ROOM_CHARS = 60
"""Characters of 13 px text that fit across the narrowest diagram (about 860 px): the gaps
between columns share them, two labels to a gap."""
LEGEND_PER_ROW = 4
EXPORT_WIDTH, EXPORT_CAPTION_PX = 1600, 70


def column_count(sources: list, targets: list) -> int:
    """How many columns of nodes a diagram has: its longest path, in nodes."""
    graph = nx.DiGraph(list(zip(sources, targets, strict=True)))
    if not graph or not nx.is_directed_acyclic_graph(graph):
        return 2
    return nx.dag_longest_path_length(graph) + 1


def wrapped(text: str, columns: int) -> str:
    """A label escaped and wrapped to the room its column leaves (at most LABEL_LINES lines)."""
    width = max(14, LABEL_ROOM_CHARS // (2 * max(1, columns - 1)))
    lines = textwrap.wrap(text, width, break_long_words=False) or [text]
    if len(lines) > LABEL_LINES:
        lines = [*lines[: LABEL_LINES - 1], textwrap.shorten(" ".join(lines[LABEL_LINES - 1 :]),
                                                             width, placeholder="…")]  # fmt: skip
    return "<br>".join(escape_plotly(line) for line in lines)


def node_pad(labels: list[str]) -> int:
    """Gap between the nodes of a column: the tallest label fits between two tiny nodes."""
    lines = max((label.count("<br>") + 1 for label in labels), default=1)
    return LINE_PX * lines + 4


def figure_height(links: pd.DataFrame, pad: int = LINE_PX + 4) -> int:
    """Enough height for the fullest column of nodes that their labels never overlap."""
    columns = [
        set(zip(links["source_kind"], links["source"], strict=True)),
        set(zip(links["target_kind"], links["target"], strict=True)),
    ]
    fullest = max((len(c) for c in columns), default=0)
    return int(min(MAX_HEIGHT, max(MIN_HEIGHT, 120 + (pad + NODE_MIN_PX) * fullest)))


def _legend(figure: go.Figure, materials: list[str]) -> int:
    """One legend entry per link colour, naming its materials; returns the rows it takes."""
    colours: dict[str, list[str]] = {}
    for material in materials:
        colours.setdefault(material_colour(material, 0.8), []).append(_material_text(material))
    for colour, names in colours.items():
        figure.add_trace(
            go.Scatter(
                x=[None], y=[None], mode="markers", hoverinfo="skip", showlegend=True,
                marker={"symbol": "square", "size": 12, "color": colour},
                name=escape_plotly(", ".join(dict.fromkeys(names))),
            )
        )  # fmt: skip
    return -(-len(colours) // LEGEND_PER_ROW)


def sankey_figure(
    links: pd.DataFrame, names: Mapping[str, str], unit: str, total: float | None = None
) -> go.Figure:
    """One Sankey diagram of the links in `unit`, nodes in (kind, value) order, the materials
    named in a legend; `unit` COUNT draws numbers of exchanges. `total` is the title's total
    (by default that of the links drawn)."""
    data = links[links["unit"] == unit]
    sources = list(zip(data["source_kind"], data["source"], strict=True))
    targets = list(zip(data["target_kind"], data["target"], strict=True))
    nodes = sorted(set(sources) | set(targets))
    index = {node: i for i, node in enumerate(nodes)}
    texts = [node_label(kind, value, names) for kind, value in nodes]
    columns = column_count([index[s] for s in sources], [index[x] for x in targets])
    labels = [wrapped(text, columns) for text in texts]
    hover = [escape_plotly(text) for text in texts]
    pad = node_pad(labels)
    drawn = data.loc[first_hop(data), "quantity"].sum()
    total = drawn if total is None else total
    counting = unit == COUNT
    kind = data["potential"].map({True: t("sankey.potential"), False: t("sankey.real")})
    material_text = data["material"].map(lambda m: escape_plotly(_material_text(m)))
    custom = pd.DataFrame(
        {
            "source": [hover[index[s]] for s in sources],
            "target": [hover[index[x]] for x in targets],
            "material": material_text,
            "share": (data["quantity"] / drawn * 100).round(1) if drawn else 0.0,
            "provenance": data["provenance"].map(escape_plotly),
            "kind": kind,
            "flows": data["flows"],
        }
    )
    link_colours = [
        material_colour(m, POTENTIAL_ALPHA if p else REAL_ALPHA)
        for m, p in zip(data["material"], data["potential"], strict=True)
    ]
    unit_text = t("sankey.exchanges") if counting else escape_plotly(unit_label(unit))
    figure = go.Figure(
        go.Sankey(
            arrangement="snap",
            textfont={"size": 13, "shadow": "auto"},
            node={
                "label": labels,
                "customdata": hover,
                "pad": pad,
                "thickness": 16,
                "color": "rgba(90,90,90,0.8)",
                "hovertemplate": "%{customdata}<br>%{value:,.0f} " + unit_text + "<extra></extra>",
            },
            link={
                "source": [index[s] for s in sources],
                "target": [index[x] for x in targets],
                "value": data["quantity"].tolist(),
                "label": material_text.tolist(),
                "color": link_colours,
                "arrowlen": 8,
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
    rows = _legend(figure, sorted(set(data["material"])))
    height = figure_height(data, pad) + pad // 2 + 28 * rows
    title = (
        t("sankey.count_title", total=number(total))
        if counting
        else t("sankey.title", unit=unit_text, total=number(total))
    )
    figure.update_layout(
        separators=separators(),
        title=title,
        height=height,
        margin={"l": 10, "r": 10, "t": 50, "b": 10 + pad // 2 + 28 * rows},
        font={"size": 13},
        xaxis={"visible": False},
        yaxis={"visible": False},
        plot_bgcolor="rgba(0,0,0,0)",
        legend={"orientation": "h", "x": 0, "y": 0, "yref": "container", "yanchor": "bottom",
                "title": {"text": t("sankey.legend_title")}},
    )  # fmt: skip
    return figure


def for_export(figure: go.Figure, title: str, caption: str) -> go.Figure:
    """A copy of a diagram for an image file: `title` above (the dataset and the diagram) and
    `caption` below (the filters and choices), both text the caller escaped."""
    copy = go.Figure(figure)
    bottom = (figure.layout.margin.b or 10) + EXPORT_CAPTION_PX
    height = (figure.layout.height or MIN_HEIGHT) + EXPORT_CAPTION_PX
    copy.update_layout(
        title={"text": title, "x": 0.01, "xanchor": "left"},
        height=height,
        margin={"t": 70, "b": bottom},
        width=EXPORT_WIDTH,
        paper_bgcolor="white",
        legend={"y": EXPORT_CAPTION_PX / height},
    )
    copy.add_annotation(
        text=caption, xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="bottom",
        yshift=-(bottom - 12), showarrow=False, align="left", font={"size": 12, "color": "#444"},
    )  # fmt: skip
    return copy


def export_image(figure: go.Figure, fmt: str) -> bytes:
    """PNG or SVG of a figure, EXPORT_WIDTH wide and as high as its nodes need, rendered by
    kaleido with the Chromium it finds on the PATH (the system Chromium; it works offline)."""
    height = figure.layout.height or MIN_HEIGHT
    with warnings.catch_warnings():
        # With a warm kaleido server plotly warns that options it passes are not used.
        warnings.filterwarnings("ignore", "The kopts argument", UserWarning)
        return figure.to_image(format=fmt, width=EXPORT_WIDTH, height=height, scale=1)


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


def flows_shown(links: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """Flow links as the page shows them: company names and labels, not ids (not escaped:
    a table shows text as it is)."""
    return pd.DataFrame(
        {
            "source": links["source_company"].map(lambda c: names.get(c, c)),
            "target": links["target_company"].map(lambda c: names.get(c, c)),
            "material": links["material"].map(material_label),
            "status": links["status"].map(status_label),
            "provenance": links["provenance"].map(provenance_label),
        }
    )


def links_shown(links: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """Grouped links as the page shows them: node labels, material labels, quantity and unit."""
    table = links_table(links, names)
    return table.assign(material=links["material"].map(_material_text).to_numpy())[
        ["source", "target", "material", "quantity", "unit", "flows"]
    ]
