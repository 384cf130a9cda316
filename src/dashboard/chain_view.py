"""The Chains page's figures and report as pure functions: the chain diagram (plotly and SVG),
tornado and comparison charts, map layers, and the printable HTML report.

Text from data reaches plotly and HTML escaped with `html.escape` (plotly reads a subset of
HTML in labels and ticks).
"""

from __future__ import annotations

import html
import math
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import folium
import networkx as nx
import pandas as pd
import plotly.graph_objects as go

from dashboard import map_view as mv
from dashboard.assessment import CRITERIA, ChainAssessment, Exchange, criterion_label
from dashboard.chain_members import ARROW, exchange_label, quantity_text, status_text
from dashboard.chain_tables import (
    column_labels,
    criteria_table,
    exchange_table,
    factor_sources,
    number_text,
    partner_frame,
    score_text,
    totals_table,
    totals_working,
    working_table,
)
from dashboard.dataset import Dataset
from dashboard.factors import Factors
from dashboard.i18n import t

DASH = {"existing": "solid", "planned": "dashdot", "discontinued": "dot"}
DEFAULT_DASH = "dash"  # potential flows and candidates
FALLBACK_COLOUR = "#6a1b9a"
TORNADO_TOP = 12
NODE_WRAP, EDGE_WRAP = 22, 26
X_PX, Y_PX = 260, 150  # about how far apart columns and rows are drawn
LABEL_SHARES = (0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74)
CHAR_PX, LINE_PX = 7, 15  # about how large label text is drawn
ARROW_AT = (0.74, 0.84)  # the arrowhead sits between these shares of the line


# -- the chain diagram ------------------------------------------------------------------------


@dataclass(frozen=True)
class Node:
    company_id: str
    label: str  # HTML-escaped, lines joined by <br>
    x: float
    y: float


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str  # HTML-escaped: material<br>quantity unit
    title: str  # HTML-escaped: source → material → target (quantity unit)
    status: str
    dash: str
    colour: str
    points: tuple[tuple[float, float], ...]  # along the (bent) line, source to target
    label_at: tuple[float, float]


@dataclass(frozen=True)
class Diagram:
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]

    @property
    def size(self) -> tuple[int, int]:
        """(columns, rows of the fullest column)."""
        columns: dict[float, int] = {}
        for node in self.nodes:
            columns[node.x] = columns.get(node.x, 0) + 1
        return (int(max(columns, default=0)) + 1, max(columns.values(), default=1))


def _layers(order: Sequence[str], pairs: Iterable[tuple[str, str]]) -> dict[str, int]:
    """Column of each company: the longest path reaching it once cycles are cut."""
    rank = {c: i for i, c in enumerate(order)}
    dag = nx.DiGraph()
    dag.add_nodes_from(order)
    dag.add_edges_from((u, v) for u, v in pairs if u != v)
    while True:
        try:
            cycle = nx.find_cycle(dag, source=order)
        except nx.NetworkXNoCycle:
            break
        dag.remove_edge(*cycle[-1][:2])
    layer: dict[str, int] = {}
    for node in nx.lexicographical_topological_sort(dag, key=rank.get):
        layer[node] = max((layer[p] + 1 for p in dag.predecessors(node)), default=0)
    return layer


def _positions(
    order: Sequence[str], layer: Mapping[str, int], pairs: Sequence[tuple[str, str]]
) -> dict[str, tuple[float, float]]:
    """(x, y) per company: x its layer; within a layer, rows ordered by the mean row of the
    companies sending to it (then by appearance), centred on 0, top first."""
    where: dict[str, tuple[float, float]] = {}
    for x in sorted(set(layer.values())):
        members = [c for c in order if layer[c] == x]
        height = {}
        for company in members:
            ys = [where[u][1] for u, v in pairs if v == company and u in where]
            height[company] = sum(ys) / len(ys) if ys else 0.0
        members.sort(key=lambda c: -height[c])
        for i, company in enumerate(members):
            where[company] = (float(x), (len(members) - 1) / 2 - i)
    return where


