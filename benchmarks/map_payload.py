"""Server time of a Map page rerun and the size of what it sends to the browser, per dataset.

A rerun computes the candidates (cached by the page after the first run), builds the layers
and serialises the map for streamlit-folium; the payload is the component's arguments as JSON
(what Streamlit sends; gzip shows what a compressing websocket carries).
Run: .venv/bin/python benchmarks/map_payload.py [--repeat N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import statistics
import time

import streamlit_folium

from dashboard.analysis.matching import find_candidates
from dashboard.domain.reference import DATASETS_DIR
from dashboard.io.datasets import bundled_datasets, load_or_raise
from dashboard.views import leaflet
from dashboard.views import map_layers as mv

SCENARIOS = {
    "default": mv.MapSettings(),
    "regions+selection": mv.MapSettings(choropleth=True, selected="first"),
}


def capture(**kwargs):
    capture.args = {k: v for k, v in kwargs.items() if not callable(v)}
    return kwargs["default"]


def rerun(full, settings: mv.MapSettings) -> tuple[dict[str, float], dict]:
    """One rerun's work, timed in steps; returns the times and the component arguments."""
    start = time.perf_counter()
    candidates = find_candidates(full)
    matched = time.perf_counter()
    companies = mv.shown_companies(full, full, candidates)
    if settings.selected == "first":
        settings = mv.MapSettings(**{**vars(settings), "selected": companies["company_id"][0]})
    groups = mv.map_layers(full, full, candidates, companies, settings)
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
    times = {"candidates_s": matched - start, "layers_s": built - matched, "render_s": done - built}
    return times, capture.args


def measure(dataset_id: str, settings: mv.MapSettings, repeat: int) -> dict[str, object]:
    full = load_or_raise(DATASETS_DIR / dataset_id)
    rerun(full, settings)
    runs = [rerun(full, settings)[0] for _ in range(repeat)]
    _, args = rerun(full, settings)
    median = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    payload = json.dumps(args).encode()
    base = len((args["script"] + args["header"] + args["html"]).encode())
    return {
        "companies": len(full.companies),
        **median,
        "cached_rerun_s": median["layers_s"] + median["render_s"],
        "payload_kb": len(payload) / 1024,
        "base_kb": base / 1024,
        "layers_kb": len(args["feature_group"].encode()) / 1024,
        "gzip_kb": len(gzip.compress(payload)) / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    streamlit_folium._component_func = capture
    print(
        "| dataset | settings | companies | candidates | layers | render | rerun (cached) "
        "| payload | base map | layers | gzip |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for dataset_id in bundled_datasets():
        for name, settings in SCENARIOS.items():
            r = measure(dataset_id, settings, repeat)
            print(
                f"| {dataset_id} | {name} | {r['companies']:,} | {r['candidates_s']:.3f} s "
                f"| {r['layers_s']:.3f} s | {r['render_s']:.3f} s | {r['cached_rerun_s']:.3f} s "
                f"| {r['payload_kb']:,.0f} KB | {r['base_kb']:,.0f} KB | {r['layers_kb']:,.0f} KB "
                f"| {r['gzip_kb']:,.0f} KB |"
            )


if __name__ == "__main__":
    main()
