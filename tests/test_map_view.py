"""Map page content as pure functions: escaping, colours and legend, sizes per unit, line
styles, arrowheads, clicks, the company panel and the regional sums."""

from __future__ import annotations

import math
import re
from pathlib import Path

import folium
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import map_view as mv
from dashboard.dataset import Dataset, load_files
from dashboard.matching import COLUMNS, find_candidates
from dashboard.reference import nace

APP = str(Path(__file__).resolve().parents[1] / "app.py")
HOSTILE = "<img src=x onerror=alert(1)>"
BACKTICK = "${alert(2)}` Oy"
JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')

COMPANIES = f"""company_id,name,nace,lat,lon,region_code,country
A,"{HOSTILE}",23.51,59.93,30.31,RU-SPE,RU
B,"{BACKTICK}",23.61,59.99,30.62,RU-LEN,RU
C,Plain Oy,35.11,59.80,30.05,RU-LEN,RU
D,Heat Oy,35.30,59.70,30.40,RU-LEN,RU
"""
STREAMS = """stream_id,company_id,direction,material,quantity,unit
S1,A,have,fly_ash,400,t/yr
S2,A,have,fly_ash,500,t/yr
S3,A,have,surplus_heat,90000,MWh/yr
S4,B,want,fly_ash,300,t/yr
S5,C,want,fly_ash,2000,t/yr
S6,C,have,fly_ash,100,t/yr
S7,D,want,surplus_heat,5000,MWh/yr
"""
FLOWS = """flow_id,source_company,target_company,material,quantity,unit,status
F1,A,B,fly_ash,100,t/yr,existing
F2,C,A,fly_ash,,,planned
F3,A,D,surplus_heat,2000,MWh/yr,potential
F4,B,C,fly_ash,50,t/yr,discontinued
"""


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    files = {"companies.csv": COMPANIES, "streams.csv": STREAMS, "flows.csv": FLOWS}
    loaded, problems = load_files("test", {k: v.encode() for k, v in files.items()})
    assert problems == []
    return loaded


def candidate(**values) -> dict:
    row = dict.fromkeys(COLUMNS)
    row.update(hazardous=False, reasons="close by", score=50.0, distance_km=10.0)
    return row | values


