"""Server time of a Map page rerun and the size of what it sends to the browser, per dataset.

A rerun computes the candidates (cached by the page after the first run), builds the layers
and serialises the map for streamlit-folium; the payload is the component's arguments as JSON
(what Streamlit sends; gzip shows what a compressing websocket carries).
A cached rerun also reads the cached candidates (a cache hit) and builds the candidate table
below the map and converts it to Arrow, as `st.dataframe` does. The data layers are built on
the first run and kept, as the page keeps them in a session, so a rerun adds only the
selection ring ("layers"); "first layers" is the build of the first run. A synthetic region of
`--companies` companies (benchmarks/matching.py) runs after the bundled datasets; the anchor is
the time `json.dumps` takes to serialise the bundled boundaries' GeoJSON in the same process,
so figures from a loaded machine can be compared.
Run: PYTHONPATH=src:benchmarks .venv/bin/python benchmarks/map_payload.py [--repeat N]
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import logging
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import streamlit as st
import streamlit_folium
from match_command import write_region
from streamlit.dataframe_util import convert_pandas_df_to_arrow_bytes

from dashboard.domain.dataset import Dataset
from dashboard.domain.reference import DATASETS_DIR
from dashboard.io.datasets import bundled_datasets, load_or_raise
from dashboard.views import leaflet
from dashboard.views import map_layers as mv
from dashboard.views.candidate_reasons import table_rows
from dashboard.views.table_words import in_words
from dashboard.web import cache

SCENARIOS = {
    "default": mv.MapSettings(),
    "regions+selection": mv.MapSettings(choropleth=True, selected="first"),
}


def capture(**kwargs):
    capture.args = {k: v for k, v in kwargs.items() if not callable(v)}
    return kwargs["default"]


def candidate_table(candidates):
    """The table below the map as the page builds it, converted to Arrow."""
    rows = table_rows(candidates, mv.TABLE_COLUMNS, mv.TABLE_ROWS)
    return convert_pandas_df_to_arrow_bytes(in_words(rows))


BUILT: dict[tuple, list] = {}
"""Data layers by dataset key and settings, as a session keeps them."""


def rerun(key: str, full, settings: mv.MapSettings) -> tuple[dict[str, float], dict]:
    """One rerun's work, timed in steps; returns the times and the component arguments."""
    start = time.perf_counter()
    candidates = cache.candidates(key, full, {}, min_score=0.0, max_km=None)
    matched = time.perf_counter()
    companies = mv.shown_companies(full, full, candidates)
    if settings.selected == "first":
        settings = mv.MapSettings(**{**vars(settings), "selected": companies["company_id"][0]})
    data_settings = replace(settings, selected=None)
    if (key, data_settings) not in BUILT:
        BUILT[key, data_settings] = mv.data_layers(full, full, candidates, companies, data_settings)
    groups = mv.with_selection(mv.fresh_copy(BUILT[key, data_settings]), companies,
                               settings.selected)  # fmt: skip
    built = time.perf_counter()
    streamlit_folium.st_folium(
        leaflet.base_map(leaflet.data_bounds(full.companies)),
        key="map_view",
        feature_group_to_add=groups,
        returned_objects=["last_object_clicked"],
        height=620,
        use_container_width=True,
    )
    done = time.perf_counter()
    candidate_table(candidates)
    tabled = time.perf_counter()
    times = {
        "candidates_s": matched - start, "layers_s": built - matched, "render_s": done - built,
        "table_s": tabled - done,
    }  # fmt: skip
    return times, capture.args


def measure(key: str, full: Dataset, settings: mv.MapSettings, repeat: int) -> dict[str, object]:
    """Medians of `repeat` cached reruns (after a first one that fills the cache)."""
    first, _ = rerun(key, full, settings)
    runs = [rerun(key, full, settings)[0] for _ in range(repeat)]
    _, args = rerun(key, full, settings)
    median = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    payload = json.dumps(args).encode()
    base = len((args["script"] + args["header"] + args["html"]).encode())
    return {
        "companies": len(full.companies),
        **median,
        "cached_rerun_s": sum(median.values()),
        "first_layers_s": first["layers_s"],
        "payload_kb": len(payload) / 1024,
        "base_kb": base / 1024,
        "layers_kb": len(args["feature_group"].encode()) / 1024,
        "gzip_kb": len(gzip.compress(payload)) / 1024,
    }


def anchor(repeat: int) -> float:
    """Median seconds `json.dumps` takes to serialise the bundled boundaries' GeoJSON."""
    geojson = leaflet.boundaries()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        json.dumps(geojson)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def datasets(companies: int):
    """(name, cache key, dataset): the bundled datasets, then the synthetic region."""
    for dataset_id in bundled_datasets():
        yield dataset_id, dataset_id, load_or_raise(DATASETS_DIR / dataset_id)
    if companies:
        folder = Path(tempfile.mkdtemp()) / "region"
        write_region(companies, folder)
        yield f"synthetic-{companies}", f"upload:synthetic-{companies}", load_or_raise(folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--companies", type=int, default=10_000, help="0: no synthetic region")
    args = parser.parse_args()
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    st.spinner = lambda *a, **k: contextlib.nullcontext()
    streamlit_folium._component_func = capture
    print(
        f"anchor: json.dumps of the boundaries' GeoJSON {anchor(args.repeat) * 1000:.1f} ms "
        f"(median of {args.repeat}); figures are medians of {args.repeat} cached reruns"
    )
    print(
        "| dataset | settings | companies | cache hit | first layers | layers | render | table "
        "| rerun (cached) | payload | base map | layers | gzip |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, key, full in datasets(args.companies):
        for scenario, settings in SCENARIOS.items():
            r = measure(key, full, settings, args.repeat)
            print(
                f"| {name} | {scenario} | {r['companies']:,} | {r['candidates_s']:.3f} s "
                f"| {r['first_layers_s']:.3f} s | {r['layers_s']:.3f} s "
                f"| {r['render_s']:.3f} s | {r['table_s']:.3f} s "
                f"| {r['cached_rerun_s']:.3f} s "
                f"| {r['payload_kb']:,.0f} KB | {r['base_kb']:,.0f} KB | {r['layers_kb']:,.0f} KB "
                f"| {r['gzip_kb']:,.0f} KB |"
            )


if __name__ == "__main__":
    main()
