"""A chain as a diagram: companies left to right along the chain, one labelled curved arrow per
exchange, drawn as a plotly figure (the page) or a static SVG (the printable report).

Text from data is escaped once, in the diagram (`<`, `>` and `&` only: what plotly and SVG text
both read); both renderers use it as it is.
"""

from __future__ import annotations

import html
import itertools
import math
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import networkx as nx
import plotly.graph_objects as go

from dashboard.domain.exchange import Exchange
from dashboard.domain.labels import exchange_label, material_label, quantity_text
from dashboard.views.plotly_text import escape_plotly, separators
from dashboard.views.style import DEFAULT_DASH, DIAGRAM_DASH, FALLBACK_COLOUR, LINE_STYLES

NODE_WRAP, EDGE_WRAP = 22, 26
WIDTH_PX = 1000  # about how wide the diagram is drawn (a page's column)
X_PX, Y_PX = 260, 150  # at most how far apart columns are drawn (11 px text); px per row
GAPS_PX = (30, 60, 100, 150)  # room tried under a node's name before the next node down
CHAR_PX, LINE_PX = 7, 15  # about how large label text is drawn
NAME_BELOW_PX = 14  # names hang this far under their node
ARROW_AT = (0.74, 0.84)  # the arrowhead sits between these shares of the line
LABEL_AT, MARK_AT = (0.2, 0.8), (0.1, 0.9)  # labels (numbers) go between these shares of a line
OFF_LINE_STEPS = 3  # a label beside its line rather than on it costs as much as these steps along


class Scale(NamedTuple):
    """Px per column, and how much larger than 11 px (13 px names) texts are drawn."""

    x_px: float = X_PX
    text: float = 1.0


PAGE = Scale()


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
    mark: str = ""  # a number drawn instead of the label (listed in the notes) when it did not fit


@dataclass(frozen=True)
class Note:
    text: str  # escaped lines joined by <br>: "mark: label" of numbered edges
    x: float
    y: float


@dataclass(frozen=True)
class Diagram:
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    notes: tuple[Note, ...] = ()
    scale: Scale = PAGE
    bounds: tuple[float, float, float, float] = (-0.55, -1.0, 0.55, 1.0)  # l, b, r, t in units


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


def _orders(
    order: Sequence[str], layer: Mapping[str, int], pairs: Sequence[tuple[str, str]]
) -> list[list[str]]:
    """Companies of each layer, top first: by appearance, then sorted by the mean place of their
    partners (barycentres) sweeping right, left and right again, which cuts crossings."""
    graph = nx.Graph(pairs)
    columns = max(layer.values(), default=-1) + 1
    layers = [[c for c in order if layer[c] == x] for x in range(columns)]

    def place() -> dict[str, float]:
        return {c: i - (len(cs) - 1) / 2 for cs in layers for i, c in enumerate(cs)}

    for step in (1, -1, 1, -1, 1):
        sweep = range(len(layers)) if step > 0 else range(len(layers) - 1, -1, -1)
        for x in sweep:
            at = place()
            mean = {}
            for c in layers[x]:
                near = [at[n] for n in graph[c] if (layer[n] - x) * step < 0] if c in graph else []
                mean[c] = sum(near) / len(near) if near else at[c]
            layers[x].sort(key=mean.get)
    return layers


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


def _text_box(
    x: float, y: float, lines: Sequence[str], below: float = 0.0, scale: Scale = PAGE
) -> Box:
    """The box of text lines centred on (x, y) in diagram units, or hanging `below` px under
    it."""
    width = CHAR_PX * scale.text * max((len(line) for line in lines), default=1) + 8
    height = LINE_PX * scale.text * len(lines) + 4
    cx, cy = x * scale.x_px, y * Y_PX - (below + height / 2 if below else 0.0)
    return (cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)


def _overlap(a: Box, b: Box) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def _lines(label: str) -> list[str]:
    return html.unescape(label).split("<br>")


def label_boxes(diagram: Diagram) -> dict[str, list[Box]]:
    """The estimated boxes of the diagram's texts: node names, edge labels (or their numbers)
    and notes."""
    scale = diagram.scale
    return {
        "names": [
            _text_box(n.x, n.y, _lines(n.label), NAME_BELOW_PX, scale) for n in diagram.nodes
        ],
        "labels": [
            _text_box(*e.label_at, _lines(e.mark or e.label), scale=scale) for e in diagram.edges
        ],
        "notes": [_text_box(n.x, n.y, _lines(n.text), scale=scale) for n in diagram.notes],
    }


