"""Symbiotic chains detected from the flows: weakly connected components of the flow graph.

A chain carries ids only; its readable name is written by `dashboard.domain.labels.chain_name`
from its longest path, the materials along it and the flows off the path.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx
import pandas as pd

from dashboard.domain.statuses import ACTIVE

DEFAULT_STATUSES = ACTIVE
MAX_PATHS = 50


@dataclass(frozen=True)
class Chain:
    """A chain: its flows, companies, maximal paths (company ids), the materials of each step of
    the longest path, and how many of its flows are not on that path."""

    chain_id: str
    flow_ids: tuple[str, ...]
    companies: tuple[str, ...]
    longest_path: tuple[str, ...]
    paths: tuple[tuple[str, ...], ...]
    path_materials: tuple[tuple[str, ...], ...] = ()
    unlisted_flows: int = 0


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


def back_edges(edges: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """The (u, v) pairs that close a cycle, found by a depth-first search in sorted order: what
    is left is acyclic. A pair (u, u) is always one."""
    simple = nx.DiGraph()
    pairs = sorted(set(edges))
    simple.add_nodes_from(sorted({n for pair in pairs for n in pair}))
    simple.add_edges_from(pairs)
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
    return back


def _acyclic(graph: nx.MultiDiGraph) -> nx.DiGraph:
    """A simple DiGraph of the component without the edges that close a cycle (DFS order)."""
    simple = nx.DiGraph()
    simple.add_nodes_from(sorted(graph.nodes))
    simple.add_edges_from(sorted({(u, v) for u, v in graph.edges()}))
    simple.remove_edges_from(back_edges(simple.edges()))
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


Steps = tuple[tuple[str, ...], ...]


def _steps(path: tuple[str, ...], graph: nx.MultiDiGraph) -> tuple[Steps, int]:
    """The sorted materials of each step of a path, and how many flows the path uses."""
    steps, used = [], 0
    for u, v in itertools.pairwise(path):
        edges = graph.get_edge_data(u, v) or {}
        used += len(edges)
        steps.append(tuple(sorted({d["material"] for d in edges.values()})))
    return tuple(steps), used


def detect_chains(
    flows: pd.DataFrame, statuses: Iterable[str] | None = DEFAULT_STATUSES
) -> list[Chain]:
    """Chains from the flows of the chosen statuses, largest first, then by id."""
    graph = flow_graph(flows, statuses)
    chains = []
    for nodes in nx.weakly_connected_components(graph):
        sub = graph.subgraph(nodes)
        flow_ids = tuple(sorted(k for _, _, k in sub.edges(keys=True)))
        paths = _paths(_acyclic(sub))
        longest = paths[0] if paths else tuple(sorted(nodes))[:1]
        steps, used = _steps(longest, sub)
        chains.append(
            Chain(
                chain_id(flow_ids),
                flow_ids,
                tuple(sorted(nodes)),
                longest,
                paths,
                steps,
                len(flow_ids) - used,
            )
        )
    return sorted(chains, key=lambda c: (-len(c.flow_ids), c.chain_id))