def _curve(start, end, offset: float, steps: int = 24) -> tuple[tuple[float, float], ...]:
    """Points along a quadratic curve from start to end, bent by `offset` to the left."""
    (x1, y1), (x2, y2) = start, end
    if start == end:
        return tuple(
            (x1 + 0.2 * math.sin(a / steps * 2 * math.pi),
             y1 + 0.3 * (1 - math.cos(a / steps * 2 * math.pi)))
            for a in range(steps + 1)
        )  # fmt: skip
    dx, dy = x2 - x1, y2 - y1
    length = math.hypot(dx, dy)
    cx, cy = (x1 + x2) / 2 - dy / length * offset, (y1 + y2) / 2 + dx / length * offset
    return tuple(
        ((1 - s) ** 2 * x1 + 2 * (1 - s) * s * cx + s**2 * x2,
         (1 - s) ** 2 * y1 + 2 * (1 - s) * s * cy + s**2 * y2)
        for s in (i / steps for i in range(steps + 1))
    )  # fmt: skip


def _offsets(exchanges: Sequence[Exchange], layer: Mapping[str, int]) -> list[float]:
    """Bend of each edge: parallel and opposite edges fan out, edges skipping a column arch."""
    pairs: dict[frozenset, int] = {}
    for ex in exchanges:
        pair = frozenset((ex.source_company, ex.target_company))
        pairs[pair] = pairs.get(pair, 0) + 1
    seen: dict[frozenset, int] = {}
    offsets = []
    for ex in exchanges:
        pair = frozenset((ex.source_company, ex.target_company))
        k = seen[pair] = seen.get(pair, -1) + 1
        offset = (k - (pairs[pair] - 1) / 2) * 0.3
        if (ex.source_company, ex.target_company) != tuple(sorted(pair)):
            offset = -offset
        if abs(layer[ex.target_company] - layer[ex.source_company]) > 1:
            offset += 0.45
        offsets.append(offset)
    return offsets


Box = tuple[float, float, float, float]  # left, bottom, right, top in px


def _text_box(x: float, y: float, lines: Sequence[str], below: float = 0.0) -> Box:
    """The box of text lines centred on (x, y) in diagram units, or hanging `below` px under
    it."""
    width = CHAR_PX * max((len(line) for line in lines), default=1) + 8
    height = LINE_PX * len(lines) + 4
    cx, cy = x * X_PX, y * Y_PX - (below + height / 2 if below else 0.0)
    return (cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)


