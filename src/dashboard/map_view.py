"""The Map page's content as pure functions: data in, folium layers and panel tables out.

Leaflet and Leaflet.markercluster are served from `static/vendor` (no CDN), and only core
Leaflet layers are used, so the map works offline. Every text from data reaches the browser
escaped with `html.escape` and as a JSON string literal (folium's own Tooltip and Popup put
text into JavaScript template literals, where a backtick or `${` would run as code).
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import folium
import folium.plugins
import numpy as np
import pandas as pd
from folium.template import Template

from dashboard.dataset import Dataset
from dashboard.i18n import t
from dashboard.reference import REFERENCE_DIR, materials, nace, region_table

# Relative to the component's iframe (/component/streamlit_folium.st_folium/index.html), so the
# files are found under a server base path too.
VENDOR_URL = "../../app/static/vendor"
LEAFLET_URL = f"{VENDOR_URL}/leaflet-1.9.4"
CLUSTER_URL = f"{VENDOR_URL}/leaflet.markercluster-1.5.3"
VENDOR_JS = [
    ("leaflet", f"{LEAFLET_URL}/leaflet.js"),
    ("markercluster", f"{CLUSTER_URL}/leaflet.markercluster.js"),
]
VENDOR_CSS = [
    ("leaflet_css", f"{LEAFLET_URL}/leaflet.css"),
    ("markercluster_css", f"{CLUSTER_URL}/MarkerCluster.css"),
    ("markercluster_default_css", f"{CLUSTER_URL}/MarkerCluster.Default.css"),
]

SECTION_COLOURS = {
    "A": "#4daf4a", "B": "#8c564b", "C": "#1f77b4", "D": "#d62728", "E": "#17becf",
    "F": "#ff7f0e", "G": "#bcbd22", "H": "#9467bd", "I": "#e377c2", "J": "#7f7f7f",
    "K": "#aec7e8", "L": "#ffbb78", "M": "#98df8a", "N": "#ff9896", "O": "#c5b0d5",
    "P": "#c49c94", "Q": "#f7b6d2", "R": "#dbdb8d", "S": "#9edae5", "T": "#393b79",
    "U": "#637939",
}  # fmt: skip
UNKNOWN_COLOUR = "#444444"
LINE_STYLES = {
    "existing": {"color": "#1b5e20", "dash_array": None},
    "planned": {"color": "#e65100", "dash_array": "10 7"},
    "potential": {"color": "#6a1b9a", "dash_array": "2 7"},
    "candidate": {"color": "#ad1457", "dash_array": "1 6"},
}
FLOW_STATUSES = ("existing", "planned", "potential")
FLOW_WIDTHS = (2.0, 8.0, 2.5)  # thinnest, thickest, without a quantity (px)
CANDIDATE_WIDTHS = (1.2, 4.0, 1.5)
CHOROPLETH_COLOURS = ("#fff5eb", "#fdd0a2", "#fd8d3c", "#d94801", "#7f2704")

MIN_RADIUS, MAX_RADIUS, DEFAULT_RADIUS = 4.0, 10.0, 3.0  # px; Leaflet reports the centre of a
# clicked circle marker only up to a radius of 10 px, which `company_at` relies on.
CLUSTER_ABOVE = 300
MAX_CANDIDATE_LINES = 300
COMPANY_CLASS = "is-company"
KM_PER_DEGREE = 111.195
EARTH_RADIUS_M = 6_371_000.0
DEFAULT_BOUNDS = [[53.5, 9.5], [66.0, 33.0]]

MAP_CSS = """
.leaflet-container { background: #dfeaf2; font: 13px/1.4 system-ui, sans-serif; }
.is-legend { background: rgba(255,255,255,.92); padding: 5px 8px; border-radius: 4px;
  box-shadow: 0 1px 4px rgba(0,0,0,.3); font-size: 11px; line-height: 1.35;
  max-width: 250px; max-height: 240px; overflow-y: auto; }
.is-legend b { display: block; margin-bottom: 3px; }
.leaflet-control-scale-line + .leaflet-control-scale-line { display: none; }
.is-legend i { display: inline-block; width: 11px; height: 11px; margin-right: 6px;
  vertical-align: -1px; border: 1px solid rgba(0,0,0,.35); }
.is-legend i.dot { border-radius: 50%; }
.is-legend i.line { width: 24px; height: 0; border: 0; border-top: 3px solid; }
"""


class Tooltip(folium.Tooltip):
    """A tooltip whose HTML reaches Leaflet as a JSON string literal."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.bindTooltip(
            {{ this.text|tojson }}, {{ this.options|tojavascript }});
        {% endmacro %}
        """
    )


class Boundaries(folium.GeoJson):
    """Background GeoJSON whose bounds are never computed (streamlit-folium asks for the map's
    bounds on every run, which walks every vertex)."""

    def _get_self_bounds(self) -> list[list[float | None]]:
        return [[None, None], [None, None]]


class Legend(folium.MacroElement):
    """An HTML legend shown while its parent layer is on the map."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.control({position: {{ this.position|tojson }}});
        {{ this.get_name() }}.onAdd = function () {
            var div = L.DomUtil.create("div", "is-legend");
            div.innerHTML = {{ this.html|tojson }};
            L.DomEvent.disableScrollPropagation(div);
            return div;
        };
        {{ this._parent.get_name() }}.on("add", function (e) {
            {{ this.get_name() }}.addTo(e.target._map);
        });
        {{ this._parent.get_name() }}.on("remove", function () {
            {{ this.get_name() }}.remove();
        });
        {% endmacro %}
        """
    )

    def __init__(self, legend_html: str, position: str = "bottomright"):
        super().__init__()
        self._name = "Legend"
        self.html = legend_html
        self.position = position


def script_json(value: object) -> str:
    """Compact JSON that is safe inside a <script> element: <, >, & and ' escaped, other
    characters kept as they are (Finnish names stay short)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char in "<>&'":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


