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


def test_tooltips_escape_every_text_from_data(dataset):
    company = dataset.companies.set_index("company_id").loc["A"].copy()
    company["company_id"] = "A"
    text = mv.company_tooltip(company, 900.0, "t/yr")
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
    rows = {
        row[5].split("<br>")[0]: row
        for row in mv.marker_rows(dataset.companies, dataset.streams, "t/yr")
    }
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
    assert head == [[round(a, 5), round(b, 5)] for a, b in mv.arrow_head(start, end)]


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


def test_choropleth_colours_classes_and_legend():
    assert mv.choropleth_classes(100.0)[-1] == 100.0
    assert mv.choropleth_colour(0.0, 100.0) == style.CHOROPLETH_COLOURS[0]
    assert mv.choropleth_colour(100.0, 100.0) == style.CHOROPLETH_COLOURS[-1]
    layer = mv.choropleth_layer(pd.Series({"RU-SPE": 500.0, "RU-LEN": 100.0}), "t/yr")
    kinds = [type(c).__name__ for c in layer._children.values()]
    assert kinds.count("GeoJson") == 2 and kinds.count("Legend") == 1
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
