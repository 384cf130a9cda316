"""The Map page's layers: escaping, colours and legend, sizes per unit, line styles, arrowheads,
shown companies and the regional sums."""

from __future__ import annotations

import math

import folium
import pandas as pd
import pytest

from dashboard.domain.dataset import Dataset
from dashboard.domain.reference import nace
from dashboard.views import leaflet, style
from dashboard.views import map_layers as mv

from ..map_data import HOSTILE, candidate, candidates_frame, map_dataset, scripts_without_strings


@pytest.fixture(scope="module")
def dataset():
    return map_dataset()


def tooltips(companies, streams, unit: str) -> list[tuple[list, str]]:
    """(row, tooltip HTML) of each marker, its parts joined as `CircleMarkers` joins them."""
    rows, labels = mv.marker_rows(companies, streams, unit)
    return [
        (row, "<br>".join(filter(None, (labels[p] if isinstance(p, int) else p for p in row[5]))))
        for row in rows
    ]


def test_tooltips_escape_every_text_from_data(dataset):
    text = dict((row[0], tip) for row, tip in tooltips(dataset.companies, dataset.streams, "t/yr"))
    text = next(tip for tip in text.values() if "onerror" in tip)
    assert "&lt;img src=x onerror=alert(1)&gt;" in text and "<img" not in text
    assert text.startswith("<b>") and "900 t/yr" in text
    assert leaflet.html_lines("<b>", "x & y", "") == "<b>&lt;b&gt;</b><br>x &amp; y"


def test_data_reaches_javascript_only_as_json_strings(dataset):
    layer = mv.company_layer(dataset.companies, dataset.streams, "t/yr")
    code = scripts_without_strings(layer)
    for fragment in ("<img", "alert(", "`", "${"):
        assert fragment not in code
    rendered = leaflet.base_map(leaflet.DEFAULT_BOUNDS)
    layer.add_to(rendered)
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" not in rendered.get_root().render()
    assert "&amp;lt;img" not in rendered.get_root().render()


def test_every_nace_section_has_its_own_colour():
    sections = sorted(nace()[nace()["level"] == "1"].index)
    colours = [style.section_colour(s) for s in sections]
    assert len(set(colours)) == len(sections) == 21
    assert style.section_colour(None) == style.section_colour("?") == style.UNKNOWN_COLOUR
    assert style.UNKNOWN_COLOUR not in colours


def test_sector_legend_has_one_escaped_row_per_section():
    legend = mv.sector_legend(["D", "C", "D", None])
    assert legend.count("<div>") == 3
    assert style.SECTION_COLOURS["C"] in legend and style.SECTION_COLOURS["D"] in legend
    assert "C · Manufacturing" in legend
    hostile = leaflet.legend_html(HOSTILE, [("#000000", "<script>")])
    assert "<img" not in hostile and "<script>" not in hostile and "&lt;script&gt;" in hostile


def test_company_markers_are_coloured_by_section(dataset):
    rows = {row[5][0]: row for row in mv.marker_rows(dataset.companies, dataset.streams, "t/yr")[0]}
    assert len(rows) == 4
    assert rows["<b>Plain Oy</b>"][3] == style.SECTION_COLOURS["D"]
    assert rows["<b>&lt;img src=x onerror=alert(1)&gt;</b>"][3] == style.SECTION_COLOURS["C"]


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
        rows, _ = mv.marker_rows(dataset.companies, dataset.streams, unit)
        return next(r[2] for r in rows if r[5][0].startswith(f"<b>{company}"))

    assert radius("t/yr", "Plain Oy") < radius("t/yr", "&lt;img") == mv.MAX_RADIUS
    assert radius("MWh/yr", "Plain Oy") == mv.DEFAULT_RADIUS
    assert radius("MWh/yr", "&lt;img") == mv.MAX_RADIUS


def test_markers_are_clustered_only_above_the_threshold(dataset):
    def clustered(threshold: int) -> bool:
        layer = mv.company_layer(dataset.companies, dataset.streams, "t/yr", threshold)
        return any(isinstance(c, folium.plugins.MarkerCluster) for c in layer._children.values())

    assert clustered(3) and not clustered(4)


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
        style.LINE_STYLES["existing"]["color"]: None,
        style.LINE_STYLES["planned"]["color"]: "10 7",
        style.LINE_STYLES["potential"]["color"]: "2 7",
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
    assert lines.style["dashArray"] == style.LINE_STYLES["candidate"]["dash_array"]
    assert lines.rows_json.count("[[60.0,30.0]") == 2
    assert max(mv.CANDIDATE_WIDTHS) < max(mv.FLOW_WIDTHS)


def test_line_rows_carry_an_arrowhead_towards_the_target(dataset):
    segments = mv.flow_segments(dataset.flows, dataset.companies)
    assert set(segments["flow_id"]) == {"F1", "F2", "F3", "F4"}
    rows = mv.line_rows(segments, pd.Series([2.0] * 4), ["x"] * 4)
    start, end, weight, _tooltip, head = rows[0]
    assert (start, end) == ([59.93, 30.31], [59.99, 30.62]) and weight == 2.0
    assert head == mv.arrow_head(start, end, 2.0)


def screen(lat, lon):
    """Web Mercator (x east, y down), as Leaflet lays the map out at any zoom."""
    return math.radians(lon), -math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