class CircleMarkers(folium.MacroElement):
    """Many `L.circleMarker`s from one JSON array of [lat, lon, radius, fill colour, fill
    opacity, tooltip HTML] (folium's one object per marker sends about 5 times as much)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (parent) {
            var markers = {{ this.rows_json }}.map(function (r) {
                return L.circleMarker([r[0], r[1]], Object.assign(
                    {radius: r[2], fillColor: r[3], fillOpacity: r[4]},
                    {{ this.options|tojson }}
                )).bindTooltip(r[5]);
            });
            if (parent.addLayers) { parent.addLayers(markers); }
            else { markers.forEach(function (m) { parent.addLayer(m); }); }
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, rows: list[list], **options: object):
        super().__init__()
        self._name = "CircleMarkers"
        self.rows_json = script_json(rows)
        self.options = {"color": "#222222", "weight": 1, "fill": True} | options


class Lines(folium.MacroElement):
    """Straight `L.polyline`s with an arrowhead `L.polygon` each, from one JSON array of
    [[lat, lon], [lat, lon], weight, tooltip HTML, arrowhead points or null]."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (parent) {
            var style = {{ this.style|tojson }};
            {{ this.rows_json }}.forEach(function (r) {
                L.polyline([r[0], r[1]], Object.assign({weight: r[2]}, style))
                    .bindTooltip(r[3], {sticky: true}).addTo(parent);
                if (r[4]) {
                    L.polygon(r[4], {color: style.color, weight: 1, fillColor: style.color,
                        fillOpacity: 0.9, interactive: false}).addTo(parent);
                }
            });
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, rows: list[list], color: str, dash_array: str | None = None):
        super().__init__()
        self._name = "Lines"
        self.rows_json = script_json(rows)
        self.style = {"color": color, "dashArray": dash_array, "opacity": 0.85}


# -- data -------------------------------------------------------------------------------------


def section_colour(section: object) -> str:
    return (
        SECTION_COLOURS.get(section, UNKNOWN_COLOUR) if isinstance(section, str) else UNKNOWN_COLOUR
    )


def section_label(section: object) -> str:
    """'C · Manufacturing' for a NACE section code."""
    if not isinstance(section, str) or section not in nace().index:
        return t("map.unknown_sector")
    return f"{section} · {str(nace().at[section, 'title_en']).capitalize()}"


def material_label(material: object) -> str:
    table = materials()
    if isinstance(material, str) and material in table.index:
        return str(table.at[material, "label_en"]) or material
    return "" if material is None or pd.isna(material) else str(material)


def region_label(code: object) -> str:
    regions = region_table()
    if isinstance(code, str) and code in regions.index:
        return f"{regions.at[code, 'name_en']} ({code})"
    return "" if code is None or pd.isna(code) else str(code)


