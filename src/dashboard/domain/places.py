"""Towns of the Baltic Sea Region (bundled from GeoNames, CC BY 4.0): their names, and the
nearest town of a company, the "place" below region level. A place is the nearest town
within `NEAREST_KM`, not an administrative area."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from dashboard.domain.geo import EARTH_RADIUS_KM
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
    without coordinates or without a town that near.

    Points on the unit sphere in a k-d tree (scipy): the nearest by straight-line distance is
    the nearest along the surface, and scipy imports in a third of scikit-learn's time, which
    every `validate` paid."""
    from scipy.spatial import cKDTree

    towns = places() if towns is None else towns
    result = pd.Series(None, index=lat.index, dtype=object, name="place")
    located = lat.notna() & lon.notna()
    if towns.empty or not located.any():
        return result
    tree = cKDTree(_unit_vectors(towns["lat"], towns["lon"]))
    chord, index = tree.query(_unit_vectors(lat[located], lon[located]), k=1)
    near = 2 * np.arcsin(np.minimum(chord / 2, 1.0)) * EARTH_RADIUS_KM <= max_km
    ids = np.where(near, towns.index.to_numpy()[index], None)
    result[located] = ids
    return result.where(result.notna(), None)


def _unit_vectors(lat: pd.Series, lon: pd.Series) -> np.ndarray:
    phi, lam = np.radians(lat.to_numpy(float)), np.radians(lon.to_numpy(float))
    return np.column_stack([np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)])


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
