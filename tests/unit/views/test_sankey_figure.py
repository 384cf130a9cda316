"""Sankey figures: one per unit, stable node order, escaped labels, lighter potential links,
readable export tables, PNG and SVG rendered offline."""

from __future__ import annotations

import math
import struct

import pandas as pd
import pytest

from dashboard.analysis import sankey_links as sankey
from dashboard.analysis.sankey_links import SankeyDefinition
from dashboard.i18n import t
from dashboard.views.sankey_figure import (
    EXPORT_WIDTH,
    LABEL_LINES,
    LABEL_ROOM_CHARS,
    LINE_PX,
    MAX_HEIGHT,
    export_image,
    for_export,
    links_table,
    node_pad,
    sankey_figure,
    wrapped,
)

from ..sankey_data import flows_dataset, known_links


@pytest.fixture(scope="module")
def dataset():
    return flows_dataset()


def test_units_are_never_mixed_in_one_link_or_diagram(dataset):
    known, _ = known_links(dataset)
    links = sankey.sankey_links(known, dataset.companies, SankeyDefinition("sector"))
    for unit in links["unit"].unique():
        figure = sankey_figure(links, dataset.company_names(), unit)
        values = figure.data[0].link.value
        assert math.isclose(sum(values), links[links["unit"] == unit]["quantity"].sum())
        assert unit in figure.layout.title.text


def test_cycle_a_to_b_to_a_builds_a_figure(dataset):
    cycle = pd.DataFrame(
        {
            "flow_id": ["X", "Y"],
            "source_company": ["A", "B"],
            "target_company": ["B", "A"],
            "material": ["steam", "surplus_heat"],
            "quantity": [10.0, 20.0],
            "unit": ["MWh/yr", "MWh/yr"],
            "status": ["existing", "existing"],
            "provenance": ["synthetic", "synthetic"],
            "potential": [False, False],
        }
    )
    links = sankey.sankey_links(cycle, dataset.companies, SankeyDefinition("company"))
    figure = sankey_figure(links, dataset.company_names(), "MWh/yr")
    link = figure.data[0].link
    assert sorted(zip(link.source, link.target, strict=True)) == [(0, 1), (1, 0)]


def test_node_order_is_stable_when_a_filter_removes_flows(dataset):
    known, _ = known_links(dataset)
    every = sankey.sankey_links(known, dataset.companies, SankeyDefinition("company"))
    fewer = sankey.sankey_links(known[known["flow_id"] != "F2"], dataset.companies, SankeyDefinition("company"))
    order = lambda links: list(  # noqa: E731
        sankey_figure(links, dataset.company_names(), "t/yr").data[0].node.customdata
    )
    kept = [label for label in order(every) if label in order(fewer)]
    assert kept == order(fewer)


def test_labels_and_hover_are_escaped(dataset):
    known, _ = known_links(dataset)
    links = sankey.sankey_links(known, dataset.companies, SankeyDefinition("company"))
    figure = sankey_figure(links, dataset.company_names(), "t/yr")
    assert "&lt;img src=x onerror=alert(1)&gt;" in figure.data[0].node.customdata
    labels = [label.replace("<br>", " ") for label in figure.data[0].node.label]
    assert "&lt;img src=x onerror=alert(1)&gt;" in labels
    assert not any("<img" in label for label in figure.data[0].node.label)


def test_potential_links_are_lighter(dataset):
    known, _ = known_links(dataset)
    links = sankey.sankey_links(known, dataset.companies, SankeyDefinition("company"))
    figure = sankey_figure(links, dataset.company_names(), "t/yr")
    alphas = {
        potential: colour.rsplit(",", 1)[1].rstrip(")")
        for potential, colour in zip(
            links[links["unit"] == "t/yr"]["potential"], figure.data[0].link.color, strict=True
        )
    }
    assert float(alphas[True]) < float(alphas[False])


