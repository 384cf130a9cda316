"""Symbiotic chains detected from the flows: weakly connected components of the flow graph."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx
import pandas as pd

from dashboard.i18n import t

DEFAULT_STATUSES = ("existing", "planned", "potential")
MAX_PATHS = 50
ARROW = " → "


@dataclass(frozen=True)
class Chain:
    """A chain: its flows, companies, maximal paths (company ids) and a readable name."""

    chain_id: str
    name: str
    flow_ids: tuple[str, ...]
    companies: tuple[str, ...]
    longest_path: tuple[str, ...]
    paths: tuple[tuple[str, ...], ...]


def chain_id(flow_ids: Iterable[str]) -> str:
    """Stable id from the sorted flow ids: the same flows always give the same id."""
    digest = hashlib.sha1(";".join(sorted(flow_ids)).encode("utf-8")).hexdigest()
    return f"ch-{digest[:10]}"


def flow_graph(flows: pd.DataFrame, statuses: Iterable[str] | None = DEFAULT_STATUSES):
    """A MultiDiGraph of companies with one edge per flow (key = flow id)."""
    graph = nx.MultiDiGraph()
    keep = flows if statuses is None else flows[flows["status"].isin(list(statuses))]
    for row in keep.itertuples(index=False):
        graph.add_edge(
            row.source_company, row.target_company, key=row.flow_id, material=row.material
        )
    return graph


def _acyclic(graph: nx.MultiDiGraph) -> nx.DiGraph:
    """A simple DiGraph of the component without the edges that close a cycle (DFS order)."""
    simple = nx.DiGraph()
    simple.add_nodes_from(sorted(graph.nodes))
    for u, v in sorted({(u, v) for u, v in graph.edges()}):
        simple.add_edge(u, v)
    back = set()
    state: dict[str, int] = {}
    for root in sorted(simple.nodes):
        if root in state:
            continue
        stack = [(root, iter(sorted(simple.successors(root))))]
        state[root] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
            elif state.get(child) == 1:
                back.add((node, child))
            elif child not in state:
                state[child] = 1
                stack.append((child, iter(sorted(simple.successors(child)))))
    simple.remove_edges_from(back)
    return simple


def _paths(dag: nx.DiGraph) -> tuple[tuple[str, ...], ...]:
    """Source-to-sink paths of a DAG, longest first, at most MAX_PATHS."""
    sources = sorted(n for n in dag.nodes if dag.in_degree(n) == 0)
    sinks = {n for n in dag.nodes if dag.out_degree(n) == 0}
    found: list[tuple[str, ...]] = []
    for source in sources:
        for path in nx.all_simple_paths(dag, source, sinks):
            found.append(tuple(path))
            if len(found) >= MAX_PATHS:
                break
        if len(found) >= MAX_PATHS:
            break
    return tuple(sorted(found, key=lambda p: (-len(p), p)))


def _name(path: tuple[str, ...], graph: nx.MultiDiGraph, names: dict, flow_count: int) -> str:
    parts = [str(names.get(path[0], path[0]))]
    used = 0
    for u, v in itertools.pairwise(path):
        edges = graph.get_edge_data(u, v) or {}
        used += len(edges)
        materials = sorted({d["material"] for d in edges.values()})
        parts.append(" / ".join(m.replace("_", " ") for m in materials))
        parts.append(str(names.get(v, v)))
    name = ARROW.join(parts)
    if flow_count > used:
        name += " " + t("chains.more_flows", count=flow_count - used)
    return name


def detect_chains(
    flows: pd.DataFrame,
    companies: pd.DataFrame | None = None,
    statuses: Iterable[str] | None = DEFAULT_STATUSES,
) -> list[Chain]:
    """Chains from the flows of the chosen statuses, largest first, then by id."""
    graph = flow_graph(flows, statuses)
    names = {}
    if companies is not None and len(companies):
        names = dict(zip(companies["company_id"], companies["name"], strict=True))
    chains = []
    for nodes in nx.weakly_connected_components(graph):
        sub = graph.subgraph(nodes)
        flow_ids = tuple(sorted(k for _, _, k in sub.edges(keys=True)))
        paths = _paths(_acyclic(sub))
        longest = paths[0] if paths else tuple(sorted(nodes))[:1]
        chains.append(
            Chain(
                chain_id(flow_ids),
                _name(longest, sub, names, len(flow_ids)),
                flow_ids,
                tuple(sorted(nodes)),
                longest,
                paths,
            )
        )
    return sorted(chains, key=lambda c: (-len(c.flow_ids), c.chain_id))


def chains_table(chains: Iterable[Chain]) -> pd.DataFrame:
    """One row per chain: id, name, number of flows, flow ids (`;`-separated), companies."""
    return pd.DataFrame(
        [
            {
                "chain_id": c.chain_id,
                "name": c.name,
                "flows": len(c.flow_ids),
                "flow_ids": ";".join(c.flow_ids),
                "companies": len(c.companies),
            }
            for c in chains
        ],
        columns=["chain_id", "name", "flows", "flow_ids", "companies"],
    )