def amount(quantity: object, unit: object) -> str:
    """'1,200 t/yr', or '' without a quantity."""
    if quantity is None or pd.isna(quantity):
        return ""
    return f"{float(quantity):,.0f} {unit}"


def have_totals(streams: pd.DataFrame, unit: str) -> pd.Series:
    """Total have quantity per company in `unit`; companies without one are left out."""
    haves = streams[(streams["direction"] == "have") & (streams["unit"] == unit)]
    return haves.groupby("company_id")["quantity"].sum(min_count=1).dropna()


def marker_radii(company_ids: pd.Series, totals: pd.Series) -> pd.Series:
    """Radius in px: square-root scale up to the largest total; DEFAULT_RADIUS without one."""
    values = company_ids.map(totals).astype(float)
    largest = values.max()
    if not largest > 0:
        return values.where(values.isna(), MIN_RADIUS).fillna(DEFAULT_RADIUS)
    scaled = MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * np.sqrt(values.clip(lower=0) / largest)
    return scaled.fillna(DEFAULT_RADIUS)


def line_widths(quantity: pd.Series, unit: pd.Series, widths=FLOW_WIDTHS) -> pd.Series:
    """Line width in px: square-root scale within each unit (never across units)."""
    thin, thick, default = widths
    quantity = pd.to_numeric(quantity, errors="coerce").astype(float)
    largest = quantity.groupby(unit.fillna("")).transform("max")
    share = np.sqrt(quantity.clip(lower=0) / largest.where(largest > 0))
    width = thin + (thick - thin) * share
    return width.where(quantity.notna() & (largest > 0), default).fillna(default)


def arrow_head(
    start: Sequence[float],
    end: Sequence[float],
    at: float = 0.7,
    share: float = 0.12,
    min_km: float = 0.08,
    max_km: float = 12.0,
) -> list[tuple[float, float]] | None:
    """A triangle (tip, left, right as (lat, lon)) pointing from `start` to `end`, its tip at
    `at` of the way; about `share` of the line long. None for a line of no length."""
    (lat1, lon1), (lat2, lon2) = start, end
    kx = math.cos(math.radians((lat1 + lat2) / 2)) * KM_PER_DEGREE
    dx, dy = (lon2 - lon1) * kx, (lat2 - lat1) * KM_PER_DEGREE
    length = math.hypot(dx, dy)
    if length == 0:
        return None
    size = min(max(share * length, min_km), max_km, 0.3 * length)
    ux, uy = dx / length, dy / length
    tip = (at * dx, at * dy)
    base = (tip[0] - size * ux, tip[1] - size * uy)
    half = size * 0.55
    points = [
        tip,
        (base[0] - half * uy, base[1] + half * ux),
        (base[0] + half * uy, base[1] - half * ux),
    ]
    return [(lat1 + y / KM_PER_DEGREE, lon1 + x / kx) for x, y in points]


def flow_segments(flows: pd.DataFrame, companies: pd.DataFrame) -> pd.DataFrame:
    """Flows with both ends' names and coordinates; flows with an end not shown are left out."""
    ends = companies.set_index("company_id")[["name", "lat", "lon"]]
    frame = flows.join(ends.add_prefix("source_"), on="source_company", how="inner")
    frame = frame.join(ends.add_prefix("target_"), on="target_company", how="inner")
    located = frame[["source_lat", "source_lon", "target_lat", "target_lon"]].notna().all(axis=1)
    return frame[located].reset_index(drop=True)


def shown_companies(view: Dataset, full: Dataset, candidates: pd.DataFrame) -> pd.DataFrame:
    """The companies of the filtered view plus the partners of its candidates, so that every
    candidate line ends at a marker."""
    ends = set(candidates["source_company"]) | set(candidates["target_company"])
    extra = full.companies[
        full.companies["company_id"].isin(ends - set(view.companies["company_id"]))
    ]
    return pd.concat([view.companies, extra], ignore_index=True)


def region_totals(candidates: pd.DataFrame, companies: pd.DataFrame, unit: str) -> pd.Series:
    """Candidate quantity per source region in `unit`, without double counting: each have
    stream counts once, as the sum of its candidates' quantities capped at its own quantity."""
    rows = candidates[(candidates["unit"] == unit) & candidates["quantity"].notna()]
    if rows.empty:
        return pd.Series(dtype=float, name="quantity")
    per_have = rows.groupby("have_stream_id").agg(
        source_company=("source_company", "first"),
        quantity=("quantity", "sum"),
        have_quantity=("have_quantity", "first"),
    )
    per_have["quantity"] = per_have["quantity"].clip(upper=per_have["have_quantity"])
    regions = companies.set_index("company_id")["region_code"]
    per_have["region_code"] = per_have["source_company"].map(regions)
    totals = per_have.dropna(subset=["region_code"]).groupby("region_code")["quantity"].sum()
    return totals[totals > 0].rename("quantity")


