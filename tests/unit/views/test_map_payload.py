"""The Map page's payload at scale: a synthetic region of 10,000 companies stays under 2 MB."""

from __future__ import annotations

import json
import re
import sys

import pytest
import streamlit_folium

from dashboard.analysis.matching import find_candidates
from dashboard.io.datasets import load_or_raise
from dashboard.views import leaflet
from dashboard.views import map_layers as mv

from ..paths_bench import BENCHMARKS

sys.path.insert(0, str(BENCHMARKS))
from match_command import write_region

COMPANIES = 10_000
MAX_PAYLOAD = 2 * 1024 * 1024


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    folder = tmp_path_factory.mktemp("region") / "synthetic"
    write_region(COMPANIES, folder)
    full = load_or_raise(folder)
    return full, find_candidates(full)


def payload(full, candidates, settings: mv.MapSettings, monkeypatch) -> bytes:
    """The st_folium component's arguments as JSON, as Streamlit sends them."""
    sent = {}

    def capture(**kwargs):
        sent.update({k: v for k, v in kwargs.items() if not callable(v)})
        return kwargs["default"]

    monkeypatch.setattr(streamlit_folium, "_component_func", capture)
    companies = mv.shown_companies(full, full, candidates)
    streamlit_folium.st_folium(
        leaflet.base_map(leaflet.data_bounds(companies)), key="map_view",
        feature_group_to_add=mv.map_layers(full, full, candidates, companies, settings),
        returned_objects=["last_object_clicked"], height=620,
    )  # fmt: skip
    return json.dumps(sent).encode()


@pytest.mark.parametrize("choropleth", [False, True])
def test_map_of_10000_companies_sends_under_2_mb(region, choropleth, monkeypatch):
    full, candidates = region
    settings = mv.MapSettings(choropleth=choropleth, selected=full.companies["company_id"][0])
    sent = payload(full, candidates, settings, monkeypatch)
    assert len(full.companies) == COMPANIES and len(candidates) > 100_000
    assert len(sent) < MAX_PAYLOAD


def test_marker_labels_are_sent_once(region):
    full, _ = region
    rows, labels = mv.marker_rows(full.companies, full.streams, "t/yr")
    assert len(rows) == COMPANIES and len(labels) == len(set(labels)) < 50
    assert all(isinstance(part, int) for row in rows for part in row[5][1:3])


def drawn(layers, bounds, monkeypatch) -> str:
    """The layers' script as streamlit-folium sends it."""
    sent = {}
    monkeypatch.setattr(streamlit_folium, "_component_func",
                        lambda **kwargs: sent.update(kwargs) or kwargs["default"])  # fmt: skip
    streamlit_folium.st_folium(leaflet.base_map(bounds), key="map_view",
                               feature_group_to_add=layers, height=620)  # fmt: skip
    return sent["feature_group"]


def test_kept_layers_draw_the_same_script_every_run(region, monkeypatch):
    """streamlit-folium renames what it draws, so the page keeps the layers it built and hands
    it a copy each run; drawn twice without the copy, a marker cluster is referred to by a name
    the script no longer defines."""
    full, candidates = region
    companies = mv.shown_companies(full, full, candidates)
    kept = mv.data_layers(full, full, candidates, companies, mv.MapSettings())
    bounds = leaflet.data_bounds(companies)
    first = drawn(mv.fresh_copy(kept), bounds, monkeypatch)
    assert drawn(mv.fresh_copy(kept), bounds, monkeypatch) == first
    twice = [drawn(kept, bounds, monkeypatch) for _ in range(2)][1]
    defined = set(re.findall(r"var (marker_cluster_\w+)", twice))
    assert set(re.findall(r"marker_cluster_\w+", twice)) - defined, "the copy is not needed"
    defined = set(re.findall(r"var (marker_cluster_\w+)", first))
    assert set(re.findall(r"marker_cluster_\w+", first)) <= defined