def _overlap(a: Box, b: Box) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def _label_place(points, lines: Sequence[str], taken: list[Box]) -> tuple[float, float]:
    """The first point along the edge, middle first, where the label overlaps the least of the
    node markers, node names and labels already placed."""
    best, best_overlap = points[len(points) // 2], math.inf
    for share in LABEL_SHARES:
        x, y = points[round(share * (len(points) - 1))]
        box = _text_box(x, y, lines)
        overlap = sum(_overlap(box, other) for other in taken)
        if overlap < best_overlap:
            best, best_overlap = (x, y), overlap
        if overlap == 0:
            break
    taken.append(_text_box(*best, lines))
    return best


def chain_diagram(exchanges: Sequence[Exchange], names: Mapping[str, str]) -> Diagram:
    """Companies in path order (left to right by the longest path reaching them) and one
    labelled edge per exchange, its label placed clear of the nodes and other labels."""
    order = list(
        dict.fromkeys(c for ex in exchanges for c in (ex.source_company, ex.target_company))
    )
    pairs = [(ex.source_company, ex.target_company) for ex in exchanges]
    layer = _layers(order, pairs)
    where = _positions(order, layer, pairs)
    nodes, taken = [], []
    for company in sorted(order, key=lambda c: (where[c][0], -where[c][1])):
        lines = textwrap.wrap(str(names.get(company, company)), NODE_WRAP) or [company]
        nodes.append(
            Node(company, "<br>".join(html.escape(line) for line in lines), *where[company])
        )
        taken += [_text_box(*where[company], ["xx"]), _text_box(*where[company], lines, below=14)]
    edges = []
    for ex, offset in zip(exchanges, _offsets(exchanges, layer), strict=True):
        points = _curve(where[ex.source_company], where[ex.target_company], offset)
        material = mv.material_label(ex.material) or "?"
        lines = [*textwrap.wrap(material, EDGE_WRAP), quantity_text(ex.quantity, ex.unit)]
        style = mv.LINE_STYLES.get(ex.status, {})
        edges.append(
            Edge(
                ex.source_company,
                ex.target_company,
                "<br>".join(html.escape(line) for line in lines),
                html.escape(exchange_label(ex, names)),
                ex.status,
                DASH.get(ex.status, DEFAULT_DASH),
                style.get("color", FALLBACK_COLOUR),
                points,
                _label_place(points, lines, taken),
            )
        )
    return Diagram(tuple(nodes), tuple(edges))


def diagram_figure(diagram: Diagram) -> go.Figure:
    """The chain as a plotly figure: nodes, curved arrows with their labels, dashed unless the
    exchange exists."""
    traces: list[dict] = []
    annotations: list[dict] = []
    for edge in diagram.edges:
        traces.append(
            {
                "type": "scatter",
                "x": [p[0] for p in edge.points],
                "y": [p[1] for p in edge.points],
                "mode": "lines",
                "line": {"color": edge.colour, "width": 3, "dash": edge.dash},
                "hovertext": edge.title,
                "hoverinfo": "text",
                "showlegend": False,
            }
        )
        tail, head = (edge.points[round(s * (len(edge.points) - 1))] for s in ARROW_AT)
        annotations.append(
            {
                "x": head[0], "y": head[1], "ax": tail[0], "ay": tail[1], "xref": "x",
                "yref": "y", "axref": "x", "ayref": "y", "showarrow": True, "arrowhead": 2,
                "arrowsize": 1.4, "arrowwidth": 2, "arrowcolor": edge.colour, "text": "",
            }
        )  # fmt: skip
        annotations.append(
            {
                "x": edge.label_at[0], "y": edge.label_at[1], "text": edge.label,
                "showarrow": False, "font": {"size": 11, "color": "#222"},
                "bgcolor": "rgba(255,255,255,0.7)",
            }
        )  # fmt: skip
    traces.append(
        {
            "type": "scatter",
            "x": [n.x for n in diagram.nodes],
            "y": [n.y for n in diagram.nodes],
            "mode": "markers+text",
            "text": [f"<b>{n.label}</b>" for n in diagram.nodes],
            "textposition": "bottom center",
            "hovertext": [n.label for n in diagram.nodes],
            "hoverinfo": "text",
            "marker": {"size": 24, "color": "#37474f", "line": {"color": "#fff", "width": 2}},
            "textfont": {"size": 13},
            "showlegend": False,
        }
    )
    columns, rows = diagram.size
    layout = {
        "height": max(300, Y_PX * rows + 120),
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "xaxis": {"visible": False, "range": [-0.55, columns - 0.45], "fixedrange": True},
        "yaxis": {"visible": False, "range": [-rows / 2 - 0.15, rows / 2], "fixedrange": True},
        "annotations": annotations,
    }
    return go.Figure({"data": traces, "layout": layout})


SVG_DASHES = {"solid": "", "dashdot": "10 4 2 4", "dot": "2 4", "dash": "8 5"}


def diagram_svg(diagram: Diagram) -> str:
    """The chain as a static inline SVG (for the printable report); every text escaped."""
    columns, rows = diagram.size
    width, height = X_PX * columns, Y_PX * rows + 70

    def at(x: float, y: float) -> tuple[float, float]:
        return X_PX * (x + 0.5), height / 2 - 20 - y * Y_PX

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">'
    ]
    for edge in diagram.edges:
        points = [at(*p) for p in edge.points]
        dash = SVG_DASHES.get(edge.dash, "")
        style = f'stroke="{edge.colour}" stroke-width="3" fill="none"' + (
            f' stroke-dasharray="{dash}"' if dash else ""
        )
        line = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(f'<polyline points="{line}" {style}/>')
        (x1, y1), (x2, y2) = (points[round(s * (len(points) - 1))] for s in ARROW_AT)
        angle = math.degrees(math.atan2(y2 - y1, x2 - x1))
        parts.append(
            f'<path d="M -7 -6 L 7 0 L -7 6 z" fill="{edge.colour}" '
            f'transform="translate({x2:.1f},{y2:.1f}) rotate({angle:.1f})"/>'
        )
        parts.append(_svg_text(at(*edge.label_at), edge.label.split("<br>"), box=True))
    for node in diagram.nodes:
        x, y = at(node.x, node.y)
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="11" fill="#37474f"/>')
        parts.append(_svg_text((x, y + 28), node.label.split("<br>"), bold=True))
    parts.append("</svg>")
    return "".join(parts)


