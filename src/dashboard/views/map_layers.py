"""The Map page's layers as pure functions: data in, folium feature groups out.

Companies are coloured by NACE section and sized by what they offer; flows are lines styled by
status, candidate exchanges thin dotted lines, with arrowheads; regions can be filled by their
candidate quantity. The base map and the layer elements are in `dashboard.views.leaflet`.
"""

from __future__ import annotations

import copy
import html
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import folium
import folium.plugins
import numpy as np
import pandas as pd

from dashboard.domain.dataset import Dataset
from dashboard.domain.geo import haversine_km
from dashboard.domain.labels import (
    ARROW,
    amount,
    capitalised,
    material_label,
    place_name,
    region_label,
    section_label,
    status_label,
    unit_label,
)
from dashboard.domain.places import in_area, places
from dashboard.domain.statuses import ACTIVE, CANDIDATE, POTENTIAL
from dashboard.i18n import number, t
from dashboard.views.candidate_reasons import reasons
from dashboard.views.leaflet import (
    ARROW_PX,
    VENDOR_CSS,
    VENDOR_JS,
    CircleMarkers,
    Legend,
    Lines,
    Tooltip,
    boundaries,
    html_lines,
    legend_html,
    tiles_layer,
)
from dashboard.views.style import (
    CHOROPLETH_COLOURS,
    LINE_STYLES,
    section_colour,
)

FLOW_WIDTHS = (2.0, 8.0, 2.5)  # thinnest, thickest, without a quantity (px)
CANDIDATE_WIDTHS = (1.2, 4.0, 1.5)
MIN_RADIUS, MAX_RADIUS, DEFAULT_RADIUS = 4.0, 10.0, 3.0  # px; Leaflet reports the centre of a
# clicked circle marker only up to a radius of 10 px, which `company_at` relies on.
CLUSTER_ABOVE = 300
MAX_CANDIDATE_LINES = 300
TABLE_ROWS = 500
"""Candidates listed in the table below the map (the download holds them all)."""
TABLE_COLUMNS = [
    "source_name", "target_name", "have_material", "want_material", "quantity", "unit",
    "coverage", "distance_km", "hazardous", "score", "reasons",
]  # fmt: skip
COMPANY_CLASS = "is-company"


TOWN_LABELS_APART_KM = 10.0


def area_towns(companies: pd.DataFrame) -> pd.DataFrame:
    """The bundled towns around the companies (most populous first)."""
    return in_area(places(), companies["lat"], companies["lon"])


def town_rows(companies: pd.DataFrame, apart_km: float = TOWN_LABELS_APART_KM) -> list[list]:
    """[lat, lon, escaped name, population] of the towns around the companies, for `Towns`;
    a town within `apart_km` of a larger one (a city's district) is not labelled."""
    towns = area_towns(companies)
    kept: list[int] = []
    lat, lon = towns["lat"].to_numpy(float), towns["lon"].to_numpy(float)
    for i in range(len(towns)):
        if not kept or haversine_km(lat[i], lon[i], lat[kept], lon[kept]).min() > apart_km:
            kept.append(i)
    towns = towns.iloc[kept]
    return [
        [float(row.lat), float(row.lon), html.escape(place_name(place_id)), int(row.population)]
        for place_id, row in zip(towns.index, towns.itertuples(index=False), strict=True)
    ]


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


def mercator_y(lat: float) -> float:
    """Web Mercator northing of a latitude (radians of the unit sphere)."""
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def arrow_head(
    start: Sequence[float], end: Sequence[float], weight: float = 2.0, at: float = 0.7
) -> list[float] | None:
    """[lat, lon, angle, px] of an arrowhead pointing from `start` to `end`: its tip at `at` of
    the way as the map draws the line (Web Mercator), its screen angle in degrees clockwise from
    east (the same at every zoom), its length in screen px from the line's `weight`. None for a
    line of no length."""
    (lat1, lon1), (lat2, lon2) = start, end
    dx = math.radians(lon2 - lon1)
    y1, y2 = mercator_y(lat1), mercator_y(lat2)
    if dx == 0 and y1 == y2:
        return None
    tip_lat = math.degrees(2 * math.atan(math.exp(y1 + at * (y2 - y1))) - math.pi / 2)
    angle = math.degrees(math.atan2(-(y2 - y1), dx))
    size = min(ARROW_PX[0] + weight, ARROW_PX[1])
    return [round(tip_lat, 5), round(lon1 + at * (lon2 - lon1), 5), round(angle, 1), size]


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


CHOROPLETH_OPACITY = 0.45


