"""Places: the nearest bundled town of a company within 30 km, its name by language, and the
place filter."""

from __future__ import annotations

import pandas as pd

from dashboard.domain.dataset import apply_filters, filter_options
from dashboard.domain.labels import place_label, place_name
from dashboard.domain.places import NEAREST_KM, in_area, nearest_places, place_at, places
from dashboard.domain.reference import DATASETS_DIR
from dashboard.io.datasets import load_or_raise

TOWNS = pd.DataFrame(
    {"name": ["Big", "Small"], "lat": [60.0, 60.0], "lon": [30.0, 31.0]},
    index=pd.Index(["gn1", "gn2"], name="place_id"),
)


def test_nearest_town_within_the_limit_else_none():
    # 0.1 degree of latitude is 11.1 km; 1 degree of longitude at 60 N is 55.6 km
    lat = pd.Series([60.1, 60.0, 60.2, 61.0, None], index=list("abcde"))
    lon = pd.Series([30.0, 30.9, 30.45, 30.0, 30.0], index=list("abcde"))
    found = nearest_places(lat, lon, TOWNS)
    assert found.to_dict() == {"a": "gn1", "b": "gn2", "c": None, "d": None, "e": None}
    assert nearest_places(lat, lon, TOWNS, max_km=35.0)["c"] == "gn1"


def test_companies_get_their_nearest_town_as_place_when_loaded():
    kalundborg = load_or_raise(DATASETS_DIR / "kalundborg")
    towns = places()
    kalundborg_id = towns.index[towns["name"] == "Kalundborg"][0]
    asnaes = kalundborg.companies.set_index("company_id").loc["ks-asnaes"]
    assert asnaes["place"] == kalundborg_id
    assert kalundborg_id in filter_options(kalundborg)["place"]
    only = apply_filters(kalundborg, places=[kalundborg_id])
    assert 0 < len(only.companies) < len(kalundborg.companies)
    assert (only.companies["place"] == kalundborg_id).all()


def test_place_names_follow_the_language():
    towns = places()
    kingisepp = towns.index[towns["name"] == "Kingisepp"][0]
    assert place_name(kingisepp, "en") == "Kingisepp"
    assert place_name(kingisepp, "ru") == "Кингисепп"
    kalundborg = towns.index[towns["name"] == "Kalundborg"][0]
    assert place_name(kalundborg, "ru") == "Kalundborg"
    assert place_name(None) == ""
    assert place_label(kalundborg) == "Kalundborg (DK-85)"


def test_towns_in_the_area_of_the_points():
    found = in_area(TOWNS, pd.Series([60.0]), pd.Series([30.1]), margin_deg=0.2)
    assert list(found.index) == ["gn1"]
    assert in_area(TOWNS, pd.Series([], dtype=float), pd.Series([], dtype=float)).empty


def test_the_place_filter_keeps_candidates_with_either_end_in_the_place():
    from dashboard.analysis.matching import MatchOptions, find_candidates

    leningrad = load_or_raise(DATASETS_DIR / "leningrad")
    place = leningrad.companies["place"].value_counts().index[0]
    inside = set(leningrad.companies.loc[leningrad.companies["place"] == place, "company_id"])
    every = find_candidates(leningrad, MatchOptions())
    kept = find_candidates(leningrad, MatchOptions(places=(place,)))
    touching = every["source_company"].isin(inside) | every["target_company"].isin(inside)
    assert 0 < len(kept) < len(every)
    assert len(kept) == touching.sum()


def test_the_nearest_town_is_the_one_a_search_of_every_town_finds():
    import numpy as np

    from dashboard.domain.geo import haversine_km

    rng = np.random.default_rng(3)
    lat = pd.Series(rng.uniform(50, 72, 3000))
    lon = pd.Series(rng.uniform(0, 50, 3000))
    towns = places()
    found = nearest_places(lat, lon)
    km = haversine_km(lat.to_numpy()[:, None], lon.to_numpy()[:, None],
                      towns["lat"].to_numpy()[None, :], towns["lon"].to_numpy()[None, :])  # fmt: skip
    nearest = km.argmin(axis=1)
    within = km.min(axis=1) <= 30.0
    expected = np.where(within, towns.index.to_numpy()[nearest], None)
    assert within.sum() > 300
    assert found.tolist() == expected.tolist()


def test_place_at_names_the_nearest_town_of_one_point_and_none_far_from_any():
    kirishi = places().loc["gn548442"]
    assert place_at(kirishi["lat"] - 0.013, kirishi["lon"] + 0.043) == "gn548442"
    assert place_at(70.0, 0.0) is None
    assert place_at(kirishi["lat"], kirishi["lon"] + 0.6, max_km=NEAREST_KM) != "gn548442"
