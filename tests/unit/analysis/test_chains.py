"""Chain detection on small graphs (including cycles) and on the bundled Leningrad dataset."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.analysis.chains import chain_id, detect_chains
from dashboard.domain.labels import chain_name
from dashboard.domain.reference import DATASETS_DIR
from dashboard.io.datasets import load_path


def flows(*rows, status="existing"):
    return pd.DataFrame(
        [
            {
                "flow_id": f,
                "source_company": s,
                "target_company": t,
                "material": m,
                "status": status,
            }
            for f, s, t, m in rows
        ]
    )


NAMES = {"A": "Brewery", "B": "Biogas plant", "C": "Farm", "D": "Mill", "E": "Boiler"}


def test_components_become_chains_with_stable_ids_and_readable_names():
    table = flows(
        ("f1", "A", "B", "spent_grain"), ("f2", "B", "C", "digestate"), ("f3", "D", "E", "bark")
    )
    chains = detect_chains(table)
    assert [c.flow_ids for c in chains] == [("f1", "f2"), ("f3",)]
    assert chains[0].path_materials == (("spent_grain",), ("digestate",))
    assert chain_name(chains[0], NAMES) == "Brewery → spent grain → Biogas plant → digestate → Farm"
    assert chains[0].longest_path == ("A", "B", "C")
    assert chains[0].chain_id == chain_id(["f2", "f1"])
    reordered = detect_chains(table.iloc[::-1].reset_index(drop=True))
    assert [c.chain_id for c in reordered] == [c.chain_id for c in chains]


@pytest.mark.timeout(10)
def test_a_cycle_is_one_chain_and_does_not_hang():
    table = flows(("f1", "A", "B", "plastics_waste"), ("f2", "B", "A", "plastics_raw_material"))
    [chain] = detect_chains(table)
    assert chain.flow_ids == ("f1", "f2")
    assert len(chain.longest_path) == 2
    assert chain.unlisted_flows == 1
    assert "(+1 more flows)" in chain_name(chain, NAMES)


@pytest.mark.timeout(10)
def test_a_dense_graph_with_many_cycles_finishes():
    nodes = [f"n{i}" for i in range(12)]
    rows = [
        (f"f{i}-{j}", a, b, "surplus_heat")
        for i, a in enumerate(nodes)
        for j, b in enumerate(nodes)
        if a != b
    ]
    [chain] = detect_chains(flows(*rows))
    assert len(chain.flow_ids) == 12 * 11
    assert len(chain.paths) <= 50


def test_parallel_flows_name_both_materials_and_statuses_filter():
    table = pd.concat(
        [
            flows(("f1", "A", "B", "spent_grain"), ("f2", "A", "B", "yeast_slurry")),
            flows(("f3", "B", "C", "digestate"), status="discontinued"),
        ]
    )
    [chain] = detect_chains(table)
    assert chain_name(chain, NAMES) == "Brewery → spent grain / yeast slurry → Biogas plant"
    [everything] = detect_chains(table, statuses=None)
    assert everything.flow_ids == ("f1", "f2", "f3")


def test_leningrad_has_at_least_five_chains_covering_its_flows():
    dataset, _ = load_path(DATASETS_DIR / "leningrad")
    chains = detect_chains(dataset.flows)
    assert len(chains) >= 5
    listed = [f for c in chains for f in c.flow_ids]
    active = dataset.flows[dataset.flows["status"] != "discontinued"]["flow_id"]
    assert sorted(listed) == sorted(active)
    names = dataset.company_names()
    assert all(" → " in chain_name(c, names) for c in chains)
    assert len({c.chain_id for c in chains}) == len(chains)