def _label_place(
    points, lines: Sequence[str], taken: list[Box], scale: Scale = PAGE, span=LABEL_AT
) -> tuple[tuple[float, float], float]:
    """The place by the edge nearest its middle, on the line or just above or below it, where
    the label overlaps the least of the node markers, node names and labels already placed, and
    that overlap."""
    first, last = (round(s * (len(points) - 1)) for s in span)
    middle, shift = (len(points) - 1) / 2, (LINE_PX * scale.text * len(lines) + 8) / 2 / Y_PX
    places = sorted(
        ((i, side) for i in range(first, last + 1) for side in (0, 1, -1)),
        key=lambda p: abs(p[0] - middle) + OFF_LINE_STEPS * abs(p[1]),
    )
    best, best_overlap = points[len(points) // 2], math.inf
    for i, side in places:
        x, y = points[i][0], points[i][1] + side * shift
        overlap = sum(_overlap(_text_box(x, y, lines, scale=scale), other) for other in taken)
        if overlap < best_overlap:
            best, best_overlap = (x, y), overlap
        if overlap == 0:
            break
    return best, best_overlap


def _rows(
    layers: Sequence[Sequence[str]], names: Mapping[str, list[str]], gap: float, text: float
) -> dict[str, tuple[float, float]]:
    """(x, y) per company: a layer's companies top to bottom, each name's height and `gap`
    apart, centred on 0."""
    where = {}
    for x, members in enumerate(layers):
        pitch = [NAME_BELOW_PX + LINE_PX * text * len(names[c]) + 4 + gap for c in members[:-1]]
        top = sum(pitch) / 2
        for company, down in zip(members, [0.0, *itertools.accumulate(pitch)], strict=True):
            where[company] = (float(x), (top - down) / Y_PX)
    return where


def _draw(
    exchanges: Sequence[Exchange], names: Mapping[str, str], gap: float, drawn: Scale
) -> tuple[Diagram, int]:
    """The diagram with `gap` px under names, drawn `x_px` wide with texts `text` times as
    large, and how many of its labels became numbers."""
    order = list(
        dict.fromkeys(c for ex in exchanges for c in (ex.source_company, ex.target_company))
    )
    pairs = [(ex.source_company, ex.target_company) for ex in exchanges]
    layer = _layers(order, pairs)
    columns = max(layer.values(), default=0) + 1
    scale = Scale(min(X_PX * drawn.text, drawn.x_px / (columns + 0.1)), drawn.text)
    wrap = max(8, int((scale.x_px - 14) / CHAR_PX / scale.text))
    lines = {c: textwrap.wrap(str(names.get(c, c)), min(NODE_WRAP, wrap)) or [c] for c in order}
    where = _rows(_orders(order, layer, pairs), lines, gap, scale.text)
    nodes, taken = [], []
    for company in sorted(order, key=lambda c: (where[c][0], -where[c][1])):
        nodes.append(
            Node(company, "<br>".join(escape_plotly(line) for line in lines[company]),
                 *where[company])
        )  # fmt: skip
        taken += [
            _text_box(*where[company], ["xx"], scale=scale),
            _text_box(*where[company], lines[company], NAME_BELOW_PX, scale),
        ]
    edges, notes = [], []
    for ex, offset in zip(exchanges, _offsets(exchanges, layer), strict=True):
        points = _curve(where[ex.source_company], where[ex.target_company], offset)
        material = material_label(ex.material) or "?"
        text = [*textwrap.wrap(material, min(EDGE_WRAP, wrap)), quantity_text(ex.quantity, ex.unit)]
        at, overlap = _label_place(points, text, taken, scale)
        mark = ""
        if overlap:
            mark = str(len(notes) + 1)
            notes.append(f"{mark}: {material}, {text[-1]}")
            at, _ = _label_place(points, [mark], taken, scale, MARK_AT)
        taken.append(_text_box(*at, [mark] if mark else text, scale=scale))
        style = LINE_STYLES.get(ex.status, {})
        edges.append(
            Edge(
                ex.source_company,
                ex.target_company,
                "<br>".join(escape_plotly(line) for line in text),
                escape_plotly(exchange_label(ex, names)),
                ex.status,
                DIAGRAM_DASH.get(ex.status, DEFAULT_DASH),
                style.get("color", FALLBACK_COLOUR),
                points,
                at,
                mark,
            )
        )
    left, right = -0.55, columns - 0.45
    bottom = min((box[1] for box in taken), default=-Y_PX) / Y_PX - 0.1
    top = max((box[3] for box in taken), default=Y_PX) / Y_PX + 0.1
    placed = _notes(notes, left, right, bottom, scale)
    bottom = min([bottom, *(_text_box(n.x, n.y, _lines(n.text), scale=scale)[1] / Y_PX
                            for n in placed)])  # fmt: skip
    diagram = Diagram(tuple(nodes), tuple(edges), placed, scale, (left, bottom - 0.05, right, top))
    return diagram, len(notes)


def _notes(
    notes: Sequence[str], left: float, right: float, below: float, scale: Scale
) -> tuple[Note, ...]:
    """The numbered edges' labels in columns as wide as the longest, under `below`."""
    if not notes:
        return ()
    char = CHAR_PX * scale.text
    width = char * max(len(n) for n in notes) + 16
    across = max(1, min(len(notes), int((right - left) * scale.x_px // width)))
    per = -(-len(notes) // across)
    placed = []
    for k in range(across):
        lines = notes[k * per : (k + 1) * per]
        if lines:
            height = LINE_PX * scale.text * len(lines) + 4
            x = left + (k * width + (char * max(map(len, lines)) + 8) / 2) / scale.x_px
            text = "<br>".join(escape_plotly(line) for line in lines)
            placed.append(Note(text, x, below - height / 2 / Y_PX))
    return tuple(placed)


def chain_diagram(
    exchanges: Sequence[Exchange], names: Mapping[str, str], text_scale: float = 1.0,
    width_px: float = WIDTH_PX,
) -> Diagram:
    """Companies in path order (left to right by the longest path reaching them, ordered down
    each column to cut crossings) and one labelled edge per exchange, its label placed clear of
    the nodes and other labels; the room between nodes grows until labels fit, and a label that
    still does not is a number on the edge, its text in the notes below. `text_scale`: texts
    drawn that many times larger than 11 px (names 13 px), as on a slide, `width_px` wide."""
    best = None
    for gap in GAPS_PX:
        diagram, numbered = _draw(exchanges, names, gap, Scale(width_px, text_scale))
        if best is None or numbered < best[1]:
            best = diagram, numbered
        if not numbered:
            break
    return best[0]


def diagram_figure(diagram: Diagram) -> go.Figure:
    """The chain as a plotly figure: nodes, curved arrows with their labels, dashed unless the
    exchange exists."""
    traces: list[dict] = []
    annotations: list[dict] = []
    font = round(11 * diagram.scale.text)
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
                "x": edge.label_at[0], "y": edge.label_at[1], "text": edge.mark or edge.label,
                "showarrow": False, "font": {"size": font, "color": "#222"},
                "bgcolor": "rgba(255,255,255,0.7)",
            }
        )  # fmt: skip
    for note in diagram.notes:
        annotations.append(
            {
                "x": note.x, "y": note.y, "text": note.text, "showarrow": False, "align": "left",
                "font": {"size": font, "color": "#222"},
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
            "textfont": {"size": round(13 * diagram.scale.text)},
            "showlegend": False,
        }
    )
    left, bottom, right, top = diagram.bounds
    layout = {
        "separators": separators(),
        "height": max(300, round(Y_PX * (top - bottom)) + 20),
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "xaxis": {"visible": False, "range": [left, right], "fixedrange": True},
        "yaxis": {"visible": False, "range": [bottom, top], "fixedrange": True},
        "annotations": annotations,
    }
    return go.Figure({"data": traces, "layout": layout})


SVG_DASHES = {"solid": "", "dashdot": "10 4 2 4", "dot": "2 4", "dash": "8 5"}


def diagram_svg(diagram: Diagram) -> str:
    """The chain as a static inline SVG (for the printable report); every text escaped."""
    left, bottom, right, top = diagram.bounds
    width, height = round(diagram.scale.x_px * (right - left)), round(Y_PX * (top - bottom))

    def at(x: float, y: float) -> tuple[float, float]:
        return diagram.scale.x_px * (x - left), Y_PX * (top - y)

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
        parts.append(_svg_text(at(*edge.label_at), (edge.mark or edge.label).split("<br>"), True))
    for note in diagram.notes:
        lines = note.text.split("<br>")
        x, y = at(note.x, note.y)
        x -= 3.5 * max(len(html.unescape(line)) for line in lines)
        parts.append(_svg_text((x, y), lines, box=True, start=True))
    for node in diagram.nodes:
        x, y = at(node.x, node.y)
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="11" fill="#37474f"/>')
        parts.append(_svg_text((x, y + 28), node.label.split("<br>"), bold=True))
    parts.append("</svg>")
    return "".join(parts)


def _svg_text(
    where: tuple[float, float], lines: list[str], box: bool = False, bold: bool = False,
    start: bool = False,
) -> str:
    """Centred lines of already escaped text (or starting at x when `start`), on a white box
    when `box`."""
    x, y = where
    top = y - 7 * len(lines) if box else y - 10
    parts = []
    if box:
        width = 7 * max(len(html.unescape(line)) for line in lines) + 8
        parts.append(
            f'<rect x="{x - (4 if start else width / 2):.1f}" y="{top - 2:.1f}" '
            f'width="{width:.1f}" '
            f'height="{14 * len(lines) + 4}" fill="white" fill-opacity="0.85"/>'
        )
    weight = (' font-weight="bold"' if bold else "") + (
        ' text-anchor="start"' if start else ' text-anchor="middle"')
    for i, line in enumerate(lines):
        parts.append(
            f'<text x="{x:.1f}" y="{top + 11 + 14 * i:.1f}"{weight}>'
            f"{line}</text>"
        )
    return "".join(parts)
