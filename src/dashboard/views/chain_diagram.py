"""A chain as a diagram: companies left to right along the chain, one labelled curved arrow per
exchange, drawn as a plotly figure (the page) or a static SVG (the printable report).

Text from data is escaped once, in the diagram (`<`, `>` and `&` only: what plotly and SVG text
both read); both renderers use it as it is.
"""

from __future__ import annotations

import html
import math
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import networkx as nx
import plotly.graph_objects as go

from dashboard.domain.exchange import Exchange
from dashboard.domain.labels import exchange_label, material_label, quantity_text
from dashboard.views.plotly_text import escape_plotly, separators
from dashboard.views.style import DEFAULT_DASH, DIAGRAM_DASH, FALLBACK_COLOUR, LINE_STYLES

NODE_WRAP, EDGE_WRAP = 22, 26
X_PX, Y_PX = 260, 150  # about how far apart columns and rows are drawn
LABEL_SHARES = (0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74)
CHAR_PX, LINE_PX = 7, 15  # about how large label text is drawn
ARROW_AT = (0.74, 0.84)  # the arrowhead sits between these shares of the line


@dataclass(frozen=True)
class Node:
    company_id: str
    label: str  # escaped (escape_plotly), lines joined by <br>
    x: float
    y: float


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str  # escaped (escape_plotly): material<br>quantity unit
    title: str  # escaped (escape_plotly): source → material → target (quantity unit)
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
            Node(company, "<br>".join(escape_plotly(line) for line in lines), *where[company])
        )
        taken += [_text_box(*where[company], ["xx"]), _text_box(*where[company], lines, below=14)]
    edges = []
    for ex, offset in zip(exchanges, _offsets(exchanges, layer), strict=True):
        points = _curve(where[ex.source_company], where[ex.target_company], offset)
        material = material_label(ex.material) or "?"
        lines = [*textwrap.wrap(material, EDGE_WRAP), quantity_text(ex.quantity, ex.unit)]
        style = LINE_STYLES.get(ex.status, {})
        edges.append(
            Edge(
                ex.source_company,
                ex.target_company,
                "<br>".join(escape_plotly(line) for line in lines),
                escape_plotly(exchange_label(ex, names)),
                ex.status,
                DIAGRAM_DASH.get(ex.status, DEFAULT_DASH),
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
        "separators": separators(),
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