def choropleth_classes(largest: float) -> list[float]:
    """Upper bounds of the colour classes: square-root spaced up to `largest`."""
    count = len(CHOROPLETH_COLOURS)
    return [largest * ((i + 1) / count) ** 2 for i in range(count)]


def choropleth_colour(value: float, largest: float) -> str:
    for colour, upper in zip(CHOROPLETH_COLOURS, choropleth_classes(largest), strict=True):
        if value <= upper:
            return colour
    return CHOROPLETH_COLOURS[-1]


def company_at(
    companies: pd.DataFrame, lat: float, lon: float, tolerance_m: float = 50.0
) -> str | None:
    """Id of the company nearest to a clicked point, if within `tolerance_m` metres."""
    from sklearn.neighbors import BallTree

    located = companies.dropna(subset=["lat", "lon"])
    if located.empty or lat is None or lon is None:
        return None
    tree = BallTree(np.radians(located[["lat", "lon"]].to_numpy(float)), metric="haversine")
    distance, index = tree.query(np.radians([[lat, lon]]), k=1)
    if distance[0][0] * EARTH_RADIUS_M > tolerance_m:
        return None
    return str(located["company_id"].iloc[index[0][0]])


def _reasons_text(value: object) -> str:
    if isinstance(value, list | tuple | np.ndarray):
        return "; ".join(str(v) for v in value)
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


@dataclass(frozen=True)
class CompanyPanel:
    """What the panel shows for one company: tables ready for `st.dataframe`."""

    company_id: str
    name: str
    sector: str
    region: str
    haves: pd.DataFrame
    wants: pd.DataFrame
    flows: pd.DataFrame
    candidates: pd.DataFrame


PANEL_STREAM_COLUMNS = ["material", "quantity", "unit", "hazardous", "provenance", "notes"]
PANEL_FLOW_COLUMNS = ["direction", "partner", "material", "quantity", "unit", "status"]
PANEL_CANDIDATE_COLUMNS = [
    "direction", "partner", "have_material", "want_material", "quantity", "unit",
    "distance_km", "score", "reasons",
]  # fmt: skip


def company_panel(
    dataset: Dataset, candidates: pd.DataFrame, company_id: str, limit: int = 10
) -> CompanyPanel | None:
    """A company's haves, wants, flows in and out, and best candidates (best first)."""
    companies = dataset.companies.set_index("company_id")
    if company_id not in companies.index:
        return None
    company = companies.loc[company_id]
    names = companies["name"]
    streams = dataset.streams[dataset.streams["company_id"] == company_id]
    columns = [c for c in PANEL_STREAM_COLUMNS if c in streams.columns]
    flows = dataset.flows
    out = flows[flows["source_company"] == company_id].assign(
        direction=t("map.panel.out"), partner=lambda f: f["target_company"].map(names)
    )
    into = flows[flows["target_company"] == company_id].assign(
        direction=t("map.panel.in"), partner=lambda f: f["source_company"].map(names)
    )
    gives = candidates[candidates["source_company"] == company_id].assign(
        direction=t("map.panel.out"), partner=lambda f: f["target_name"]
    )
    takes = candidates[candidates["target_company"] == company_id].assign(
        direction=t("map.panel.in"), partner=lambda f: f["source_name"]
    )
    best = pd.concat([gives, takes]).sort_values("score", ascending=False, kind="stable")
    best = best.head(limit).assign(reasons=lambda f: f["reasons"].map(_reasons_text))
    return CompanyPanel(
        company_id=company_id,
        name=str(company["name"]),
        sector=section_label(company.get("nace_section")),
        region=region_label(company.get("region_code")),
        haves=streams[streams["direction"] == "have"][columns].reset_index(drop=True),
        wants=streams[streams["direction"] == "want"][columns].reset_index(drop=True),
        flows=pd.concat([out, into])[PANEL_FLOW_COLUMNS].reset_index(drop=True),
        candidates=best.reindex(columns=PANEL_CANDIDATE_COLUMNS).reset_index(drop=True),
    )


