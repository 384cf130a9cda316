"""Members of a chain: flows and candidate exchanges as the store keeps them, their option keys,
and the exchanges they stand for in a dataset."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from dashboard.domain.dataset import Dataset
from dashboard.domain.exchange import (
    Exchange,
    candidate_exchange,
    company_distance,
    flow_exchanges,
)
from dashboard.domain.values import optional_number, optional_text

FLOW, CANDIDATE = "flow", "candidate"
MEMBER_KINDS = (FLOW, CANDIDATE)
CANDIDATE_SEPARATOR = ">"


@dataclass(frozen=True)
class Member:
    """A chain member: a flow of the dataset (by id) or a candidate with its own fields."""

    kind: str
    ref_id: str
    source_company: str | None = None
    target_company: str | None = None
    material: str | None = None
    quantity: float | None = None
    unit: str | None = None


@dataclass(frozen=True)
class StoredChain:
    """A chain composed by a user, as the store keeps it."""

    id: str
    name: str
    dataset_id: str
    created: datetime
    updated: datetime
    members: tuple[Member, ...]


def member_key(member: Member) -> str:
    """The option key of a member: `flow:<flow id>` or `candidate:<have>><want>`."""
    return f"{member.kind}:{member.ref_id}"


def candidate_ref(have_stream_id: object, want_stream_id: object) -> str:
    """The ref id of a candidate exchange: `<have stream>><want stream>`."""
    return f"{have_stream_id}{CANDIDATE_SEPARATOR}{want_stream_id}"


def flow_members(flows: pd.DataFrame) -> list[Member]:
    """A member per flow, carrying the flow's fields (used when the flow is gone later)."""
    return [
        Member(
            FLOW,
            str(row.flow_id),
            optional_text(row.source_company),
            optional_text(row.target_company),
            optional_text(row.material),
            optional_number(row.quantity),
            optional_text(row.unit),
        )
        for row in flows.itertuples(index=False)
    ]


def candidate_members(candidates: pd.DataFrame) -> list[Member]:
    """A member per matching-engine candidate (see `candidate_ref`)."""
    return [
        Member(
            CANDIDATE,
            candidate_ref(row.have_stream_id, row.want_stream_id),
            optional_text(row.source_company),
            optional_text(row.target_company),
            optional_text(row.have_material),
            optional_number(row.quantity),
            optional_text(row.unit),
        )
        for row in candidates.itertuples(index=False)
    ]


def member_exchanges(members: Iterable[Member], dataset: Dataset) -> list[Exchange]:
    """The exchanges of a chain's members, in order: a flow from the dataset, a candidate (or a
    flow that no longer exists) from its stored fields and the dataset's streams."""
    members = list(members)
    flows = {
        ex.exchange_id: ex
        for ex in flow_exchanges(dataset, [m.ref_id for m in members if m.kind == FLOW])
    }
    streams = dataset.streams.set_index("stream_id")
    companies = dataset.companies.set_index("company_id")
    exchanges = []
    for member in members:
        if member.kind == FLOW and member.ref_id in flows:
            exchanges.append(flows[member.ref_id])
            continue
        have, _, want = member.ref_id.partition(CANDIDATE_SEPARATOR)
        row: dict[str, object] = {
            "source_company": member.source_company,
            "target_company": member.target_company,
            "have_material": member.material,
            "quantity": member.quantity,
            "unit": member.unit,
            "distance_km": company_distance(
                companies, member.source_company, member.target_company
            ),
        }
        if member.kind == CANDIDATE:
            if want in streams.index:
                row["want_material"] = streams.at[want, "material"]
                row["want_quantity"] = streams.at[want, "quantity"]
            flagged = [streams.at[s, "hazardous"] for s in (have, want) if s in streams.index]
            row["hazardous"] = any(v is not pd.NA and bool(v) for v in flagged)
        exchanges.append(candidate_exchange(row, dataset, exchange_id=member.ref_id))
    return exchanges