def candidates_frame(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame([candidate(**r) for r in rows], columns=list(COLUMNS))


def scripts_without_strings(element: folium.Element) -> str:
    """The rendered map with every JSON string literal blanked out."""
    fmap = mv.base_map(mv.DEFAULT_BOUNDS)
    element.add_to(fmap)
    return JSON_STRING.sub('""', fmap.get_root().render())


# -- escaping ---------------------------------------------------------------------------------


def test_tooltips_escape_every_text_from_data(dataset):
    company = dataset.companies.set_index("company_id").loc["A"].copy()
    company["company_id"] = "A"
    text = mv.company_tooltip(company, 900.0, "t/yr")
    assert "&lt;img src=x onerror=alert(1)&gt;" in text and "<img" not in text
    assert text.startswith("<b>") and "900 t/yr" in text
    assert mv.html_lines("<b>", "x & y", "") == "<b>&lt;b&gt;</b><br>x &amp; y"


def test_data_reaches_javascript_only_as_json_strings(dataset):
    layer = mv.company_layer(dataset.companies, dataset.streams, "t/yr")
    code = scripts_without_strings(layer)
    for fragment in ("<img", "alert(", "`", "${"):
        assert fragment not in code
    rendered = mv.base_map(mv.DEFAULT_BOUNDS)
    layer.add_to(rendered)
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" not in rendered.get_root().render()
    assert "&amp;lt;img" not in rendered.get_root().render()


def test_tooltip_element_is_a_json_string_not_a_template_literal():
    marker = folium.CircleMarker([60, 30], radius=4)
    mv.Tooltip(mv.html_lines(BACKTICK)).add_to(marker)
    code = scripts_without_strings(marker)
    assert "bindTooltip(" in code and "`" not in code and "${" not in code


def test_script_json_cannot_close_a_script_element():
    text = mv.script_json(["</script><b>", "a & b", "it's", "Äänekoski"])
    assert "<" not in text and ">" not in text and "&" not in text and "'" not in text
    assert "Äänekoski" in text


# -- colours and legend -----------------------------------------------------------------------


def test_every_nace_section_has_its_own_colour():
    sections = sorted(nace()[nace()["level"] == "1"].index)
    colours = [mv.section_colour(s) for s in sections]
    assert len(set(colours)) == len(sections) == 21
    assert mv.section_colour(None) == mv.section_colour("?") == mv.UNKNOWN_COLOUR
    assert mv.UNKNOWN_COLOUR not in colours


def test_sector_legend_has_one_escaped_row_per_section():
    legend = mv.sector_legend(["D", "C", "D", None])
    assert legend.count("<div>") == 3
    assert mv.SECTION_COLOURS["C"] in legend and mv.SECTION_COLOURS["D"] in legend
    assert "C · Manufacturing" in legend
    hostile = mv.legend_html(HOSTILE, [("#000000", "<script>")])
    assert "<img" not in hostile and "<script>" not in hostile and "&lt;script&gt;" in hostile


def test_company_markers_are_coloured_by_section(dataset):
    rows = {
        row[5].split("<br>")[0]: row
        for row in mv.marker_rows(dataset.companies, dataset.streams, "t/yr")
    }
    assert len(rows) == 4
    assert rows["<b>Plain Oy</b>"][3] == mv.SECTION_COLOURS["D"]
    assert rows["<b>&lt;img src=x onerror=alert(1)&gt;</b>"][3] == mv.SECTION_COLOURS["C"]


# -- sizes per unit ---------------------------------------------------------------------------


def test_have_totals_add_quantities_of_one_unit_only(dataset):
    assert mv.have_totals(dataset.streams, "t/yr").to_dict() == {"A": 900.0, "C": 100.0}
    assert mv.have_totals(dataset.streams, "MWh/yr").to_dict() == {"A": 90000.0}
    assert mv.have_totals(dataset.streams, "m3/yr").empty


def test_marker_radii_follow_a_square_root_scale():
    ids = pd.Series(["big", "quarter", "zero", "none"])
    radii = mv.marker_radii(ids, pd.Series({"big": 400.0, "quarter": 100.0, "zero": 0.0}))
    middle = mv.MIN_RADIUS + (mv.MAX_RADIUS - mv.MIN_RADIUS) * 0.5
    assert radii.tolist() == [mv.MAX_RADIUS, middle, mv.MIN_RADIUS, mv.DEFAULT_RADIUS]
    assert mv.MAX_RADIUS <= 10  # Leaflet reports a clicked marker's centre up to 10 px
    assert mv.marker_radii(ids, pd.Series(dtype=float)).eq(mv.DEFAULT_RADIUS).all()


def test_marker_size_depends_on_the_chosen_unit(dataset):
    def radius(unit: str, company: str) -> float:
        rows = mv.marker_rows(dataset.companies, dataset.streams, unit)
        return next(r[2] for r in rows if r[5].startswith(f"<b>{company}"))

    assert radius("t/yr", "Plain Oy") < radius("t/yr", "&lt;img") == mv.MAX_RADIUS
    assert radius("MWh/yr", "Plain Oy") == mv.DEFAULT_RADIUS
    assert radius("MWh/yr", "&lt;img") == mv.MAX_RADIUS


def test_markers_are_clustered_only_above_the_threshold(dataset):
    def clustered(threshold: int) -> bool:
        layer = mv.company_layer(dataset.companies, dataset.streams, "t/yr", threshold)
        return any(isinstance(c, folium.plugins.MarkerCluster) for c in layer._children.values())

    assert clustered(3) and not clustered(4)


# -- lines ------------------------------------------------------------------------------------


def test_line_widths_scale_within_each_unit():
    quantity = pd.Series([100.0, 25.0, 4.0, None])
    unit = pd.Series(["t/yr", "t/yr", "MWh/yr", "t/yr"])
    thin, thick, default = mv.FLOW_WIDTHS
    widths = mv.line_widths(quantity, unit).tolist()
    assert widths == [thick, thin + (thick - thin) * 0.5, thick, default]


def test_flow_line_styles_follow_the_status(dataset):
    segments = mv.flow_segments(dataset.flows, dataset.companies)
    layer = mv.flow_layer(segments, ["existing", "planned", "potential", "discontinued"])
    styles = {c.style["color"]: c.style["dashArray"] for c in layer._children.values()}
    assert styles == {
        mv.LINE_STYLES["existing"]["color"]: None,
        mv.LINE_STYLES["planned"]["color"]: "10 7",
        mv.LINE_STYLES["potential"]["color"]: "2 7",
    }
    only = mv.flow_layer(segments, ["planned"])
    assert [c.style["dashArray"] for c in only._children.values()] == ["10 7"]


def test_candidate_lines_are_thin_dotted_and_limited():
    rows = [
        candidate(source_lat=60, source_lon=30, target_lat=60.1, target_lon=30.2, quantity=q,
                  unit="t/yr", source_name="s", target_name="t", have_material="fly_ash",
                  want_material="fly_ash")
        for q in (10, 20, 30)
    ]  # fmt: skip
    layer = mv.candidate_layer(candidates_frame(*rows), limit=2)
    (lines,) = layer._children.values()
    assert lines.style["dashArray"] == mv.LINE_STYLES["candidate"]["dash_array"]
    assert lines.rows_json.count("[[60.0,30.0]") == 2
    assert max(mv.CANDIDATE_WIDTHS) < max(mv.FLOW_WIDTHS)


def test_line_rows_carry_an_arrowhead_towards_the_target(dataset):
    segments = mv.flow_segments(dataset.flows, dataset.companies)
    assert set(segments["flow_id"]) == {"F1", "F2", "F3", "F4"}
    rows = mv.line_rows(segments, pd.Series([2.0] * 4), ["x"] * 4)
    start, end, weight, _tooltip, head = rows[0]
    assert (start, end) == ([59.93, 30.31], [59.99, 30.62]) and weight == 2.0
    assert head == [[round(a, 5), round(b, 5)] for a, b in mv.arrow_head(start, end)]


# -- arrow geometry ---------------------------------------------------------------------------


def plane(start, end):
    """(east, north) km from `start` on the local plane of the line start-end."""
    kx = math.cos(math.radians((start[0] + end[0]) / 2)) * mv.KM_PER_DEGREE
    return lambda p: ((p[1] - start[1]) * kx, (p[0] - start[0]) * mv.KM_PER_DEGREE)


@pytest.mark.parametrize(
    ("start", "end"),
    [((60, 30), (60, 31)), ((60, 30), (59, 29.5)), ((55.6, 11.08), (55.61, 11.08))],
)
def test_arrowhead_sits_at_70_percent_and_points_to_the_end(start, end):
    xy = plane(start, end)
    tip, left, right = (xy(p) for p in mv.arrow_head(start, end))
    dx, dy = xy(end)
    assert tip == (pytest.approx(0.7 * dx), pytest.approx(0.7 * dy))
    base = ((left[0] + right[0]) / 2, (left[1] + right[1]) / 2)
    length = math.hypot(dx, dy)
    along = ((tip[0] - base[0]) * dx + (tip[1] - base[1]) * dy) / length
    assert along > 0, "the tip is further along the line than the base"
    across = ((base[0] - tip[0]) * dy - (base[1] - tip[1]) * dx) / length
    assert across == pytest.approx(0, abs=1e-9), "the base centre lies on the line"
    assert math.dist(left, tip) == pytest.approx(math.dist(right, tip))


def test_arrowhead_size_is_bounded_and_absent_without_length():
    start, end = (60, 20), (60, 40)
    xy = plane(start, end)
    _tip, left, right = (xy(p) for p in mv.arrow_head(start, end))
    assert math.dist(left, right) == pytest.approx(2 * 0.55 * 12)
    assert mv.arrow_head((60, 30), (60, 30)) is None


# -- clicks and the panel ---------------------------------------------------------------------


def test_company_at_finds_the_nearest_company_within_tolerance(dataset):
    companies = dataset.companies
    assert mv.company_at(companies, 59.93, 30.31) == "A"
    assert mv.company_at(companies, 59.9302, 30.31, tolerance_m=50) == "A"  # 22 m away
    assert mv.company_at(companies, 59.94, 30.31, tolerance_m=50) is None  # 1.1 km away
    assert mv.company_at(companies, 59.94, 30.31, tolerance_m=2000) == "A"
    assert mv.company_at(companies.head(0), 59.93, 30.31) is None


def test_company_panel_lists_streams_flows_and_best_candidates(dataset):
    candidates = find_candidates(dataset)
    panel = mv.company_panel(dataset, candidates, "A")
    assert panel.name == HOSTILE
    assert panel.sector.startswith("C · ") and panel.region.endswith("(RU-SPE)")
    assert panel.haves["quantity"].tolist() == [400.0, 500.0, 90000.0]
    assert panel.wants.empty
    flows = panel.flows.set_index("partner")["direction"].to_dict()
    assert flows == {BACKTICK: "sends to", "Plain Oy": "receives from", "Heat Oy": "sends to"}
    best = panel.candidates
    assert len(best) > 0 and best["score"].is_monotonic_decreasing
    assert best["reasons"].map(lambda r: isinstance(r, str) and r != "").all()
    assert set(best["partner"]) <= {BACKTICK, "Plain Oy", "Heat Oy"}
    assert mv.company_panel(dataset, candidates, "nobody") is None


def test_shown_companies_add_the_partners_of_candidates(dataset):
    view = Dataset("v", dataset.companies[dataset.companies["company_id"] == "A"],
                   dataset.streams, dataset.flows)  # fmt: skip
    candidates = candidates_frame(candidate(source_company="A", target_company="C"))
    shown = mv.shown_companies(view, dataset, candidates)
    assert sorted(shown["company_id"]) == ["A", "C"]


# -- regions ----------------------------------------------------------------------------------


def test_region_totals_sum_one_unit_and_count_each_have_once(dataset):
    candidates = candidates_frame(
        dict(have_stream_id="S1", source_company="A", quantity=300.0, have_quantity=400.0, unit="t/yr"),
        dict(have_stream_id="S1", source_company="A", quantity=300.0, have_quantity=400.0, unit="t/yr"),
        dict(have_stream_id="S2", source_company="A", quantity=100.0, have_quantity=500.0, unit="t/yr"),
        dict(have_stream_id="S6", source_company="C", quantity=100.0, have_quantity=100.0, unit="t/yr"),
        dict(have_stream_id="S3", source_company="A", quantity=5000.0, have_quantity=9e4, unit="MWh/yr"),
    )  # fmt: skip
    assert mv.region_totals(candidates, dataset.companies, "t/yr").to_dict() == {
        "RU-SPE": 500.0,  # S1 capped at its 400, plus S2's 100
        "RU-LEN": 100.0,
    }
    assert mv.region_totals(candidates, dataset.companies, "MWh/yr").to_dict() == {"RU-SPE": 5000.0}
    assert mv.region_totals(candidates, dataset.companies, "m3/yr").empty


def test_choropleth_colours_classes_and_legend():
    assert mv.choropleth_classes(100.0)[-1] == 100.0
    assert mv.choropleth_colour(0.0, 100.0) == mv.CHOROPLETH_COLOURS[0]
    assert mv.choropleth_colour(100.0, 100.0) == mv.CHOROPLETH_COLOURS[-1]
    layer = mv.choropleth_layer(pd.Series({"RU-SPE": 500.0, "RU-LEN": 100.0}), "t/yr")
    kinds = [type(c).__name__ for c in layer._children.values()]
    assert kinds.count("GeoJson") == 2 and kinds.count("Legend") == 1
    assert mv.choropleth_layer(pd.Series(dtype=float), "t/yr")._children == {}


# -- the map ----------------------------------------------------------------------------------


def test_map_uses_only_bundled_leaflet_and_no_tiles_unless_asked(dataset):
    fmap = mv.base_map(mv.data_bounds(dataset.companies))
    settings = mv.MapSettings(choropleth=True, selected="A")
    for layer in mv.map_layers(
        dataset, dataset, find_candidates(dataset), dataset.companies, settings
    ):
        layer.add_to(fmap)
    html = fmap.get_root().render()
    assert re.findall(r"https?://", html) == []
    assert [src for _, src in fmap.default_js] == [src for _, src in mv.VENDOR_JS]
    assert all(src.startswith(mv.VENDOR_URL) for _, src in mv.VENDOR_JS + mv.VENDOR_CSS)
    tiles = mv.map_layers(dataset, dataset, find_candidates(dataset), dataset.companies,
                          mv.MapSettings(tiles=True))  # fmt: skip
    assert (
        "tile.openstreetmap.org" in folium.Map(tiles=None).add_child(tiles[0]).get_root().render()
    )


def test_vendored_files_exist():
    static = mv.REFERENCE_DIR.parents[1] / "static" / "vendor"
    for _, src in mv.VENDOR_JS + mv.VENDOR_CSS:
        assert (static / src.removeprefix(mv.VENDOR_URL + "/")).is_file(), src
    assert (static / "leaflet-1.9.4" / "LICENSE").is_file()
    assert (static / "leaflet.markercluster-1.5.3" / "MIT-LICENCE.txt").is_file()


def test_boundaries_are_light_and_keep_region_codes():
    shapes = mv.boundaries()
    assert len(shapes["countries"]["features"]) == 26
    codes = {f["properties"]["region_code"] for f in shapes["regions"]["features"]}
    assert {"RU-SPE", "RU-LEN", "FI-18", "DK-85"} <= codes


# -- the page (AppTest does not draw the map; a click is its value in the session state) ------


def test_map_page_selects_a_clicked_company_and_the_picker_overrides_it():
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["dataset"] = "kalundborg"
    at.run()
    at.switch_page("app_pages/map.py").run()
    assert at.selectbox(key="map_company").value is None
    at.session_state["map_view"] = {"last_object_clicked": {"lat": 55.666, "lng": 11.084}}
    at.run()
    assert not at.exception
    assert at.session_state["selected_company"] == "ks-asnaes"
    assert at.selectbox(key="map_company").value == "ks-asnaes"
    assert any("Asnæs Power Station" in h.value for h in at.subheader)
    at.selectbox(key="map_company").select("ks-refinery").run()
    assert at.session_state["selected_company"] == "ks-refinery"
    at.session_state["map_view"] = {"last_object_clicked": {"lat": 50.0, "lng": 5.0}}
    at.run()
    assert at.session_state["selected_company"] == "ks-refinery"
