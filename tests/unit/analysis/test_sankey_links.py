"""Sankey links: totals per unit preserved by any grouping, units never mixed, the 'other'
bucket, candidates as potential links."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.analysis import sankey_links as sankey
from dashboard.analysis.sankey_links import SankeyDefinition, first_hop

from ..sankey_data import flows_dataset, known_links, totals


@pytest.fixture(scope="module")
def dataset():
    return flows_dataset()


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
    links = sankey.sankey_links(known, dataset.companies, SankeyDefinition(view, other_below=other_below))
    leaving = links[first_hop(links)]
    assert totals(leaving) == {"t/yr": 1850.0, "MWh/yr": 500.0}
    if view == "material":
        second_hop = links[~first_hop(links)]
        assert totals(second_hop) == totals(leaving)
        for material, part in links.groupby("material"):
            into = part[part["target_kind"] == "material"]["quantity"].sum()
            out = part[part["source_kind"] == "material"]["quantity"].sum()
            assert math.isclose(into, out), material


def test_small_links_are_grouped_into_other(dataset):
    known, _ = known_links(dataset)
    links = sankey.sankey_links(known, dataset.companies, SankeyDefinition("company", other_below=0.05))
    tonnes = links[links["unit"] == "t/yr"]
    other = tonnes[tonnes["material"] == sankey.OTHER]
    assert other.set_index("potential")["quantity"].to_dict() == {False: 30.0, True: 20.0}
    assert other["flows"].sum() == 2
    assert set(tonnes["material"]) == {"spent_grain", "digestate", sankey.OTHER}


def test_sector_view_has_separate_source_and_target_nodes(dataset):
    known, _ = known_links(dataset)
    links = sankey.sankey_links(known, dataset.companies, SankeyDefinition("sector"))
    assert (links["source_kind"] == "source_sector").all()
    assert (links["target_kind"] == "target_sector").all()
    division = sankey.sankey_links(known, dataset.companies, SankeyDefinition("sector", sector_level="division"))
    assert "11" in set(division["source"])


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


COMPANY_IDS = ["A", "B", "C", "D"]
UNITS = ["t/yr", "MWh/yr", "m3/yr"]


@st.composite
def random_links(draw):
    """Any set of known-quantity links between the test companies, in up to three units."""
    rows = draw(
        st.lists(
            st.tuples(
                st.sampled_from(COMPANY_IDS),
                st.sampled_from(COMPANY_IDS),
                st.sampled_from(["fly_ash", "spent_grain", "surplus_heat", "process_water"]),
                st.floats(min_value=0.001, max_value=1e6, allow_nan=False),
                st.sampled_from(UNITS),
                st.booleans(),
                st.sampled_from(["documented", "estimated", "synthetic"]),
            ),
            min_size=1,
            max_size=25,
        )
    )
    return pd.DataFrame(
        [
            {"flow_id": f"F{i}", "source_company": s, "target_company": t, "material": m,
             "quantity": q, "unit": u, "status": "existing", "provenance": p, "potential": pot}
            for i, (s, t, m, q, u, pot, p) in enumerate(rows)
        ]
    )  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    links=random_links(),
    view=st.sampled_from(sankey.VIEWS),
    level=st.sampled_from(sankey.SECTOR_LEVELS),
    other_below=st.sampled_from([0.0, 0.01, 0.2, 1.0]),
)
def test_any_grouping_keeps_every_units_total(dataset, links, view, level, other_below):
    grouped = sankey.sankey_links(
        links, dataset.companies, SankeyDefinition(view, level, other_below)
    )
    expected = links.groupby("unit")["quantity"].sum()
    leaving = grouped[first_hop(grouped)].groupby("unit")["quantity"].sum()
    assert set(leaving.index) == set(expected.index)
    for unit in expected.index:
        assert math.isclose(leaving[unit], expected[unit], rel_tol=1e-9), unit
    assert grouped.groupby("unit")["flows"].sum().min() >= 1


def loop_links() -> pd.DataFrame:
    rows = [("A", "B", 10.0), ("B", "A", 4.0), ("C", "C", 2.0), ("B", "C", 3.0)]
    return pd.DataFrame(
        [
            {"flow_id": f"L{i}", "source_company": s, "target_company": t,
             "material": "surplus_heat", "quantity": q, "unit": "MWh/yr", "status": "existing",
             "provenance": "synthetic", "potential": False}
            for i, (s, t, q) in enumerate(rows)
        ]
    )  # fmt: skip


def test_links_closing_a_loop_are_set_apart_from_the_drawing(dataset):
    grouped = sankey.sankey_links(loop_links(), dataset.companies, SankeyDefinition("company"))
    drawn, loops = sankey.split_loops(grouped)
    assert sorted(zip(drawn["source"], drawn["target"], strict=True)) == [("A", "B"), ("B", "C")]
    assert sorted(zip(loops["source"], loops["target"], strict=True)) == [("B", "A"), ("C", "C")]
    assert drawn["quantity"].sum() + loops["quantity"].sum() == grouped["quantity"].sum()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(links=random_links(), view=st.sampled_from(sankey.VIEWS))
def test_what_is_drawn_never_holds_a_loop_and_nothing_is_lost(dataset, links, view):
    import networkx as nx

    grouped = sankey.sankey_links(links, dataset.companies, SankeyDefinition(view))
    drawn, loops = sankey.split_loops(grouped)
    assert len(drawn) + len(loops) == len(grouped)
    for _, part in drawn.groupby("unit"):
        graph = nx.DiGraph()
        sources = zip(part["source_kind"], part["source"], strict=True)
        graph.add_edges_from(
            zip(sources, zip(part["target_kind"], part["target"], strict=True), strict=True)
        )
        assert nx.is_directed_acyclic_graph(graph)


def test_the_structure_counts_every_flow_once_known_or_not(dataset):
    links = sankey.flow_links(dataset.flows)
    assert links["quantity"].isna().sum() == 1
    for view in sankey.VIEWS:
        grouped = sankey.sankey_links(
            sankey.count_links(links), dataset.companies, SankeyDefinition(view)
        )
        assert set(grouped["unit"]) == {sankey.COUNT}
        assert grouped.loc[first_hop(grouped), "quantity"].sum() == len(links) == 5
