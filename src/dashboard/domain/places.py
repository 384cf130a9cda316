"""Towns of the Baltic Sea Region (bundled from GeoNames, CC BY 4.0): their names, and the
nearest town of a company, the "place" below region level. A place is the nearest town
within `NEAREST_KM`, not an administrative area."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from dashboard.domain.geo import KM_PER_DEGREE, haversine_km
from dashboard.domain.reference import REFERENCE_DIR

NEAREST_KM = 30.0


@cache
def places() -> pd.DataFrame:
    """The bundled towns indexed by `place_id`, most populous first: name, name_ru (empty when
    GeoNames has none), lat, lon, population, country, region_code."""
    table = pd.read_csv(
        REFERENCE_DIR / "places.csv",
        dtype={"place_id": str, "name": str, "name_ru": str, "country": str, "region_code": str},
        keep_default_na=False,
    )
    return table.set_index("place_id")


def nearest_places(
    lat: pd.Series, lon: pd.Series, towns: pd.DataFrame | None = None, max_km: float = NEAREST_KM
) -> pd.Series:
    """The id of the nearest town within `max_km` of each point (same index); None for a point
    without coordinates or without a town that near. Of towns equally near, the first listed.

    Candidates are the towns in a box around each point wide enough at its latitude (a shapely
    tree of the towns), measured along the great circle."""
    import shapely

    towns = places() if towns is None else towns
    result = pd.Series(np.full(len(lat), None, dtype=object), index=lat.index, name="place")
    lats, lons = lat.to_numpy(float), lon.to_numpy(float)
    located = np.flatnonzero(np.isfinite(lats) & np.isfinite(lons))
    if towns.empty or not len(located):
        return result
    lats, lons = lats[located], lons[located]
    town_lat, town_lon = towns["lat"].to_numpy(float), towns["lon"].to_numpy(float)
    tall = max_km / KM_PER_DEGREE
    wide = np.minimum(tall / np.maximum(np.cos(np.radians(np.abs(lats) + tall)), 1e-9), 360.0)
    tall, wide = tall * 1.01, wide * 1.01
    boxes = shapely.box(lons - wide, lats - tall, lons + wide, lats + tall)
    point, town = shapely.STRtree(shapely.points(town_lon, town_lat)).query(boxes)
    km = haversine_km(lats[point], lons[point], town_lat[town], town_lon[town])
    near = km <= max_km
    point, town, km = point[near], town[near], km[near]
    order = np.lexsort((town, km, point))
    nearest, first = np.unique(point[order], return_index=True)
    result.iloc[located[nearest]] = towns.index.to_numpy()[town[order][first]]
    return result


def place_at(lat: float, lon: float, max_km: float = NEAREST_KM) -> str | None:
    """The nearest town within `max_km` of one point, or None."""
    found = nearest_places(pd.Series([float(lat)]), pd.Series([float(lon)]), max_km=max_km)
    return found.iloc[0]


def in_area(
    towns: pd.DataFrame, lat: pd.Series, lon: pd.Series, margin_deg: float = 0.5
) -> pd.DataFrame:
    """The towns within the bounding box of the points, widened by `margin_deg`."""
    lat, lon = lat.dropna().astype(float), lon.dropna().astype(float)
    if lat.empty:
        return towns.head(0)
    inside = towns["lat"].between(lat.min() - margin_deg, lat.max() + margin_deg) & towns[
        "lon"
    ].between(lon.min() - 2 * margin_deg, lon.max() + 2 * margin_deg)
    return towns[inside]
