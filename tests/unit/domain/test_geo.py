"""Great-circle distances and locating points in the bundled regions."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from dashboard.domain import geo


def test_haversine_matches_a_known_distance_and_works_on_arrays():
    # Helsinki - Saint Petersburg city centres: about 300 km
    km = geo.distance_km(60.1699, 24.9384, 59.9343, 30.3351)
    assert 298 < km < 302
    one_degree = geo.haversine_km(np.array([0.0, 10.0]), 0.0, np.array([1.0, 11.0]), 0.0)
    expected = math.pi * geo.EARTH_RADIUS_KM / 180
    assert np.allclose(one_degree, expected)


def test_locate_finds_region_and_country():
    found = geo.locate(pd.Series([59.93, 60.17]), pd.Series([30.31, 24.94]))
    assert list(found["region_code"]) == ["RU-SPE", "FI-18"]
    assert list(found["country"]) == ["RU", "FI"]


def test_chords_on_the_unit_sphere_give_great_circle_km():
    lat, lon = np.array([60.0, 59.9386, -33.9]), np.array([30.0, 30.3141, 151.2])
    points = geo.unit_vectors(lat, lon)
    assert np.linalg.norm(points, axis=1) == pytest.approx([1, 1, 1])
    chord = np.linalg.norm(points[0] - points[1:], axis=1)
    km = geo.haversine_km(lat[0], lon[0], lat[1:], lon[1:])
    assert geo.km_of_chord(chord) == pytest.approx(km, rel=1e-12)
    assert geo.chord_of_km(km) == pytest.approx(chord, rel=1e-12)
    assert geo.km_of_chord(geo.chord_of_km(1e6)) == pytest.approx(np.pi * geo.EARTH_RADIUS_KM)


def _random_points(n: int, seed: int) -> tuple[pd.Series, pd.Series]:
    rng = np.random.default_rng(seed)
    return pd.Series(rng.uniform(53, 71, n)), pd.Series(rng.uniform(4, 45, n))


def test_located_points_lie_in_the_first_region_that_holds_them():
    import shapely

    from dashboard.domain.reference import region_shapes

    lat, lon = _random_points(3000, seed=5)
    found = geo.locate(lat, lon)
    polygons = region_shapes()["geometry"].to_numpy()
    codes = region_shapes()["region_code"].tolist()
    holds = np.column_stack([shapely.contains_xy(p, lon.to_numpy(), lat.to_numpy()) for p in polygons])
    inside = holds.any(axis=1)
    assert inside.sum() > 1000
    expected = [codes[row.argmax()] for row in holds[inside]]
    assert found["region_code"][inside].tolist() == expected
    assert (found["country"][inside] == found["region_code"][inside].str[:2]).all()


def test_points_off_the_coast_take_the_nearest_region_within_the_tolerance():
    """Against every region measured on a plane tangent at the point itself."""
    import shapely

    from dashboard.domain.reference import region_shapes

    lat, lon = _random_points(3000, seed=6)
    found = geo.locate(lat, lon)
    polygons = region_shapes()["geometry"].to_numpy()
    codes = region_shapes()["region_code"].to_numpy()
    outside = ~np.column_stack(
        [shapely.contains_xy(p, lon.to_numpy(), lat.to_numpy()) for p in polygons]
    ).any(axis=1)
    checked = near = 0
    for i in np.flatnonzero(outside):
        scale = np.array([np.cos(np.radians(lat[i])), 1.0]) * geo.KM_PER_DEGREE
        planar = shapely.transform(polygons, lambda xy, i=i, s=scale: (xy - [lon[i], lat[i]]) * s)
        km = shapely.distance(shapely.points(0.0, 0.0), planar)
        if abs(km.min() - geo.COAST_TOLERANCE_KM) < 0.3:
            continue  # the band's scale may put it on either side
        checked += 1
        if km.min() <= geo.COAST_TOLERANCE_KM:
            near += 1
            assert found["region_code"][i] == codes[km.argmin()]
        else:
            assert found["region_code"][i] is None and found["country"][i] is None
    assert checked > 500 and near > 50


def test_points_without_coordinates_are_not_located():
    found = geo.locate(pd.Series([None, 59.93], dtype=float), pd.Series([30.0, 30.31]))
    assert found["region_code"].tolist() == [None, "RU-SPE"]
    assert geo.locate(pd.Series([], dtype=float), pd.Series([], dtype=float)).empty