def _svg_text(
    where: tuple[float, float], lines: list[str], box: bool = False, bold: bool = False
) -> str:
    """Centred lines of already escaped text, on a white box when `box`."""
    x, y = where
    top = y - 7 * len(lines) if box else y - 10
    parts = []
    if box:
        width = 7 * max(len(html.unescape(line)) for line in lines) + 8
        parts.append(
            f'<rect x="{x - width / 2:.1f}" y="{top - 2:.1f}" width="{width:.1f}" '
            f'height="{14 * len(lines) + 4}" fill="white" fill-opacity="0.85"/>'
        )
    weight = ' font-weight="bold"' if bold else ""
    for i, line in enumerate(lines):
        parts.append(
            f'<text x="{x:.1f}" y="{top + 11 + 14 * i:.1f}" text-anchor="middle"{weight}>'
            f"{line}</text>"
        )
    return "".join(parts)


# -- charts -----------------------------------------------------------------------------------


def parameter_labels(parameters: Iterable[str], factors: Factors) -> dict[str, str]:
    """'distance' and factor ids -> readable labels: 'ef_virgin.steam (201.96 kg CO2e/MWh)'."""
    labels = {}
    for parameter in parameters:
        factor = factors.get(parameter)
        if factor is None:
            labels[parameter] = (
                t("chainsui.parameter.distance") if parameter == "distance" else (parameter)
            )
        else:
            labels[parameter] = f"{parameter} ({number_text(factor.value)} {factor.unit})"
    return labels


def tornado_rows(
    sensitivity: pd.DataFrame,
    output: str,
    labels: Mapping[str, str] | None = None,
    top: int = TORNADO_TOP,
) -> pd.DataFrame:
    """The `top` known parameters of one output, largest swing first, with their labels."""
    part = sensitivity[sensitivity["output"] == output].dropna(subset=["base", "low", "high"])
    part = part.astype({"base": float, "low": float, "high": float})
    part = part.assign(swing=(part["high"] - part["low"]).abs())
    part = part.sort_values(["swing", "parameter"], ascending=[False, True], kind="stable")
    part = part[part["swing"] > 0].head(top)
    labels = labels or {}
    return part.assign(label=part["parameter"].map(lambda p: labels.get(p, p))).reset_index(
        drop=True
    )


def tornado_figure(rows: pd.DataFrame, title: str, unit: str, percent: float) -> go.Figure:
    """Horizontal bars from the base value to the value at -percent and at +percent, the
    parameter with the largest swing on top."""
    labels = [html.escape(str(label)) for label in rows["label"]]
    figure = go.Figure()
    for column, name, colour in (
        ("low", f"−{percent:g} %", "#1f77b4"),
        ("high", f"+{percent:g} %", "#d62728"),
    ):
        figure.add_trace(
            go.Bar(
                y=labels,
                x=rows[column] - rows["base"],
                base=rows["base"],
                orientation="h",
                name=name,
                marker_color=colour,
                hovertemplate=f"%{{y}}<br>{html.escape(name)}: %{{customdata:,.1f}} "
                f"{html.escape(unit)}<extra></extra>",
                customdata=rows[column],
            )
        )
    if len(rows):
        figure.add_vline(x=float(rows["base"].iloc[0]), line_color="#333", line_width=1)
    figure.update_layout(
        title=html.escape(title),
        barmode="overlay",
        height=max(260, 34 * len(rows) + 130),
        yaxis={"autorange": "reversed", "automargin": True},
        xaxis={"title": html.escape(unit), "tickformat": ",.0f"},
        margin={"l": 10, "r": 10, "t": 50, "b": 40},
        legend={"orientation": "h", "y": -0.2},
    )
    return figure