# -- HTML -------------------------------------------------------------------------------------


def html_lines(title: str, *lines: str) -> str:
    """Tooltip HTML: an escaped bold title and escaped lines (empty lines dropped)."""
    body = [f"<b>{html.escape(title)}</b>"] + [html.escape(line) for line in lines if line]
    return "<br>".join(body)


def legend_html(title: str, items: Iterable[tuple[str, str]], shape: str = "dot") -> str:
    """A legend: an escaped title and one (colour, escaped label) row per item."""
    rows = [f"<b>{html.escape(title)}</b>"]
    for colour, label in items:
        style = f"border-color:{colour}" if shape == "line" else f"background:{colour}"
        rows.append(f'<div><i class="{shape}" style="{style}"></i>{html.escape(label)}</div>')
    return "".join(rows)


def sector_legend(sections: Iterable[object]) -> str:
    present = sorted({s if isinstance(s, str) else "" for s in sections})
    items = [(section_colour(s or None), section_label(s or None)) for s in present]
    return legend_html(t("map.legend.sectors"), items)


def company_tooltip(company: pd.Series, total: float | None, unit: str) -> str:
    offers = t("map.tooltip.offers", amount=amount(total, unit)) if pd.notna(total) else ""
    return html_lines(
        str(company["name"]),
        section_label(company.get("nace_section")),
        region_label(company.get("region_code")),
        offers,
    )


def flow_tooltip(row: pd.Series) -> str:
    return html_lines(
        f"{row['source_name']} → {row['target_name']}",
        t(f"map.status.{row['status']}"),
        " ".join(
            filter(None, [material_label(row["material"]), amount(row["quantity"], row["unit"])])
        ),
    )


def candidate_tooltip(row: pd.Series) -> str:
    return html_lines(
        f"{row['source_name']} → {row['target_name']}",
        f"{material_label(row['have_material'])} → {material_label(row['want_material'])}",
        t(
            "map.tooltip.candidate",
            amount=amount(row["quantity"], row["unit"]) or "?",
            distance=f"{row['distance_km']:,.1f}",
            score=f"{row['score']:.1f}",
        ),
        _reasons_text(row.get("reasons")),
    )


# -- folium layers ----------------------------------------------------------------------------


@cache
def boundaries(tolerance: float = 0.02, grid: float = 0.001) -> dict[str, dict]:
    """Countries and regions as light GeoJSON for display: simplified, rounded coordinates,
    only the attributes used."""
    import geopandas as gpd
    import shapely

    shapes = {}
    for kind, keep in (("countries", ["country_iso2"]), ("regions", ["region_code"])):
        frame = gpd.read_file(REFERENCE_DIR / f"{kind}.geojson")[[*keep, "geometry"]]
        geometry = frame.geometry.simplify(tolerance, preserve_topology=True)
        frame = frame.set_geometry(shapely.set_precision(geometry.values, grid))
        shapes[kind] = frame[~frame.geometry.is_empty].__geo_interface__
    return shapes


def data_bounds(companies: pd.DataFrame) -> list[list[float]]:
    """[[south, west], [north, east]] of the companies, a little padded."""
    located = companies.dropna(subset=["lat", "lon"])
    if located.empty:
        return DEFAULT_BOUNDS
    south, north = located["lat"].min(), located["lat"].max()
    west, east = located["lon"].min(), located["lon"].max()
    pad_lat, pad_lon = max((north - south) * 0.05, 0.02), max((east - west) * 0.05, 0.04)
    return [[south - pad_lat, west - pad_lon], [north + pad_lat, east + pad_lon]]


def base_map(bounds: list[list[float]]) -> folium.Map:
    """The stable map: no tiles, the bundled country and region boundaries, local Leaflet."""
    (south, west), (north, east) = bounds
    fmap = folium.Map(
        location=[(south + north) / 2, (west + east) / 2],
        zoom_start=6,
        tiles=None,
        control_scale=True,
        zoomSnap=0.5,
        minZoom=3,
        maxZoom=18,  # set by a tile layer otherwise; marker clusters need it
    )
    fmap.default_js = VENDOR_JS
    fmap.default_css = VENDOR_CSS
    fmap.get_root().header.add_child(folium.Element(f"<style>{MAP_CSS}</style>"))
    shapes = boundaries()
    folium.map.CustomPane("boundaries", z_index=150, pointer_events=False).add_to(fmap)
    Boundaries(
        shapes["countries"],
        name="countries",
        pane="boundaries",
        interactive=False,
        style={"color": "#9a9a9a", "weight": 1, "fillColor": "#f6f4ef", "fillOpacity": 1},
    ).add_to(fmap)
    Boundaries(
        shapes["regions"],
        name="regions",
        interactive=False,
        style={"color": "#8a8a8a", "weight": 0.6, "opacity": 0.7, "fill": False},
    ).add_to(fmap)
    fmap.fit_bounds(bounds)
    return fmap


