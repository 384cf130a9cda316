"""Leaflet through folium, offline: the vendored Leaflet files, the stable base map of bundled
boundaries, and compact layer elements (markers, lines, legends, tooltips).

Leaflet and Leaflet.markercluster are served from `static/vendor` (no CDN), and only core
Leaflet layers are used, so the map works offline. Every text from data reaches the browser
escaped with `html.escape` and as a JSON string literal (folium's own Tooltip and Popup put
text into JavaScript template literals, where a backtick or `${` would run as code), written
by `script_json`: folium compiles each element's rendered script again as a Jinja template, so
the characters of template syntax are escaped too and data never reaches a template compiler.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Iterable
from functools import cache

import folium
import pandas as pd
from folium.template import Template

from dashboard.domain.geo import EARTH_RADIUS_KM
from dashboard.domain.reference import REFERENCE_DIR

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
DEFAULT_BOUNDS = [[53.5, 9.5], [66.0, 33.0]]
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180
FIT_PADDING = {"padding_top_left": (50, 45), "padding_bottom_right": (30, 60)}
"""px kept free around the companies when the map is fitted to them: the zoom buttons top left,
the collapsed legends in the corners, the scale and attribution at the bottom."""
LEGEND_OPEN_MIN_PX = (1000, 700)
"""A legend starts open only on a map at least this wide and tall (px); else collapsed."""
ARROW_PX = (8, 16)
"""Arrowhead length in screen px: for the thinnest line, at most."""
TOWN_LABEL_MIN_POPULATION = ((5, 500_000), (6, 150_000), (7, 50_000), (8, 20_000), (9, 10_000))
"""(zoom, population): up to this zoom only towns at least this large are labelled; all of
them above the last zoom."""

MAP_CSS = """
.leaflet-container { background: #dfeaf2; font: 13px/1.4 system-ui, sans-serif; }
.is-legend { background: rgba(255,255,255,.92); padding: 5px 8px; border-radius: 4px;
  box-shadow: 0 1px 4px rgba(0,0,0,.3); font-size: 11px; line-height: 1.35;
  max-width: 250px; max-height: 240px; overflow-y: auto; }
.is-legend summary { font-weight: bold; cursor: pointer; }
.is-legend details[open] summary { margin-bottom: 3px; }
.is-town { color: #444; font: 11px/1.2 system-ui, sans-serif; white-space: nowrap;
  text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff; pointer-events: none; }
.is-town.big { font-weight: 600; font-size: 12px; color: #333; }
.is-arrow svg { overflow: visible; display: block; }
.leaflet-control-scale-line + .leaflet-control-scale-line { display: none; }
.is-legend i { display: inline-block; width: 11px; height: 11px; margin-right: 6px;
  vertical-align: -1px; border: 1px solid rgba(0,0,0,.35); }
.is-legend i.dot { border-radius: 50%; }
.is-legend i.line { width: 24px; height: 0; border: 0; border-top: 3px solid; }
"""


class Tooltip(folium.Tooltip):
    """A tooltip whose HTML reaches Leaflet as a JSON string literal (`script_json`)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.bindTooltip(
            {{ this.text_json }}, {{ this.options|tojavascript }});
        {% endmacro %}
        """
    )

    @property
    def text_json(self) -> str:
        return script_json(self.text)


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
        {{ this.get_name() }}.onAdd = function (map) {
            var div = L.DomUtil.create("div", "is-legend");
            div.innerHTML = {{ this.html_json }};
            L.DomEvent.disableScrollPropagation(div);
            L.DomEvent.disableClickPropagation(div);
            var box = div.querySelector("details"), size = map.getSize();
            var memory = "is-legend-" + {{ this.position|tojson }}, kept = null;
            try { kept = window.sessionStorage.getItem(memory); } catch (e) {}
            box.open = kept === null
                ? size.x >= {{ this.open_min[0] }} && size.y >= {{ this.open_min[1] }}
                : kept === "open";
            box.addEventListener("toggle", function () {
                try { window.sessionStorage.setItem(memory, box.open ? "open" : "closed"); }
                catch (e) {}
            });
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
        self.html_json = script_json(legend_html)
        self.position = position
        self.open_min = LEGEND_OPEN_MIN_PX


SCRIPT_UNSAFE = "<>&'{}%#"
"""Escaped inside JSON strings: what could close a <script> element or an HTML attribute, and
the characters of Jinja syntax ({{ }}, {% %}, {# #})."""
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_UNSAFE = re.compile(f"[{re.escape(SCRIPT_UNSAFE)}]")


def script_json(value: object) -> str:
    """Compact JSON that is safe inside a <script> element and inside a Jinja template: the
    characters of `SCRIPT_UNSAFE` escaped as \\uXXXX within strings, other characters kept as
    they are (Finnish names stay short)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return _JSON_STRING.sub(
        lambda m: _UNSAFE.sub(lambda c: f"\\u{ord(c.group()):04x}", m.group()), text
    )


class CircleMarkers(folium.MacroElement):
    """Many `L.circleMarker`s from one JSON array of [lat, lon, radius, fill colour, fill
    opacity, tooltip] (folium's one object per marker sends about 5 times as much). A tooltip is
    HTML, or a list of parts joined as lines: HTML strings, and numbers standing for the HTML of
    `labels` at that index (a sector or region repeated by thousands of markers is sent once);
    empty parts are left out."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (parent) {
            var labels = {{ this.labels_json }};
            function tip(t) {
                if (typeof t === "string") { return t; }
                return t.map(function (p) { return typeof p === "number" ? labels[p] : p; })
                    .filter(Boolean).join("<br>");
            }
            var markers = {{ this.rows_json }}.map(function (r) {
                return L.circleMarker([r[0], r[1]], Object.assign(
                    {radius: r[2], fillColor: r[3], fillOpacity: r[4]},
                    {{ this.options|tojson }}
                )).bindTooltip(tip(r[5]));
            });
            if (parent.addLayers) { parent.addLayers(markers); }
            else { markers.forEach(function (m) { parent.addLayer(m); }); }
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, rows: list[list], labels: list[str] | None = None, **options: object):
        super().__init__()
        self._name = "CircleMarkers"
        self.rows_json = script_json(rows)
        self.labels_json = script_json(labels or [])
        self.options = {"color": "#222222", "weight": 1, "fill": True} | options


class Lines(folium.MacroElement):
    """Straight `L.polyline`s with an arrowhead each, from one JSON array of [[lat, lon],
    [lat, lon], weight, tooltip HTML, arrowhead or null]; an arrowhead is [lat, lon of its tip,
    screen angle in degrees clockwise from east, length in px], drawn as an SVG marker of a
    fixed size in screen pixels (it does not grow with the zoom)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (parent) {
            var style = {{ this.style|tojson }};
            {{ this.rows_json }}.forEach(function (r) {
                L.polyline([r[0], r[1]], Object.assign({weight: r[2]}, style))
                    .bindTooltip(r[3], {sticky: true}).addTo(parent);
                if (r[4]) {
                    var s = r[4][3], h = s * 0.55;
                    var svg = '<svg width="' + s + '" height="' + s + '" style="transform:' +
                        'rotate(' + r[4][2] + 'deg);transform-origin:100% 50%">' +
                        '<polygon points="0,' + (s / 2 - h) + ' ' + s + ',' + (s / 2) + ' 0,' +
                        (s / 2 + h) + '" fill="' + style.color + '" fill-opacity="0.9"/></svg>';
                    L.marker([r[4][0], r[4][1]], {interactive: false, keyboard: false,
                        icon: L.divIcon({className: "is-arrow", html: svg, iconSize: [s, s],
                            iconAnchor: [s, s / 2]})}).addTo(parent);
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


def data_bounds(companies: pd.DataFrame, min_km: float = 8.0) -> list[list[float]]:
    """[[south, west], [north, east]] of the located companies, at least `min_km` across (so a
    single company is shown with its surroundings); the whole region without any."""
    located = companies.dropna(subset=["lat", "lon"])
    if located.empty:
        return DEFAULT_BOUNDS
    south, north = float(located["lat"].min()), float(located["lat"].max())
    west, east = float(located["lon"].min()), float(located["lon"].max())
    half_lat = max((north - south) / 2, min_km / 2 / KM_PER_DEGREE)
    km_per_lon = KM_PER_DEGREE * math.cos(math.radians((south + north) / 2))
    half_lon = max((east - west) / 2, min_km / 2 / km_per_lon)
    middle_lat, middle_lon = (south + north) / 2, (west + east) / 2
    return [
        [round(middle_lat - half_lat, 5), round(middle_lon - half_lon, 5)],
        [round(middle_lat + half_lat, 5), round(middle_lon + half_lon, 5)],
    ]


class Towns(folium.MacroElement):
    """Town labels from one JSON array of [lat, lon, escaped name, population], in a pane under
    the lines and markers; at each zoom only towns of `TOWN_LABEL_MIN_POPULATION` are shown, so
    larger towns come first and more appear as one zooms in."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            var steps = {{ this.steps_json }};
            map.createPane("towns").style.zIndex = 350;
            var labels = {{ this.rows_json }}.map(function (r) {
                var big = r[3] >= {{ this.big }};
                return [r[3], L.marker([r[0], r[1]], {pane: "towns", interactive: false,
                    keyboard: false, icon: L.divIcon({className: "is-town" + (big ? " big" : ""),
                    html: r[2], iconSize: null, iconAnchor: [-3, 7]})})];
            });
            function show() {
                var zoom = map.getZoom(), least = 0;
                for (var i = steps.length - 1; i >= 0; i--) {
                    if (zoom <= steps[i][0]) { least = steps[i][1]; }
                }
                labels.forEach(function (l) {
                    if (l[0] >= least) { l[1].addTo(map); } else { l[1].remove(); }
                });
            }
            map.on("zoomend", show);
            map.whenReady(show);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, rows: list[list]):
        super().__init__()
        self._name = "Towns"
        self.rows_json = script_json(rows)
        self.steps_json = script_json([list(step) for step in TOWN_LABEL_MIN_POPULATION])
        self.big = 100_000


def map_height(window_px: int | None) -> int:
    """The map's height in px for a browser window `window_px` tall: what is left under the
    page's title and the map's pickers, within 360-1000 px (520 while unknown, which fits a
    window 900 px tall). A map reaching below the window would be scrolled into view by the
    first click on it, and the click would miss."""
    if window_px is None:
        return 520
    return int(min(max(window_px - 380, 360), 1000))


class Height(folium.MacroElement):
    """Sets the drawn map's height in px. streamlit-folium resizes only its frame when the
    height changes; as part of the dynamic layers this resizes the map too, without drawing a
    new map (which would forget a click made meanwhile)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            var box = map.getContainer(), px = {{ this.px }};
            if (window.isMapHeight === px) { return; }
            window.isMapHeight = px;
            var frame = document.getElementById("map_div");
            if (frame) { frame.style.height = px + "px"; }
            box.style.height = px + "px";
            map.invalidateSize();
            map.fitBounds({{ this.bounds_json }}, {{ this.padding_json }});
        })(window.map);
        {% endmacro %}
        """
    )

    def __init__(self, px: int, bounds: list[list[float]]):
        super().__init__()
        self._name = "Height"
        self.px = int(px)
        self.bounds_json = script_json(bounds)
        self.padding_json = script_json(
            {"paddingTopLeft": FIT_PADDING["padding_top_left"],
             "paddingBottomRight": FIT_PADDING["padding_bottom_right"]}
        )  # fmt: skip


def height_layer(px: int, bounds: list[list[float]]) -> folium.FeatureGroup:
    """An empty layer that gives the map its height, fitted again to `bounds` when the height
    changes (see `Height`)."""
    group = folium.FeatureGroup(name="height")
    Height(px, bounds).add_to(group)
    return group


def base_map(bounds: list[list[float]], towns: list[list] | None = None) -> folium.Map:
    """The stable map: no tiles, the bundled country and region boundaries, town labels
    (`Towns` rows), local Leaflet; fitted to `bounds` with room for the controls."""
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
    if towns:
        Towns(towns).add_to(fmap)
    fmap.fit_bounds(bounds, **FIT_PADDING)
    return fmap


@cache
def world_outlines() -> dict:
    """The world's countries (Natural Earth 1:110m, `reference/world.geojson`) as GeoJSON, their
    outlines only (the map names no country)."""
    shapes = json.loads((REFERENCE_DIR / "world.geojson").read_text(encoding="utf-8"))
    for feature in shapes["features"]:
        feature["properties"] = {}
    return shapes


def world_map(bounds: list[list[float]]) -> folium.Map:
    """A stable map of the world's country outlines (no tiles, local Leaflet), fitted to
    `bounds`."""
    (south, west), (north, east) = bounds
    fmap = folium.Map(
        location=[(south + north) / 2, (west + east) / 2], zoom_start=2, tiles=None,
        control_scale=True, zoomSnap=0.5, minZoom=1, maxZoom=12, worldCopyJump=True,
    )  # fmt: skip
    fmap.default_js = VENDOR_JS
    fmap.default_css = VENDOR_CSS
    fmap.get_root().header.add_child(folium.Element(f"<style>{MAP_CSS}</style>"))
    Boundaries(
        world_outlines(), name="world", interactive=False,
        style={"color": "#9a9a9a", "weight": 0.8, "fillColor": "#f6f4ef", "fillOpacity": 1},
    ).add_to(fmap)  # fmt: skip
    fmap.fit_bounds(bounds, **FIT_PADDING)
    return fmap


def tiles_layer() -> folium.FeatureGroup:
    """OpenStreetMap tiles (online only), drawn over the land fill and under the boundaries."""
    group = folium.FeatureGroup(name="tiles")
    folium.TileLayer("OpenStreetMap").add_to(group)
    return group


def html_lines(title: str, *lines: str) -> str:
    """Tooltip HTML: an escaped bold title and escaped lines (empty lines dropped)."""
    body = [f"<b>{html.escape(title)}</b>"] + [html.escape(line) for line in lines if line]
    return "<br>".join(body)


def legend_html(title: str, items: Iterable[tuple[str, str]], shape: str = "dot") -> str:
    """A collapsible legend: an escaped title that opens and closes one (colour, escaped label)
    row per item."""
    rows = [f"<details><summary>{html.escape(title)}</summary>"]
    for colour, label in items:
        style = f"border-color:{colour}" if shape == "line" else f"background:{colour}"
        rows.append(f'<div><i class="{shape}" style="{style}"></i>{html.escape(label)}</div>')
    return "".join(rows) + "</details>"