def test_aggregated_table_has_readable_labels(dataset):
    known, _ = known_links(dataset)
    table = links_table(
        sankey.sankey_links(known, dataset.companies, SankeyDefinition("company")),
        dataset.company_names(),
    )
    assert "<img src=x onerror=alert(1)>" in set(table["source"])
    assert list(table.columns) == [
        "unit", "source", "target", "material", "quantity", "potential", "flows", "provenance",
    ]  # fmt: skip


def test_export_png_and_svg_with_system_chromium(dataset):
    known, _ = known_links(dataset)
    links = sankey.sankey_links(known, dataset.companies, SankeyDefinition("material"))
    figure = sankey_figure(links, dataset.company_names(), "t/yr")
    assert export_image(figure, "png")[:8] == b"\x89PNG\r\n\x1a\n"
    svg = export_image(figure, "svg")
    assert svg.lstrip().startswith(b"<svg") and b"spent grain" in svg


def many_companies(n: int):
    companies = pd.DataFrame(
        {"company_id": [f"C{i}" for i in range(n)], "nace_section": "C", "nace_division": "10"}
    )
    links = pd.DataFrame(
        {
            "flow_id": [f"F{i}" for i in range(n - 1)],
            "source_company": "C0",
            "target_company": [f"C{i}" for i in range(1, n)],
            "material": "fly_ash",
            "quantity": 100.0,
            "unit": "t/yr",
            "status": "existing",
            "provenance": "synthetic",
            "potential": False,
        }
    )
    return companies, sankey.sankey_links(links, companies, SankeyDefinition("company"))


@pytest.mark.parametrize("n", [3, 20, 45])
def test_the_height_gives_every_node_of_the_fullest_column_room_for_its_label(n):
    _, links = many_companies(n)
    figure = sankey_figure(links, {}, "t/yr")
    targets, pad = n - 1, figure.data[0].node.pad
    assert pad >= LINE_PX and figure.data[0].textfont.shadow == "auto"
    assert figure.layout.height >= min(MAX_HEIGHT, pad * targets)


def test_long_labels_are_wrapped_to_the_room_of_their_column():
    name = "Gatchina Demo Eco-Industrial Park Sorting Plant (fictional)"
    two, four = wrapped(name, 2), wrapped(name, 4)
    assert max(len(line) for line in two.split("<br>")) <= LABEL_ROOM_CHARS // 2
    assert max(len(line) for line in four.split("<br>")) <= 14
    assert four.count("<br>") < LABEL_LINES and four.endswith("…")
    assert two.replace("<br>", " ") == name
    assert node_pad([two, four]) >= LINE_PX * LABEL_LINES


def test_the_company_view_names_the_materials_of_its_links(dataset):
    known, _ = known_links(dataset)
    links = sankey.sankey_links(known, dataset.companies, SankeyDefinition("company"))
    figure = sankey_figure(links, dataset.company_names(), "t/yr")
    legend = " | ".join(trace.name for trace in figure.data[1:])
    assert "spent grain" in legend and "digestate" in legend
    assert "spent grain" in figure.data[0].link.label


def test_a_structure_diagram_says_it_counts_exchanges_not_quantities(dataset):
    links = sankey.sankey_links(
        sankey.count_links(sankey.flow_links(dataset.flows)), dataset.companies,
        SankeyDefinition("company"),
    )  # fmt: skip
    figure = sankey_figure(links, dataset.company_names(), sankey.COUNT)
    assert figure.layout.title.text == t("sankey.count_title", total="5")
    assert "not quantity" in figure.layout.title.text
    assert sum(figure.data[0].link.value) == 5


def test_an_exported_image_is_wide_titled_and_captioned(dataset):
    known, _ = known_links(dataset)
    links = sankey.sankey_links(known, dataset.companies, SankeyDefinition("company"))
    figure = sankey_figure(links, dataset.company_names(), "t/yr")
    image = for_export(figure, "Test region · Flows", "Filters: sector C")
    assert image.layout.title.text == "Test region · Flows"
    assert image.layout.annotations[0].text == "Filters: sector C"
    png = export_image(image, "png")
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (EXPORT_WIDTH, image.layout.height)
    assert height > figure.layout.height
    assert b"Filters: sector C" in export_image(image, "svg")
