"""Colours and line styles shared by the maps, diagrams and charts."""

from __future__ import annotations

from dashboard.domain.reference import materials
from dashboard.domain.statuses import CANDIDATE, DISCONTINUED, EXISTING, PLANNED, POTENTIAL

SECTION_COLOURS = {
    "A": "#4daf4a", "B": "#8c564b", "C": "#1f77b4", "D": "#d62728", "E": "#17becf",
    "F": "#ff7f0e", "G": "#bcbd22", "H": "#9467bd", "I": "#e377c2", "J": "#7f7f7f",
    "K": "#aec7e8", "L": "#ffbb78", "M": "#98df8a", "N": "#ff9896", "O": "#c5b0d5",
    "P": "#c49c94", "Q": "#f7b6d2", "R": "#dbdb8d", "S": "#9edae5", "T": "#393b79",
    "U": "#637939",
}  # fmt: skip
UNKNOWN_COLOUR = "#444444"

LINE_STYLES = {
    EXISTING: {"color": "#1b5e20", "dash_array": None},
    PLANNED: {"color": "#e65100", "dash_array": "10 7"},
    POTENTIAL: {"color": "#6a1b9a", "dash_array": "2 7"},
    CANDIDATE: {"color": "#ad1457", "dash_array": "1 6"},
}
"""Map lines per status: Leaflet colour and dash pattern."""
FALLBACK_COLOUR = "#6a1b9a"
DIAGRAM_DASH = {EXISTING: "solid", PLANNED: "dashdot", DISCONTINUED: "dot"}
"""Plotly dash of a chain diagram's edge per status."""
DEFAULT_DASH = "dash"
"""Diagram dash of potential flows and candidates."""

CHOROPLETH_COLOURS = ("#fff5eb", "#fdd0a2", "#fd8d3c", "#d94801", "#7f2704")

PROVENANCE_COLOURS = {
    "documented": "#1b7837",
    "reported": "#5aae61",
    "estimated": "#f1a340",
    "synthetic": "#998ec3",
    "unspecified": "#bababa",
}

GROUP_COLOURS = {
    "energy": (227, 74, 51),
    "water": (43, 140, 190),
    "minerals": (136, 136, 136),
    "metals": (84, 39, 143),
    "wood_paper": (140, 81, 10),
    "bio_organic": (49, 163, 84),
    "chemicals": (221, 52, 151),
    "plastics_rubber_textiles": (254, 178, 76),
}
"""Sankey link colour per material group."""
GROUP_FALLBACK = (150, 150, 150)


def section_colour(section: object) -> str:
    return (
        SECTION_COLOURS.get(section, UNKNOWN_COLOUR) if isinstance(section, str) else UNKNOWN_COLOUR
    )


def material_colour(material: str, alpha: float) -> str:
    """'rgba(...)' of the material's group."""
    red, green, blue = GROUP_COLOURS.get(materials()["group"].get(material, ""), GROUP_FALLBACK)
    return f"rgba({red},{green},{blue},{alpha})"


APP_CSS = """
[data-testid="stMetricLabel"] [data-testid="stMarkdownContainer"],
[data-testid="stMetricLabel"] [data-testid="stMarkdownContainer"] p {
  white-space: normal; overflow: visible; text-overflow: clip; }
[data-testid="stMetric"] { container-type: inline-size; }
[data-testid="stMetric"] [data-testid="stMetricValue"] { font-size: min(2.25rem, 18cqi); }
.is-code { font: 700 4.5rem/1.1 "DejaVu Sans Mono", monospace; letter-spacing: 0.12em; }
"""
"""Page styles (sent as a style-only `st.html`, which takes no room). A metric's label wraps
instead of ending in an ellipsis, and its value shrinks in a narrow column (18% of the
metric's width at most, 2.25rem as before otherwise): in a row of five metrics, labels with
units and a value such as «неизвестно» are wider than the column, in Russian above all."""
