"""A chain on the map: the base map fitted to its companies, and layers with only its companies
and exchanges, styled by status as on the Map page."""

from __future__ import annotations

from collections.abc import Sequence

import folium
import pandas as pd

from dashboard.domain.dataset import Dataset
from dashboard.domain.exchange import Exchange
from dashboard.domain.labels import ARROW, amount, material_label, status_label
from dashboard.domain.statuses import ACTIVE, CANDIDATE, POTENTIAL
from dashboard.views.leaflet import Lines, base_map, data_bounds, html_lines
from dashboard.views.map_layers import company_layer, line_rows, line_widths, lines_legend_layer
from dashboard.views.style import LINE_STYLES

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
    (south, west), (north, east) = data_bounds(
        dataset.companies[dataset.companies["company_id"].isin(ids)]
    )
    return base_map([[south, west], [north, east + LEGEND_ROOM * (east - west)]])


def map_layers(exchanges: Sequence[Exchange], dataset: Dataset) -> list[folium.FeatureGroup]:
    """Only the chain's companies and links: lines styled by status as on the Map page."""
    ids = {c for ex in exchanges for c in (ex.source_company, ex.target_company)}
    companies = dataset.companies[dataset.companies["company_id"].isin(ids)]
    lines = map_lines(exchanges, dataset)
    group = folium.FeatureGroup(name="chain_links")
    widths = line_widths(lines["quantity"], lines["unit"], MAP_WIDTHS)
    statuses = list(dict.fromkeys(lines["status"]))
    for status in statuses:
        part = lines["status"] == status
        tooltips = [
            html_lines(
                f"{row['source_name']}{ARROW}{row['target_name']}",
                status_label(status),
                f"{material_label(row['material'])} {amount(row['quantity'], row['unit'])}",
            )
            for _, row in lines[part].iterrows()
        ]
        style = LINE_STYLES.get(status, LINE_STYLES[POTENTIAL])
        Lines(line_rows(lines[part], widths[part], tooltips), **style).add_to(group)
    legend_statuses = [s for s in statuses if s in ACTIVE]
    return [
        group,
        company_layer(companies, dataset.streams, "t/yr"),
        lines_legend_layer(legend_statuses, CANDIDATE in statuses),
    ]