def tiles_layer() -> folium.FeatureGroup:
    """OpenStreetMap tiles (online only), drawn over the land fill and under the boundaries."""
    group = folium.FeatureGroup(name="tiles")
    folium.TileLayer("OpenStreetMap").add_to(group)
    return group


def marker_rows(companies: pd.DataFrame, streams: pd.DataFrame, unit: str) -> list[list]:
    """[lat, lon, radius, colour, fill opacity, tooltip] per located company: coloured by NACE
    section, sized by its total have quantity in `unit` (pale and small without one)."""
    located = companies.dropna(subset=["lat", "lon"])
    totals = have_totals(streams, unit)
    radii = marker_radii(located["company_id"], totals)
    rows = []
    for (_, company), radius in zip(located.iterrows(), radii, strict=True):
        rows.append([
            round(float(company["lat"]), 5),
            round(float(company["lon"]), 5),
            round(float(radius), 1),
            section_colour(company.get("nace_section")),
            0.55 if radius == DEFAULT_RADIUS else 0.9,
            company_tooltip(company, totals.get(company["company_id"]), unit),
        ])  # fmt: skip
    return rows


def company_layer(
    companies: pd.DataFrame, streams: pd.DataFrame, unit: str, cluster_above: int = CLUSTER_ABOVE
) -> folium.FeatureGroup:
    """The company markers (see `marker_rows`), clustered above `cluster_above` of them, with a
    sector legend."""
    rows = marker_rows(companies, streams, unit)
    group = folium.FeatureGroup(name="companies")
    parent: folium.MacroElement = group
    if len(rows) > cluster_above:
        parent = folium.plugins.MarkerCluster(
            options={"maxClusterRadius": 45, "disableClusteringAtZoom": 11}
        )
        parent.default_js, parent.default_css = VENDOR_JS[1:], VENDOR_CSS[1:]
        parent.add_to(group)
    CircleMarkers(rows, className=COMPANY_CLASS).add_to(parent)
    sections = companies.dropna(subset=["lat", "lon"]).get("nace_section", pd.Series())
    Legend(sector_legend(sections)).add_to(group)
    return group


def line_rows(lines: pd.DataFrame, widths: pd.Series, tooltips: Iterable[str]) -> list[list]:
    """[start, end, weight, tooltip, arrowhead] per line of a frame with source_/target_ lat/lon."""
    rows = []
    for (_, row), weight, tooltip in zip(lines.iterrows(), widths, tooltips, strict=True):
        start = (round(float(row["source_lat"]), 5), round(float(row["source_lon"]), 5))
        end = (round(float(row["target_lat"]), 5), round(float(row["target_lon"]), 5))
        head = arrow_head(start, end)
        head = [[round(lat, 5), round(lon, 5)] for lat, lon in head] if head else None
        rows.append([list(start), list(end), round(float(weight), 1), tooltip, head])
    return rows


def flow_layer(segments: pd.DataFrame, statuses: Iterable[str]) -> folium.FeatureGroup:
    """Flows of the chosen statuses: existing solid, planned dashed, potential dotted; width by
    quantity within each unit."""
    group = folium.FeatureGroup(name="flows")
    shown = segments[segments["status"].isin(list(statuses))]
    widths = line_widths(shown["quantity"], shown["unit"], FLOW_WIDTHS)
    for status in FLOW_STATUSES:
        part = shown["status"] == status
        if part.any():
            tooltips = [flow_tooltip(row) for _, row in shown[part].iterrows()]
            rows = line_rows(shown[part], widths[part], tooltips)
            Lines(rows, **LINE_STYLES[status]).add_to(group)
    return group