def choropleth_classes(values: Iterable[float]) -> list[tuple[str, float]]:
    """(colour, upper bound) of each class: quantile classes of `values`, as many as there are
    distinct values up to the number of colours, so that two regions never share a colour; the
    near-white first colour is left out, and one class takes a middle colour."""
    values = np.sort(np.asarray(list(values), dtype=float))
    count = min(len(CHOROPLETH_COLOURS) - 1, len(np.unique(values)))
    if count == 0:
        return []
    uppers = np.quantile(values, np.arange(1, count + 1) / count, method="inverted_cdf")
    last = len(CHOROPLETH_COLOURS) - 1
    picks = np.linspace(1, last, count) if count > 1 else [last // 2 + 1]
    return [(CHOROPLETH_COLOURS[round(i)], float(u)) for i, u in zip(picks, uppers, strict=True)]


def choropleth_colour(value: float, classes: list[tuple[str, float]]) -> str:
    for colour, upper in classes:
        if value <= upper:
            return colour
    return classes[-1][0]


def sector_legend(sections: Iterable[object]) -> str:
    present = sorted({s if isinstance(s, str) else "" for s in sections})
    items = [(section_colour(s or None), section_label(s or None)) for s in present]
    return legend_html(t("map.legend.sectors"), items)


def flow_tooltip(row: pd.Series) -> str:
    return html_lines(
        f"{row['source_name']}{ARROW}{row['target_name']}",
        capitalised(status_label(row["status"])),
        " ".join(
            filter(None, [material_label(row["material"]), amount(row["quantity"], row["unit"])])
        ),
    )


def candidate_tooltip(row: pd.Series, reason: str) -> str:
    return html_lines(
        f"{row['source_name']}{ARROW}{row['target_name']}",
        f"{material_label(row['have_material'])}{ARROW}{material_label(row['want_material'])}",
        t(
            "map.tooltip.candidate",
            amount=amount(row["quantity"], row["unit"]) or "?",
            distance=number(row["distance_km"], ",.1f"),
            score=number(row["score"], ".1f"),
        ),
        reason,
    )


def marker_rows(
    companies: pd.DataFrame, streams: pd.DataFrame, unit: str
) -> tuple[list[list], list[str]]:
    """[lat, lon, radius, colour, fill opacity, tooltip parts] per located company, and the
    labels the parts refer to (see `CircleMarkers`): coloured by NACE section, sized by its
    total have quantity in `unit` (pale and small without one); the tooltip holds the name, the
    sector, the region and what it offers."""
    located = companies.dropna(subset=["lat", "lon"])
    totals = have_totals(streams, unit)
    radii = marker_radii(located["company_id"], totals).round(1).tolist()
    missing = pd.Series(None, index=located.index, dtype=object)
    sections = located.get("nace_section", missing).astype(object)
    regions = located.get("region_code", missing).astype(object)
    sections, regions = sections.where(sections.notna(), None), regions.where(regions.notna(), None)
    labels: list[str] = []
    indices: dict[tuple[str, object], int] = {}

    def label_index(kind: str, value: object) -> int:
        if (kind, value) not in indices:
            indices[kind, value] = len(labels)
            text = section_label(value) if kind == "section" else region_label(value)
            labels.append(html.escape(text))
        return indices[kind, value]

    colours = {s: section_colour(s) for s in sections.unique()}
    offers_html = html.escape(t("map.tooltip.offers", amount="{amount}"))

    def offer(total: float) -> str:
        text = amount(total, unit)
        return offers_html.replace("{amount}", html.escape(text)) if text else ""

    offers = located["company_id"].map(totals).map(offer)
    rows = []
    for lat, lon, radius, section, region, name, offer in zip(
        located["lat"].round(5).tolist(), located["lon"].round(5).tolist(), radii,
        sections, regions, located["name"].astype(str), offers, strict=True,
    ):  # fmt: skip
        tooltip = [f"<b>{html.escape(name)}</b>", label_index("section", section),
                   label_index("region", region), offer]  # fmt: skip
        rows.append([lat, lon, radius, colours[section], 0.55 if radius == DEFAULT_RADIUS else 0.9,
                     tooltip])  # fmt: skip
    return rows, labels


def company_layer(
    companies: pd.DataFrame, streams: pd.DataFrame, unit: str, cluster_above: int = CLUSTER_ABOVE
) -> folium.FeatureGroup:
    """The company markers (see `marker_rows`), clustered above `cluster_above` of them, with a
    sector legend."""
    rows, labels = marker_rows(companies, streams, unit)
    group = folium.FeatureGroup(name="companies")
    parent: folium.MacroElement = group
    if len(rows) > cluster_above:
        parent = folium.plugins.MarkerCluster(
            options={"maxClusterRadius": 45, "disableClusteringAtZoom": 11}
        )
        parent.default_js, parent.default_css = VENDOR_JS[1:], VENDOR_CSS[1:]
        parent.add_to(group)
    CircleMarkers(rows, labels, className=COMPANY_CLASS).add_to(parent)
    sections = companies.dropna(subset=["lat", "lon"]).get("nace_section", pd.Series())
    Legend(sector_legend(sections)).add_to(group)
    return group


def line_rows(lines: pd.DataFrame, widths: pd.Series, tooltips: Iterable[str]) -> list[list]:
    """[start, end, weight, tooltip, arrowhead] per line of a frame with source_/target_ lat/lon."""
    rows = []
    for (_, row), weight, tooltip in zip(lines.iterrows(), widths, tooltips, strict=True):
        start = (round(float(row["source_lat"]), 5), round(float(row["source_lon"]), 5))
        end = (round(float(row["target_lat"]), 5), round(float(row["target_lon"]), 5))
        weight = round(float(weight), 1)
        rows.append([list(start), list(end), weight, tooltip, arrow_head(start, end, weight)])
    return rows


def flow_layer(segments: pd.DataFrame, statuses: Iterable[str]) -> folium.FeatureGroup:
    """Flows of the chosen statuses: existing solid, planned dashed, potential dotted; width by
    quantity within each unit."""
    group = folium.FeatureGroup(name="flows")
    shown = segments[segments["status"].isin(list(statuses))]
    widths = line_widths(shown["quantity"], shown["unit"], FLOW_WIDTHS)
    for status in ACTIVE:
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
        texts = reasons(shown)
        tooltips = [
            candidate_tooltip(row, reason)
            for (_, row), reason in zip(shown.iterrows(), texts, strict=True)
        ]
        Lines(line_rows(shown, widths, tooltips), **LINE_STYLES[CANDIDATE]).add_to(group)
    return group


def line_legend(statuses: Iterable[str], candidates: bool) -> str:
    keys = [s for s in ACTIVE if s in set(statuses)] + ([CANDIDATE] if candidates else [])
    items = [(LINE_STYLES[k]["color"], capitalised(status_label(k))) for k in keys]
    return legend_html(t("map.legend.lines"), items, shape="line")


def choropleth_layer(totals: pd.Series, unit: str) -> folium.FeatureGroup:
    """Source regions filled by their candidate quantity in `unit`, with a class legend."""
    group = folium.FeatureGroup(name="choropleth")
    if totals.empty:
        return group
    classes = choropleth_classes(totals)
    for feature in boundaries()["regions"]["features"]:
        code = feature["properties"]["region_code"]
        if code not in totals.index:
            continue
        layer = folium.GeoJson(
            {"type": "Feature", "geometry": feature["geometry"], "properties": {}},
            style={
                "color": "#7f2704", "weight": 0.8, "fillOpacity": CHOROPLETH_OPACITY,
                "fillColor": choropleth_colour(float(totals[code]), classes),
            },
        )  # fmt: skip
        Tooltip(html_lines(region_label(code), amount(totals[code], unit))).add_to(layer)
        layer.add_to(group)
    lower = 0.0
    items = []
    for colour, upper in classes:
        items.append((colour, f"{number(lower)}–{number(upper)}"))
        lower = upper
    title = t("map.legend.choropleth", unit=unit_label(unit))
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
    lines: tuple[str, ...] = ACTIVE
    choropleth: bool = False
    tiles: bool = False
    selected: str | None = None

    def with_selected(self, company_id: str | None) -> MapSettings:
        return replace(self, selected=company_id)


def map_layers(
    view: Dataset,
    full: Dataset,
    candidates: pd.DataFrame,
    companies: pd.DataFrame,
    settings: MapSettings,
) -> list[folium.FeatureGroup]:
    """The dynamic layers, bottom to top: tiles, regions, flows, candidates, companies,
    selection ring, line legend. `companies` are the ones to mark (see `shown_companies`)."""
    layers = data_layers(view, full, candidates, companies, settings)
    return with_selection(layers, companies, settings.selected)


def fresh_copy(layers: list[folium.FeatureGroup]) -> list[folium.FeatureGroup]:
    """A copy of kept layers to hand to streamlit-folium, which renames every element it draws
    (a marker cluster drawn a second time refers to its old name: "not defined" in the browser);
    the kept ones stay as built."""
    return copy.deepcopy(layers)


def with_selection(
    layers: list[folium.FeatureGroup], companies: pd.DataFrame, company_id: str | None
) -> list[folium.FeatureGroup]:
    """`data_layers` with the selection ring of `company_id` between the companies and the
    legend."""
    return [*layers[:-1], selection_layer(companies, company_id), layers[-1]]


def data_layers(
    view: Dataset,
    full: Dataset,
    candidates: pd.DataFrame,
    companies: pd.DataFrame,
    settings: MapSettings,
) -> list[folium.FeatureGroup]:
    """The layers that depend on the data and the settings but not on the selected company:
    those of `map_layers` without the selection ring, the line legend last."""
    groups = [tiles_layer()] if settings.tiles else []
    if settings.choropleth:
        totals = region_totals(candidates, full.companies, settings.unit)
        groups.append(choropleth_layer(totals, settings.unit))
    segments = flow_segments(view.flows, companies)
    statuses = [s for s in ACTIVE if s in settings.lines and s in set(segments["status"])]
    drawn = candidates if POTENTIAL in settings.lines else candidates.head(0)
    groups += [
        flow_layer(segments, statuses),
        candidate_layer(drawn),
        company_layer(companies, full.streams, settings.unit),
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
