"""What the Chains page lists: the exchanges a chain can be composed of, and the chains to pick
from (saved and detected), each with a unique readable label."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd

from dashboard.analysis.chains import Chain
from dashboard.domain.dataset import Dataset
from dashboard.domain.labels import chain_name, exchange_text, status_label
from dashboard.domain.members import (
    FLOW,
    Member,
    StoredChain,
    candidate_members,
    flow_members,
    member_key,
)
from dashboard.domain.statuses import CANDIDATE
from dashboard.i18n import number, t

SAVED, DETECTED = "saved:", "detected:"


def member_label(member: Member, names: Mapping[str, str]) -> str:
    """'A → material → B (1,200 t/yr)' from a member's stored fields."""
    return exchange_text(
        member.source_company, member.material, member.target_company, member.quantity,
        member.unit, names,
    )  # fmt: skip


@dataclass(frozen=True)
class Option:
    member: Member
    label: str


def exchange_options(
    dataset: Dataset, candidates: pd.DataFrame, extra: Iterable[Member] = (),
    limit: int | None = None,
) -> dict[str, Option]:
    """Option key -> member and unique readable label: the dataset's flows, the candidates
    (best first; the first `limit` of them), then `extra` members that are neither (e.g. of a
    saved chain)."""
    if limit is not None:
        candidates = candidates.head(limit)
    names = dataset.company_names()
    statuses = dict(zip(dataset.flows["flow_id"].astype(str), dataset.flows["status"], strict=True))
    options: dict[str, Option] = {}
    seen: dict[str, int] = {}

    def add(member: Member, suffix: str) -> None:
        key = member_key(member)
        if key in options:
            return
        text = f"{member_label(member, names)} · {suffix}"
        seen[text] = seen.get(text, 0) + 1
        if seen[text] > 1:
            text += f" #{seen[text]}"
        options[key] = Option(member, text)

    for member in flow_members(dataset.flows):
        add(member, status_label(statuses[member.ref_id]))
    scores = candidates["score"].tolist() if "score" in candidates else []
    for member, score in zip(candidate_members(candidates), scores, strict=True):
        add(member, t("chainsui.option.candidate", score=number(score, ".0f")))
    for member in extra:
        kind = statuses.get(member.ref_id, CANDIDATE) if member.kind == FLOW else CANDIDATE
        add(member, status_label(kind))
    return options


class Listed(NamedTuple):
    """A chain as the page lists it: its label, name and members."""

    label: str
    name: str
    members: list[Member]


def listed_chains(
    saved: Iterable[StoredChain],
    detected: Iterable[Chain],
    dataset: Dataset,
    shown: Iterable[str] | None = None,
) -> dict[str, Listed]:
    """Key -> listed chain: the saved chains (`saved:<id>`), then the detected ones
    (`detected:<id>`) that have a company in `shown` (all when None)."""
    listed = {
        f"{SAVED}{c.id}": Listed(t("chainsui.saved_label", name=c.name), c.name, list(c.members))
        for c in saved
    }
    flows = dataset.flows
    by_id = flows.set_index(flows["flow_id"].astype(str), drop=False)
    names = dataset.company_names()
    shown = None if shown is None else set(shown)
    for chain in detected:
        if shown is None or shown & set(chain.companies):
            members = flow_members(by_id.loc[list(chain.flow_ids)])
            name = chain_name(chain, names)
            label = t("chainsui.detected_label", name=name)
            listed[f"{DETECTED}{chain.chain_id}"] = Listed(label, name, members)
    return listed
