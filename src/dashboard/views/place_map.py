"""The map a company representative picks the company's location on: the offline base map of
St. Petersburg and the Leningrad region with its towns, and the point picked."""

from __future__ import annotations

import html

import folium
import pandas as pd

from dashboard.domain.labels import place_name
from dashboard.domain.places import places
from dashboard.views.leaflet import base_map, data_bounds
from dashboard.views.map_layers import town_rows

HOME_REGIONS = ("RU-SPE", "RU-LEN")
"""Where the Living Lab's workshops are held: the map opens there (it pans anywhere)."""
POINT_COLOUR = "#c8102e"


def home_bounds() -> list[list[float]]:
    towns = places()
    return data_bounds(towns[towns["region_code"].isin(HOME_REGIONS)])


def place_map() -> folium.Map:
    """The stable base map the point is drawn on."""
    (south, west), (north, east) = bounds = home_bounds()
    corners = pd.DataFrame({"lat": [south, north], "lon": [west, east]})
    return base_map(bounds, town_rows(corners))


def point_layer(point: tuple[str, float, float] | None) -> list[folium.FeatureGroup]:
    """The picked point with its town's name, or nothing."""
    group = folium.FeatureGroup(name="picked")
    if point is not None:
        place_id, lat, lon = point
        folium.CircleMarker(
            [lat, lon], radius=8, color=POINT_COLOUR, fill=True, fill_opacity=0.8, weight=2,
            class_name="is-picked", tooltip=html.escape(place_name(place_id)),
        ).add_to(group)  # fmt: skip
    return [group]
