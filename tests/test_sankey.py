"""Sankey aggregation: totals per unit preserved, units never mixed, 'other' bucket, cycles."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard import sankey
from dashboard.dataset import load_files

COMPANIES = (
    "company_id,name,nace,lat,lon\n"
    "A,<img src=x onerror=alert(1)>,11.05,59.9,30.3\n"
    "B,Biogas,35.21,59.5,30.1\n"
    "C,Farm,01.41,59.6,30.2\n"
    "D,Cement,23.51,59.7,30.4\n"
)
FLOWS = (
    "flow_id,source_company,target_company,material,quantity,unit,status,provenance\n"
    "F1,A,B,spent_grain,1000,t/yr,existing,synthetic\n"
    "F2,B,C,digestate,800,t/yr,existing,synthetic\n"
    "F3,B,A,biogas,500,MWh/yr,planned,estimated\n"
    "F4,A,B,yeast_slurry,30,t/yr,existing,synthetic\n"
    "F5,D,C,fly_ash,,,existing,documented\n"
    "F6,C,D,manure,20,t/yr,potential,synthetic\n"
    "F7,A,C,whey,5,t/yr,discontinued,synthetic\n"
)


@pytest.fixture(scope="module")
def dataset():
    data, problems = load_files(
        "t",
        {
            "companies.csv": COMPANIES.encode(),
            "streams.csv": b"stream_id,company_id,direction,material,quantity,unit\n"
            b"S,A,have,spent_grain,1,t/yr\n",
            "flows.csv": FLOWS.encode(),
        },
    )
    assert not problems
    return data


def known_links(dataset, statuses=("existing", "planned", "potential")):
    known, unknown = sankey.split_unknown(sankey.flow_links(dataset.flows, statuses))
    return known, unknown


def totals(frame: pd.DataFrame) -> dict[str, float]:
    return frame.groupby("unit")["quantity"].sum().to_dict()


def test_statuses_select_flows_and_unknown_quantities_are_set_apart(dataset):
    known, unknown = known_links(dataset)
    assert sorted(known["flow_id"]) == ["F1", "F2", "F3", "F4", "F6"]
    assert list(unknown["flow_id"]) == ["F5"]
    assert known.set_index("flow_id")["potential"].to_dict() == {
        "F1": False, "F2": False, "F3": False, "F4": False, "F6": True,
    }  # fmt: skip


@pytest.mark.parametrize("view", sankey.VIEWS)
@pytest.mark.parametrize("other_below", [0.0, 0.05, 0.5])
def test_totals_per_unit_are_preserved_exactly(dataset, view, other_below):
    known, _ = known_links(dataset)
    links = sankey.aggregate(known, dataset.companies, view, other_below=other_below)
    first_hop = links[~links["source"].str.startswith("m:")]
    assert totals(first_hop) == {"t/yr": 1850.0, "MWh/yr": 500.0}
    if view == "material":
        second_hop = links[links["source"].str.startswith("m:")]
        assert totals(second_hop) == totals(first_hop)
        for material, part in links.groupby("material"):
            into = part[part["target"].str.startswith("m:")]["quantity"].sum()
            out = part[part["source"].str.startswith("m:")]["quantity"].sum()
            assert math.isclose(into, out), material


def test_units_are_never_mixed_in_one_link_or_diagram(dataset):
    known, _ = known_links(dataset)
    links = sankey.aggregate(known, dataset.companies, "sector")
    for unit in links["unit"].unique():
        figure = sankey.sankey_figure(links, dataset.companies, unit)
        values = figure.data[0].link.value
        assert math.isclose(sum(values), links[links["unit"] == unit]["quantity"].sum())
        assert unit in figure.layout.title.text


def test_small_links_are_grouped_into_other(dataset):
    known, _ = known_links(dataset)
    links = sankey.aggregate(known, dataset.companies, "company", other_below=0.05)
    tonnes = links[links["unit"] == "t/yr"]
    other = tonnes[tonnes["material"] == sankey.OTHER]
    assert other.set_index("potential")["quantity"].to_dict() == {False: 30.0, True: 20.0}
    assert other["flows"].sum() == 2
    assert set(tonnes["material"]) == {"spent_grain", "digestate", sankey.OTHER}


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
    links = sankey.aggregate(cycle, dataset.companies, "company")
    figure = sankey.sankey_figure(links, dataset.companies, "MWh/yr")
    link = figure.data[0].link
    assert sorted(zip(link.source, link.target, strict=True)) == [(0, 1), (1, 0)]


def test_sector_view_has_separate_source_and_target_nodes(dataset):
    known, _ = known_links(dataset)
    links = sankey.aggregate(known, dataset.companies, "sector")
    assert (links["source"].str.startswith("s:") & links["target"].str.startswith("t:")).all()
    division = sankey.aggregate(known, dataset.companies, "sector", sector_level="division")
    assert "s:11" in set(division["source"])


def test_node_order_is_stable_when_a_filter_removes_flows(dataset):
    known, _ = known_links(dataset)
    every = sankey.aggregate(known, dataset.companies, "company")
    fewer = sankey.aggregate(known[known["flow_id"] != "F2"], dataset.companies, "company")
    order = lambda links: list(  # noqa: E731
        sankey.sankey_figure(links, dataset.companies, "t/yr").data[0].node.label
    )
    kept = [label for label in order(every) if label in order(fewer)]
    assert kept == order(fewer)


def test_labels_and_hover_are_escaped(dataset):
    known, _ = known_links(dataset)
    links = sankey.aggregate(known, dataset.companies, "company")
    figure = sankey.sankey_figure(links, dataset.companies, "t/yr")
    assert "&lt;img src=x onerror=alert(1)&gt;" in figure.data[0].node.label
    assert not any("<img" in label for label in figure.data[0].node.label)


def test_potential_links_are_lighter(dataset):
    known, _ = known_links(dataset)
    links = sankey.aggregate(known, dataset.companies, "company")
    figure = sankey.sankey_figure(links, dataset.companies, "t/yr")
    alphas = {
        potential: colour.rsplit(",", 1)[1].rstrip(")")
        for potential, colour in zip(
            links[links["unit"] == "t/yr"]["potential"], figure.data[0].link.color, strict=True
        )
    }
    assert float(alphas[True]) < float(alphas[False])


def test_candidates_become_potential_links(dataset):
    candidates = pd.DataFrame(
        {
            "have_stream_id": ["S"],
            "want_stream_id": ["W"],
            "source_company": ["A"],
            "target_company": ["D"],
            "have_material": ["spent_grain"],
            "quantity": [7.0],
            "unit": ["t/yr"],
        }
    )
    links = sankey.flow_links(dataset.flows, ("existing",), candidates)
    row = links[links["status"] == "candidate"].iloc[0]
    assert (row["flow_id"], bool(row["potential"]), row["quantity"]) == ("S→W", True, 7.0)


def test_aggregated_table_has_readable_labels(dataset):
    known, _ = known_links(dataset)
    table = sankey.aggregated_table(
        sankey.aggregate(known, dataset.companies, "company"), dataset.companies
    )
    assert "<img src=x onerror=alert(1)>" in set(table["source"])
    assert list(table.columns) == [
        "unit", "source", "target", "material", "quantity", "potential", "flows", "provenance",
    ]  # fmt: skip


def test_export_png_and_svg_with_system_chromium(dataset):
    known, _ = known_links(dataset)
    links = sankey.aggregate(known, dataset.companies, "material")
    figure = sankey.sankey_figure(links, dataset.companies, "t/yr")
    assert sankey.export_image(figure, "png")[:8] == b"\x89PNG\r\n\x1a\n"
    svg = sankey.export_image(figure, "svg")
    assert svg.lstrip().startswith(b"<svg") and b"spent grain" in svg
