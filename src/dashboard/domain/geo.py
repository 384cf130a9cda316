"""Places on the Earth: great-circle distances, and region and country from coordinates by
point-in-polygon against the bundled boundaries."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.domain.reference import region_shapes

EARTH_RADIUS_KM = 6371.0088
"""Mean Earth radius (IUGG) used for great-circle distances."""

EQUAL_AREA_CRS = "EPSG:3035"
COAST_TOLERANCE_M = 30_000


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in km between points given in degrees (numbers or arrays)."""
    lat1, lon1, lat2, lon2 = (np.radians(v) for v in (lat1, lon1, lat2, lon2))
    a = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(a, 1.0)))


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points, as a plain float."""
    return float(haversine_km(lat1, lon1, lat2, lon2))


def locate(lat: pd.Series, lon: pd.Series) -> pd.DataFrame:
    """Return `region_code` and `country` for each point (same index), NA outside every region.

    Points on the simplified coastline that fall just outside a polygon take the nearest
    region within 30 km.
    """
    import geopandas as gpd

    points = gpd.GeoDataFrame(
        index=lat.index, geometry=gpd.points_from_xy(lon.astype(float), lat.astype(float)), crs=4326
    )
    shapes = region_shapes()
    joined = gpd.sjoin(points, shapes, how="left", predicate="within")
    joined = joined[~joined.index.duplicated(keep="first")]
    result = pd.DataFrame(
        {"region_code": joined["region_code"], "country": joined["country_iso2"]},
        index=lat.index,
        dtype=object,
    )
    outside = result["region_code"].isna()
    if outside.any():
        near = gpd.sjoin_nearest(
            points[outside].to_crs(EQUAL_AREA_CRS),
            shapes.to_crs(EQUAL_AREA_CRS),
            how="left",
            max_distance=COAST_TOLERANCE_M,
        )
        near = near[~near.index.duplicated(keep="first")]
        result.loc[near.index, "region_code"] = near["region_code"]
        result.loc[near.index, "country"] = near["country_iso2"]
    return result.astype(object).where(result.notna(), None)


def unit_vectors(lat, lon) -> np.ndarray:
    """Points given in degrees as rows (x, y, z) on the unit sphere: the straight line between
    two of them (the chord) orders neighbours as the great circle does, for a k-d tree."""
    phi = np.radians(np.asarray(lat, dtype=float))
    lam = np.radians(np.asarray(lon, dtype=float))
    return np.column_stack([np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)])


def chord_of_km(km):
    """The chord on the unit sphere of a great-circle distance in km (numbers or arrays)."""
    return 2 * np.sin(np.minimum(np.asarray(km, dtype=float) / EARTH_RADIUS_KM, np.pi) / 2)


def km_of_chord(chord):
    """The great-circle distance in km of a chord on the unit sphere (numbers or arrays)."""
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(np.asarray(chord, dtype=float) / 2, 1.0))