def comparison_figure(frame: pd.DataFrame, names: Mapping[str, str]) -> go.Figure:
    """Horizontal grouped bars: each criterion's score and the MCA score, one colour per chain;
    an unknown score has no bar."""
    criteria = [*CRITERIA, "score"]
    labels = [html.escape(criterion_label(c)) for c in CRITERIA]
    labels.append(f"<b>{html.escape(t('chainsui.mca_score'))}</b>")
    figure = go.Figure()
    for _, row in frame.iterrows():
        name = textwrap.shorten(str(names.get(row["chain"], row["chain"])), 80)
        figure.add_trace(
            go.Bar(
                y=labels,
                x=[row[c] for c in criteria],
                name=html.escape(name),
                orientation="h",
                hovertemplate="%{y}: %{x:.2f}<extra>%{fullData.name}</extra>",
            )
        )
    figure.update_layout(
        barmode="group",
        height=140 + len(criteria) * (12 * max(len(frame), 1) + 14),
        xaxis={"range": [0, 1], "title": t("chainsui.score_axis"), "side": "top"},
        yaxis={"autorange": "reversed", "automargin": True},
        legend={"orientation": "h", "yanchor": "top", "y": -0.02, "xanchor": "left", "x": 0},
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
    )
    return figure


# -- map --------------------------------------------------------------------------------------

MAP_WIDTHS = (2.5, 6.0, 3.0)  # thinnest, thickest, without a quantity (px)
LEGEND_ROOM = 0.5  # share of the chain's width added on the right
LINE_COLUMNS = [
    "source_name", "target_name", "status", "material", "quantity", "unit", "source_lat",
    "source_lon", "target_lat", "target_lon",
]  # fmt: skip


def map_lines(exchanges: Sequence[Exchange], dataset: Dataset) -> pd.DataFrame:
    """The exchanges with both ends located: names, coordinates, status, material, quantity."""
    companies = dataset.companies.set_index("company_id")
    rows = []
    for ex in exchanges:
        if ex.source_company in companies.index and ex.target_company in companies.index:
            a, b = companies.loc[ex.source_company], companies.loc[ex.target_company]
            rows.append(
                [a["name"], b["name"], ex.status, ex.material, ex.quantity, ex.unit,
                 a["lat"], a["lon"], b["lat"], b["lon"]]
            )  # fmt: skip
    frame = pd.DataFrame(rows, columns=LINE_COLUMNS)
    return frame.dropna(subset=["source_lat", "source_lon", "target_lat", "target_lon"])


def chain_map(exchanges: Sequence[Exchange], dataset: Dataset) -> folium.Map:
    """The base map (bundled boundaries, local Leaflet) fitted to the chain's companies, with
    room on the right for the legends."""
    ids = {c for ex in exchanges for c in (ex.source_company, ex.target_company)}
    (south, west), (north, east) = mv.data_bounds(
        dataset.companies[dataset.companies["company_id"].isin(ids)]
    )
    return mv.base_map([[south, west], [north, east + LEGEND_ROOM * (east - west)]])


def map_layers(exchanges: Sequence[Exchange], dataset: Dataset) -> list[folium.FeatureGroup]:
    """Only the chain's companies and links: lines styled by status as on the Map page."""
    ids = {c for ex in exchanges for c in (ex.source_company, ex.target_company)}
    companies = dataset.companies[dataset.companies["company_id"].isin(ids)]
    lines = map_lines(exchanges, dataset)
    group = folium.FeatureGroup(name="chain_links")
    widths = mv.line_widths(lines["quantity"], lines["unit"], MAP_WIDTHS)
    statuses = list(dict.fromkeys(lines["status"]))
    for status in statuses:
        part = lines["status"] == status
        tooltips = [
            mv.html_lines(
                f"{row['source_name']}{ARROW}{row['target_name']}",
                status_text(status),
                f"{mv.material_label(row['material'])} {mv.amount(row['quantity'], row['unit'])}",
            )
            for _, row in lines[part].iterrows()
        ]
        style = mv.LINE_STYLES.get(status, mv.LINE_STYLES["potential"])
        mv.Lines(mv.line_rows(lines[part], widths[part], tooltips), **style).add_to(group)
    legend_statuses = [s for s in statuses if s in mv.FLOW_STATUSES]
    return [
        group,
        mv.company_layer(companies, dataset.streams, "t/yr"),
        mv.lines_legend_layer(legend_statuses, "candidate" in statuses),
    ]


# -- printable report -------------------------------------------------------------------------

