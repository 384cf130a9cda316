"""Places on the Earth: great-circle distances, and region and country from coordinates by
point-in-polygon against the bundled boundaries."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from dashboard.domain.reference import region_shapes

EARTH_RADIUS_KM = 6371.0088
"""Mean Earth radius (IUGG) used for great-circle distances."""

KM_PER_DEGREE = np.pi * EARTH_RADIUS_KM / 180
"""Great-circle km per degree of latitude (and of longitude on the equator)."""
COAST_TOLERANCE_KM = 30.0
BAND_DEG = 0.1


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in km between points given in degrees (numbers or arrays)."""
    return haversine_between(spherical(lat1, lon1), spherical(lat2, lon2))


def spherical(lat, lon) -> tuple:
    """Latitude and longitude in radians and the cosine of the latitude, the parts of a point
    that `haversine_between` uses (computed once for points met many times)."""
    lat, lon = np.radians(lat), np.radians(lon)
    return lat, lon, np.cos(lat)


def haversine_between(first: tuple, second: tuple):
    """Great-circle km between points given by `spherical` (numbers or arrays)."""
    (lat1, lon1, cos1), (lat2, lon2, cos2) = first, second
    a = np.sin((lat2 - lat1) / 2) ** 2 + cos1 * cos2 * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(a, 1.0)))


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points, as a plain float."""
    return float(haversine_km(lat1, lon1, lat2, lon2))


def locate(lat: pd.Series, lon: pd.Series) -> pd.DataFrame:
    """Return `region_code` and `country` for each point (same index), NA outside every region.

    Points on the simplified coastline that fall just outside a polygon take the nearest
    region within `COAST_TOLERANCE_KM`, measured on a plane tangent at the point.
    """
    import shapely

    shapes = region_shapes()
    tree = _region_tree()
    lats, lons = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
    found = np.full(len(lats), -1)
    for index, (polygon, (west, south, east, north)) in enumerate(
        zip(tree.geometries, shapely.bounds(tree.geometries), strict=True)
    ):
        near = np.flatnonzero(
            (found < 0) & (lons >= west) & (lons <= east) & (lats >= south) & (lats <= north)
        )
        found[near[shapely.contains_xy(polygon, lons[near], lats[near])]] = index
    outside = np.flatnonzero((found < 0) & np.isfinite(lats) & np.isfinite(lons))
    found[outside] = _nearest_coast_regions(tree, lats[outside], lons[outside])
    known = found >= 0
    codes = np.full(len(lats), None, dtype=object)
    countries = codes.copy()
    codes[known] = shapes["region_code"].to_numpy()[found[known]]
    countries[known] = shapes["country_iso2"].to_numpy()[found[known]]
    return pd.DataFrame({"region_code": codes, "country": countries}, index=lat.index)


@cache
def _region_tree():
    import shapely

    polygons = region_shapes()["geometry"].to_numpy()
    shapely.prepare(polygons)
    return shapely.STRtree(polygons)


def _nearest_coast_regions(tree, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """The index of the region nearest to each point within `COAST_TOLERANCE_KM`, else -1.

    Candidates are the regions whose bounds meet a box around the point wide enough at its
    latitude,
    then are measured in km on an equirectangular plane true at the middle of the point's band
    of `BAND_DEG` latitude (at 70 degrees north its scale errs by under 0.25 %)."""
    import shapely

    found = np.full(len(lats), -1)
    if not len(lats):
        return found
    reach = COAST_TOLERANCE_KM / KM_PER_DEGREE / np.maximum(np.cos(np.radians(lats)), 1e-6)
    reach = reach * 1.01
    boxes = shapely.box(lons - reach, lats - reach, lons + reach, lats + reach)
    point, index = tree.query(boxes)
    band = np.floor(lats[point] / BAND_DEG)
    km = np.empty(len(point))
    for value in np.unique(band):
        pairs = np.flatnonzero(band == value)
        scale = np.array([np.cos(np.radians((value + 0.5) * BAND_DEG)), 1.0]) * KM_PER_DEGREE
        regions = np.unique(index[pairs])
        planar = shapely.transform(tree.geometries[regions], lambda xy, s=scale: xy * s)
        where = dict(zip(regions.tolist(), planar, strict=True))
        points = shapely.points(lons[point[pairs]] * scale[0], lats[point[pairs]] * scale[1])
        km[pairs] = shapely.distance(points, [where[i] for i in index[pairs].tolist()])
    near = km <= COAST_TOLERANCE_KM
    point, index, km = point[near], index[near], km[near]
    order = np.lexsort((index, km, point))
    nearest, first = np.unique(point[order], return_index=True)
    found[nearest] = index[order][first]
    return found


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