def candidate_layer(
    candidates: pd.DataFrame, limit: int = MAX_CANDIDATE_LINES
) -> folium.FeatureGroup:
    """The best `limit` candidate exchanges as thin dotted lines."""
    group = folium.FeatureGroup(name="candidates")
    shown = candidates.head(limit).dropna(
        subset=["source_lat", "source_lon", "target_lat", "target_lon"]
    )
    if not shown.empty:
        widths = line_widths(shown["quantity"], shown["unit"], CANDIDATE_WIDTHS)
        tooltips = [candidate_tooltip(row) for _, row in shown.iterrows()]
        Lines(line_rows(shown, widths, tooltips), **LINE_STYLES["candidate"]).add_to(group)
    return group


def line_legend(statuses: Iterable[str], candidates: bool) -> str:
    keys = [s for s in FLOW_STATUSES if s in set(statuses)] + (["candidate"] if candidates else [])
    items = [(LINE_STYLES[k]["color"], t(f"map.status.{k}")) for k in keys]
    return legend_html(t("map.legend.lines"), items, shape="line")


def choropleth_layer(totals: pd.Series, unit: str) -> folium.FeatureGroup:
    """Source regions filled by their candidate quantity in `unit`, with a class legend."""
    group = folium.FeatureGroup(name="choropleth")
    if totals.empty:
        return group
    largest = float(totals.max())
    for feature in boundaries()["regions"]["features"]:
        code = feature["properties"]["region_code"]
        if code not in totals.index:
            continue
        layer = folium.GeoJson(
            {"type": "Feature", "geometry": feature["geometry"], "properties": {}},
            style={
                "color": "#7f2704", "weight": 0.8, "fillOpacity": 0.65,
                "fillColor": choropleth_colour(float(totals[code]), largest),
            },
        )  # fmt: skip
        Tooltip(html_lines(region_label(code), amount(totals[code], unit))).add_to(layer)
        layer.add_to(group)
    lower = 0.0
    items = []
    for colour, upper in zip(CHOROPLETH_COLOURS, choropleth_classes(largest), strict=True):
        items.append((colour, f"{lower:,.0f}–{upper:,.0f}"))
        lower = upper
    title = t("map.legend.choropleth", unit=unit)
    Legend(legend_html(title, items, shape="square"), position="bottomleft").add_to(group)
    return group


def lines_legend_layer(statuses: Iterable[str], candidates: bool) -> folium.FeatureGroup:
    """An empty layer carrying the line legend (so it goes with the dynamic layers)."""
    group = folium.FeatureGroup(name="line_legend")
    statuses = list(statuses)
    if statuses or candidates:
        Legend(line_legend(statuses, candidates), position="topright").add_to(group)
    return group


@dataclass(frozen=True)
class MapSettings:
    """What the Map page's settings ask for."""

    unit: str = "t/yr"
    lines: tuple[str, ...] = ("existing", "planned", "potential")
    choropleth: bool = False
    tiles: bool = False
    selected: str | None = None


def map_layers(
    view: Dataset,
    full: Dataset,
    candidates: pd.DataFrame,
    companies: pd.DataFrame,
    settings: MapSettings,
) -> list[folium.FeatureGroup]:
    """The dynamic layers, bottom to top: tiles, regions, flows, candidates, companies,
    selection ring, line legend. `companies` are the ones to mark (see `shown_companies`)."""
    groups = [tiles_layer()] if settings.tiles else []
    if settings.choropleth:
        totals = region_totals(candidates, full.companies, settings.unit)
        groups.append(choropleth_layer(totals, settings.unit))
    segments = flow_segments(view.flows, companies)
    statuses = [s for s in FLOW_STATUSES if s in settings.lines and s in set(segments["status"])]
    drawn = candidates if "potential" in settings.lines else candidates.head(0)
    groups += [
        flow_layer(segments, statuses),
        candidate_layer(drawn),
        company_layer(companies, full.streams, settings.unit),
        selection_layer(companies, settings.selected),
        lines_legend_layer(statuses, not drawn.empty),
    ]
    return groups


def selection_layer(companies: pd.DataFrame, company_id: str | None) -> folium.FeatureGroup:
    """A ring around the selected company (not clickable)."""
    group = folium.FeatureGroup(name="selection")
    chosen = companies[companies["company_id"] == company_id].dropna(subset=["lat", "lon"])
    for _, company in chosen.head(1).iterrows():
        folium.CircleMarker(
            [company["lat"], company["lon"]], radius=MAX_RADIUS + 5, color="#000000", weight=3,
            fill=False, interactive=False,
        ).add_to(group)  # fmt: skip
    return group