REPORT_CSS = """
body { font: 13px/1.45 system-ui, sans-serif; color: #222; margin: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 22px 0 6px; }
h3 { font-size: 14px; margin: 14px 0 4px; }
table { border-collapse: collapse; margin: 6px 0 12px; width: 100%; }
th, td { border: 1px solid #bbb; padding: 3px 6px; text-align: left; vertical-align: top; }
td.u { overflow-wrap: anywhere; min-width: 10em; }
th { background: #eef1f4; } td.n { text-align: right; white-space: nowrap; }
.muted { color: #666; } svg { max-width: 100%; height: auto; }
@media print { h2 { break-after: avoid; } tr { break-inside: avoid; } }
"""


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "<td></td>"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f'<td class="n">{html.escape(number_text(float(value)))}</td>'
    text = str(value)
    kind = ' class="u"' if text.startswith(("http://", "https://")) else ""
    return f"<td{kind}>{html.escape(text)}</td>"


def html_table(frame: pd.DataFrame, labels: Mapping[str, str] | None = None) -> str:
    """An HTML table of a frame; every heading and cell escaped, empty cells for unknown."""
    labels = labels or {}
    head = "".join(f"<th>{html.escape(str(labels.get(c, c)))}</th>" for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(_cell(v) for v in row) + "</tr>"
        for row in frame.itertuples(index=False, name=None)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _by_exchange(
    chain: ChainAssessment, names: Mapping[str, str], labels: Mapping[str, str]
) -> pd.DataFrame:
    """The exchange table turned for print: a row per result, a column per numbered exchange."""
    table = exchange_table(chain, names).drop(columns="exchange")
    turned = table.T.astype(object)
    turned.columns = [f"#{i}" for i in range(1, len(table) + 1)]
    turned.insert(0, "", [labels.get(c, c) for c in table.columns])
    return turned


def report_html(
    *,
    title: str,
    dataset_title: str,
    chain: ChainAssessment,
    names: Mapping[str, str],
    factors: Factors,
    scores: Mapping[str, float | None],
    weights: Mapping[str, float],
    mca: tuple[float | None, float],
    generated: datetime,
) -> str:
    """A standalone, printable HTML report of a chain's assessment: the chain, its totals,
    each exchange and partner, the multi-criteria view, the working and the factors' sources.
    No scripts and no external files; every text from data is escaped."""
    labels = column_labels()
    e = html.escape
    score, coverage = mca
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(title)}</title><style>{REPORT_CSS}</style></head><body>",
        f"<h1>{e(title)}</h1>",
        f'<p class="muted">{e(t("chainsui.report.meta", dataset=dataset_title))} · '
        f"{e(generated.strftime('%Y-%m-%d %H:%M'))}</p>",
        f"<p>{e(t('chainsui.report.method'))}</p>",
        f"<h2>{e(t('chainsui.report.chain'))}</h2>",
        diagram_svg(chain_diagram([a.exchange for a in chain.assessments], names)),
        "<ol>"
        + "".join(f"<li>{e(exchange_label(a.exchange, names))}</li>" for a in chain.assessments)
        + "</ol>",
        f"<h2>{e(t('chainsui.totals'))}</h2>",
        html_table(totals_table(chain), labels),
        f"<h2>{e(t('chainsui.per_exchange'))}</h2>",
        html_table(_by_exchange(chain, names, labels)),
        f"<h2>{e(t('chainsui.per_partner'))}</h2>",
        html_table(partner_frame(chain, names), labels),
        f"<h2>{e(t('chainsui.mca.heading'))}</h2>",
        f"<p>{e(t('chainsui.report.mca', score=score_text(score), coverage=f'{coverage:.0%}'))}"
        "</p>",
        html_table(criteria_table(scores, weights), labels),
        f"<h2>{e(t('chainsui.working.heading'))}</h2>",
    ]
    for a in chain.assessments:
        parts.append(f"<h3>{e(exchange_label(a.exchange, names))}</h3>")
        parts.append(html_table(working_table(a, factors), labels))
    parts.append(f"<h3>{e(t('chainsui.total'))}</h3>")
    parts.append(html_table(totals_working(chain, names), labels))
    parts.append(f"<h2>{e(t('chainsui.report.sources'))}</h2>")
    parts.append(html_table(factor_sources(chain, factors), labels))
    parts.append("</body></html>")
    return "\n".join(parts)
