"""Policy findings for flows and chains: every measure that applies, a chain's union over its
flows, findings split by category, and the chains-by-measures matrix."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from dashboard.analysis.policy.catalogue import Catalogue, Measure
from dashboard.analysis.policy.facts import exchange_facts, flow_facts
from dashboard.analysis.policy.rules import CATEGORY_RANK, Finding, findings, rank_key, ranked

RANKED_CATEGORIES = tuple(sorted(CATEGORY_RANK, key=CATEGORY_RANK.get))
"""Barrier, obligation, support: the order findings are shown in."""
INSTRUMENTS = {
    "regulatory": ("regulatory",),
    "economic": ("financial",),
    "informational": ("informational", "planning"),
}
"""Instrument groups of the chains-by-measures matrix, by the catalogue's `type`."""


@dataclass(frozen=True)
class ChainFinding:
    """A measure that applies to a chain: the exchanges it applies to and its finding on each."""

    measure: Measure
    flows: tuple[str, ...]
    findings: tuple[Finding, ...]


def chain_findings(
    found: Mapping[str, list[Finding]], flow_ids: Iterable[str]
) -> list[ChainFinding]:
    """Union over a chain's flows: each measure once, with the flows it applies to, ranked
    (`rules.rank_key`: barriers first, the most specific first)."""
    merged: dict[str, tuple[Measure, list[str], list[Finding]]] = {}
    for flow_id in flow_ids:
        for finding in found.get(flow_id, []):
            _, flows, each = merged.setdefault(
                finding.measure.measure_id, (finding.measure, [], [])
            )
            flows.append(flow_id)
            each.append(finding)
    return ranked(ChainFinding(m, tuple(f), tuple(e)) for m, f, e in merged.values())


def by_category(items: Iterable) -> dict[str, list]:
    """Findings split into barrier, obligation and support, in that order (every key
    present), each ranked."""
    split: dict[str, list] = {c: [] for c in RANKED_CATEGORIES}
    for item in ranked(items):
        split[item.measure.category].append(item)
    return split


def instrument(measure: Measure) -> str:
    """The instrument group of a measure (a key of `INSTRUMENTS`)."""
    return next(group for group, types in INSTRUMENTS.items() if measure.type in types)


def matrix_by_instrument(matrix: pd.DataFrame, catalogue: Catalogue) -> dict[str, pd.DataFrame]:
    """The chains-by-measures matrix split into instrument groups (regulatory, economic,
    informational and planning), each with its measures ranked (barriers first); a group with
    no measure is left out."""
    measures = [catalogue.measure(c) for c in matrix.columns]
    split: dict[str, pd.DataFrame] = {}
    for group in INSTRUMENTS:
        chosen = sorted((m for m in measures if instrument(m) == group), key=rank_key)
        if chosen:
            split[group] = matrix[[m.measure_id for m in chosen]]
    return split


def exchange_found(dataset, catalogue: Catalogue, exchanges: Iterable) -> dict[str, list[Finding]]:
    """Exchange id -> the measures that apply to it, for assessment exchanges (flows or
    candidates of a composed chain)."""
    return {ex.exchange_id: findings(catalogue, ex) for ex in exchange_facts(dataset, exchanges)}


def members_within(
    members: Iterable, companies: Iterable[str], materials: Iterable[str] = ()
) -> list:
    """The chain members (`domain.members.Member`) inside a filtered view: both companies kept
    and, when materials are chosen, of one of them (the rule of `dataset.apply_filters`)."""
    kept, chosen = set(companies), set(materials)
    return [
        m for m in members
        if m.source_company in kept and m.target_company in kept
        and (not chosen or m.material in chosen)
    ]  # fmt: skip


def exchanges_findings(
    dataset, catalogue: Catalogue, exchanges: Iterable
) -> dict[str, list[ChainFinding]]:
    """The measures of a chain given as assessment exchanges, split by category."""
    facts = exchange_facts(dataset, exchanges)
    found = {ex.exchange_id: findings(catalogue, ex) for ex in facts}
    return by_category(chain_findings(found, [ex.exchange_id for ex in facts]))


def flow_findings(dataset, catalogue: Catalogue) -> dict[str, list[Finding]]:
    """Flow id -> the measures that apply to it."""
    return {ex.exchange_id: findings(catalogue, ex) for ex in flow_facts(dataset)}


def chain_matrix(chains, found: Mapping[str, list[Finding]]) -> pd.DataFrame:
    """Chains (rows, by chain id) by measures (columns): how many of the chain's flows each
    measure applies to (0 for none); measures that apply to no chain are left out."""
    return exchange_matrix({c.chain_id: c.flow_ids for c in chains}, found)


def exchange_matrix(
    chains: Mapping[str, Iterable[str]], found: Mapping[str, list[Finding]]
) -> pd.DataFrame:
    """`chain_matrix` of chains given as key -> exchange ids (detected or composed)."""
    counts: dict[str, dict[str, int]] = {}
    for key, ids in chains.items():
        for item in chain_findings(found, ids):
            counts.setdefault(item.measure.measure_id, {})[key] = len(item.flows)
    frame = pd.DataFrame(counts, index=list(chains))
    return frame.reindex(columns=list(counts)).fillna(0).astype(int)
