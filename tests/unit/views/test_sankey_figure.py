"""Sankey figures: one per unit, stable node order, escaped labels, lighter potential links,
readable export tables, PNG and SVG rendered offline."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard.analysis import sankey_links as sankey
from dashboard.analysis.sankey_links import SankeyDefinition
from dashboard.views.sankey_figure import export_image, links_table, sankey_figure

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
        sankey_figure(links, dataset.company_names(), "t/yr").data[0].node.label
    )
    kept = [label for label in order(every) if label in order(fewer)]
    assert kept == order(fewer)


def test_labels_and_hover_are_escaped(dataset):
    known, _ = known_links(dataset)
    links = sankey.sankey_links(known, dataset.companies, SankeyDefinition("company"))
    figure = sankey_figure(links, dataset.company_names(), "t/yr")
    assert "&lt;img src=x onerror=alert(1)&gt;" in figure.data[0].node.label
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
