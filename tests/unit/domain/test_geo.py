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