@pytest.mark.parametrize(
    ("start", "end"),
    [((60, 30), (60, 31)), ((60, 30), (59, 29.5)), ((55.6, 11.08), (55.61, 11.08))],
)
def test_arrowhead_sits_at_70_percent_on_screen_and_points_to_the_end(start, end):
    lat, lon, angle, _size = mv.arrow_head(start, end)
    (x1, y1), (x2, y2), (x, y) = screen(*start), screen(*end), screen(lat, lon)
    assert (x - x1, y - y1) == (
        pytest.approx(0.7 * (x2 - x1), abs=1e-6),
        pytest.approx(0.7 * (y2 - y1), abs=1e-6),
    )
    assert angle == pytest.approx(math.degrees(math.atan2(y2 - y1, x2 - x1)), abs=0.05)


def test_arrowhead_size_is_in_screen_pixels_whatever_the_line_length():
    short = mv.arrow_head((60, 30), (60, 30.01), weight=2.0)
    long = mv.arrow_head((60, 20), (60, 40), weight=2.0)
    assert short[3] == long[3] == mv.ARROW_PX[0] + 2.0
    assert mv.arrow_head((60, 20), (60, 40), weight=50.0)[3] == mv.ARROW_PX[1]
    assert mv.arrow_head((60, 30), (60, 30)) is None
    line = candidate(source_lat=60, source_lon=30, target_lat=60.1, target_lon=30.2, quantity=5,
                     unit="t/yr", source_name="s", target_name="t", have_material="fly_ash",
                     want_material="fly_ash")  # fmt: skip
    (lines,) = mv.candidate_layer(candidates_frame(line))._children.values()
    script = lines._template.module.script(lines, {})
    assert "L.divIcon" in script and "L.polygon" not in script


def test_shown_companies_add_the_partners_of_candidates(dataset):
    view = Dataset("v", dataset.companies[dataset.companies["company_id"] == "A"],
                   dataset.streams, dataset.flows)  # fmt: skip
    candidates = candidates_frame(candidate(source_company="A", target_company="C"))
    shown = mv.shown_companies(view, dataset, candidates)
    assert sorted(shown["company_id"]) == ["A", "C"]


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


def test_choropleth_classes_are_quantiles_that_tell_two_regions_apart():
    two = mv.choropleth_classes([900.0, 1000.0])
    assert len(two) == 2 and two[0][0] != two[1][0]
    assert mv.choropleth_colour(900.0, two) != mv.choropleth_colour(1000.0, two)
    assert style.CHOROPLETH_COLOURS[0] not in {colour for colour, _ in two}, "near-white"
    many = mv.choropleth_classes([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 100.0, 1000.0])
    assert len(many) == len(style.CHOROPLETH_COLOURS) - 1
    assert many[-1][1] == 1000.0
    assert [upper for _, upper in many] == sorted(upper for _, upper in many)
    assert len(mv.choropleth_classes([5.0, 5.0])) == 1


def test_choropleth_layer_is_translucent_and_has_a_legend():
    layer = mv.choropleth_layer(pd.Series({"RU-SPE": 500.0, "RU-LEN": 450.0}), "t/yr")
    kinds = [type(c).__name__ for c in layer._children.values()]
    assert kinds.count("GeoJson") == 2 and kinds.count("Legend") == 1
    shapes = [c for c in layer._children.values() if type(c).__name__ == "GeoJson"]
    styles = [shape.options["style"] for shape in shapes]
    assert styles[0]["fillColor"] != styles[1]["fillColor"]
    assert all(s["fillOpacity"] <= 0.5 for s in styles)
    assert mv.choropleth_layer(pd.Series(dtype=float), "t/yr")._children == {}


JINJA = ("Mill {# 2", "{{ 7*7 }} Oy", "{% raw %} Ab", "{{ lipsum.__globals__.os.getpid() }}")


def test_names_with_template_syntax_are_data_not_templates():
    """folium renders each layer's script, then compiles the result again as a Jinja template:
    a name reaching it raw would crash the page or run on the server."""
    import os

    names = "\n".join(
        f'J{i},"{name}",23.51,59.9{i},30.3{i},RU-SPE,RU' for i, name in enumerate(JINJA)
    )
    companies = "company_id,name,nace,lat,lon,region_code,country\n" + names + "\n"
    streams = "stream_id,company_id,direction,material,quantity,unit\n" + "".join(
        f"S{i},J{i},{'have' if i % 2 else 'want'},fly_ash,100,t/yr\n" for i in range(len(JINJA))
    )
    flows = "flow_id,source_company,target_company,material,quantity,unit,status\n"
    flows += "F1,J1,J0,fly_ash,10,t/yr,existing\nF2,J3,J2,fly_ash,10,t/yr,planned\n"
    from dashboard.analysis.matching import find_candidates
    from dashboard.io.datasets import load_files

    files = {"companies.csv": companies, "streams.csv": streams, "flows.csv": flows}
    dataset, problems = load_files("t", {k: v.encode() for k, v in files.items()})
    assert problems == []
    fmap = leaflet.base_map(leaflet.data_bounds(dataset.companies))
    found = find_candidates(dataset)
    assert len(found)
    settings = mv.MapSettings(choropleth=True, selected="J0")
    layers = mv.map_layers(
        dataset, dataset, found, mv.shown_companies(dataset, dataset, found), settings
    )
    for layer in layers:
        layer.add_to(fmap)
    html = fmap.get_root().render()  # as folium's own save() does
    assert str(os.getpid()) not in html and "49 Oy" not in html
    for name in JINJA:
        escaped = leaflet.script_json(leaflet.html_lines(name)).strip('"')
        assert escaped in html, name
