"""Leaflet offline: only the vendored files, data only as JSON strings, light boundaries."""

from __future__ import annotations

import re

import folium
import pytest

from dashboard.analysis.matching import find_candidates
from dashboard.domain.reference import REPO_DIR
from dashboard.views import leaflet
from dashboard.views import map_layers as mv

from ..map_data import BACKTICK, map_dataset, scripts_without_strings


@pytest.fixture(scope="module")
def dataset():
    return map_dataset()


def test_tooltip_element_is_a_json_string_not_a_template_literal():
    marker = folium.CircleMarker([60, 30], radius=4)
    leaflet.Tooltip(leaflet.html_lines(BACKTICK)).add_to(marker)
    code = scripts_without_strings(marker)
    assert "bindTooltip(" in code and "`" not in code and "${" not in code


def test_script_json_cannot_close_a_script_element():
    text = leaflet.script_json(["</script><b>", "a & b", "it's", "Äänekoski"])
    assert "<" not in text and ">" not in text and "&" not in text and "'" not in text
    assert "Äänekoski" in text


def test_map_uses_only_bundled_leaflet_and_no_tiles_unless_asked(dataset):
    fmap = leaflet.base_map(leaflet.data_bounds(dataset.companies))
    settings = mv.MapSettings(choropleth=True, selected="A")
    for layer in mv.map_layers(
        dataset, dataset, find_candidates(dataset), dataset.companies, settings
    ):
        layer.add_to(fmap)
    html = fmap.get_root().render()
    assert re.findall(r"https?://", html) == []
    assert [src for _, src in fmap.default_js] == [src for _, src in leaflet.VENDOR_JS]
    assert all(
        src.startswith(leaflet.VENDOR_URL) for _, src in leaflet.VENDOR_JS + leaflet.VENDOR_CSS
    )
    tiles = mv.map_layers(dataset, dataset, find_candidates(dataset), dataset.companies,
                          mv.MapSettings(tiles=True))  # fmt: skip
    assert (
        "tile.openstreetmap.org" in folium.Map(tiles=None).add_child(tiles[0]).get_root().render()
    )


def test_vendored_files_exist():
    static = REPO_DIR / "static" / "vendor"
    for _, src in leaflet.VENDOR_JS + leaflet.VENDOR_CSS:
        assert (static / src.removeprefix(leaflet.VENDOR_URL + "/")).is_file(), src
    assert (static / "leaflet-1.9.4" / "LICENSE").is_file()
    assert (static / "leaflet.markercluster-1.5.3" / "MIT-LICENCE.txt").is_file()


def test_boundaries_are_light_and_keep_region_codes():
    shapes = leaflet.boundaries()
    assert len(shapes["countries"]["features"]) == 26
    codes = {f["properties"]["region_code"] for f in shapes["regions"]["features"]}
    assert {"RU-SPE", "RU-LEN", "FI-18", "DK-85"} <= codes


def test_the_map_is_fitted_to_the_companies_a_single_one_with_its_surroundings():
    import pandas as pd

    one = pd.DataFrame({"lat": [55.66], "lon": [11.08]})
    (south, west), (north, east) = leaflet.data_bounds(one)
    assert south < 55.66 < north and west < 11.08 < east
    assert (north - south) * leaflet.KM_PER_DEGREE == pytest.approx(8.0, abs=0.01)
    two = pd.DataFrame({"lat": [55.0, 56.0, None], "lon": [10.0, 12.0, 30.0]})
    assert leaflet.data_bounds(two) == [[55.0, 10.0], [56.0, 12.0]]
    assert leaflet.data_bounds(two.iloc[2:]) == leaflet.DEFAULT_BOUNDS
    fmap = leaflet.base_map(leaflet.data_bounds(one))
    fit = next(c for c in fmap._children.values() if type(c).__name__ == "FitBounds")
    assert fit.options["paddingTopLeft"] and fit.options["paddingBottomRight"]


def test_the_map_is_taller_in_a_taller_window():
    assert leaflet.map_height(None) == 520
    assert leaflet.map_height(720) < leaflet.map_height(900) < leaflet.map_height(1080)
    assert leaflet.map_height(1080) == 700 and leaflet.map_height(400) == 360


def test_legends_are_collapsible_and_town_labels_escaped(dataset):
    html = leaflet.legend_html("T <b>", [("#000", "x & y")])
    assert html.startswith("<details><summary>T &lt;b&gt;</summary>") and "x &amp; y" in html
    rows = mv.town_rows(dataset.companies)
    assert rows and all(isinstance(r[2], str) for r in rows)
    assert [r[3] for r in rows] == sorted((r[3] for r in rows), reverse=True)
