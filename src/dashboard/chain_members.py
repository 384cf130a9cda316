"""Members of a chain: flows and candidate exchanges as the store keeps them, their option keys
and readable labels, and the exchanges they stand for in a dataset."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd

from dashboard import map_view as mv
from dashboard.assessment import (
    Exchange,
    candidate_exchange,
    flow_exchanges,
    haversine_km,
    optional_number,
)
from dashboard.chains import Chain
from dashboard.dataset import Dataset
from dashboard.i18n import t
from dashboard.store import Member, StoredChain

ARROW = " → "
CANDIDATE_SEPARATOR = ">"


def member_key(member: Member) -> str:
    """The option key of a member: `flow:<flow id>` or `candidate:<have>><want>`."""
    return f"{member.kind}:{member.ref_id}"


def _text(value: object) -> str | None:
    return None if value is None or value is pd.NA or value != value else str(value)


def flow_members(flows: pd.DataFrame) -> list[Member]:
    """A member per flow, carrying the flow's fields (used when the flow is gone later)."""
    return [
        Member(
            "flow",
            str(row.flow_id),
            _text(row.source_company),
            _text(row.target_company),
            _text(row.material),
            optional_number(row.quantity),
            _text(row.unit),
        )
        for row in flows.itertuples(index=False)
    ]


def candidate_members(candidates: pd.DataFrame) -> list[Member]:
    """A member per matching-engine candidate; its ref id is `<have stream>><want stream>`."""
    return [
        Member(
            "candidate",
            f"{row.have_stream_id}{CANDIDATE_SEPARATOR}{row.want_stream_id}",
            _text(row.source_company),
            _text(row.target_company),
            _text(row.have_material),
            optional_number(row.quantity),
            _text(row.unit),
        )
        for row in candidates.itertuples(index=False)
    ]


def company_names(dataset: Dataset) -> dict[str, str]:
    companies = dataset.companies
    return dict(zip(companies["company_id"], companies["name"].astype(str), strict=True))


def quantity_text(quantity: float | None, unit: str | None) -> str:
    return mv.amount(quantity, unit) if quantity is not None else t("chainsui.quantity_unknown")


def member_label(member: Member, names: Mapping[str, str]) -> str:
    """'A → material → B (1,200 t/yr)' from a member's stored fields."""
    return exchange_text(
        member.source_company, member.material, member.target_company, member.quantity,
        member.unit, names,
    )  # fmt: skip


def exchange_text(
    source: str | None,
    material: str | None,
    target: str | None,
    quantity: float | None,
    unit: str | None,
    names: Mapping[str, str],
) -> str:
    """'A → material → B (1,200 t/yr)'."""
    ends = [str(names.get(c, c)) if c else "?" for c in (source, target)]
    return (
        f"{ends[0]}{ARROW}{mv.material_label(material) or '?'}{ARROW}{ends[1]}"
        f" ({quantity_text(quantity, unit)})"
    )


def exchange_label(ex: Exchange, names: Mapping[str, str]) -> str:
    return exchange_text(
        ex.source_company, ex.material, ex.target_company, ex.quantity, ex.unit, names
    )


@dataclass(frozen=True)
class Option:
    member: Member
    label: str


def exchange_options(
    dataset: Dataset, candidates: pd.DataFrame, extra: Iterable[Member] = ()
) -> dict[str, Option]:
    """Option key -> member and unique readable label: the dataset's flows, the candidates
    (best first), then `extra` members that are neither (e.g. of a saved chain)."""
    names = company_names(dataset)
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
        add(member, status_text(statuses[member.ref_id]))
    scores = candidates["score"].tolist() if "score" in candidates else []
    for member, score in zip(candidate_members(candidates), scores, strict=True):
        add(member, t("chainsui.option.candidate", score=f"{score:.0f}"))
    for member in extra:
        kind = statuses.get(member.ref_id, "candidate") if member.kind == "flow" else "candidate"
        add(member, status_text(kind))
    return options


def status_text(status: str) -> str:
    try:
        return t(f"chainsui.status.{status}")
    except KeyError:
        return status


def member_exchanges(members: Iterable[Member], dataset: Dataset) -> list[Exchange]:
    """The exchanges of a chain's members, in order: a flow from the dataset, a candidate (or a
    flow that no longer exists) from its stored fields and the dataset's streams."""
    members = list(members)
    flows = {
        ex.exchange_id: ex
        for ex in flow_exchanges(dataset, [m.ref_id for m in members if m.kind == "flow"])
    }
    streams = dataset.streams.set_index("stream_id")
    companies = dataset.companies.set_index("company_id")
    exchanges = []
    for member in members:
        if member.kind == "flow" and member.ref_id in flows:
            exchanges.append(flows[member.ref_id])
            continue
        have, _, want = member.ref_id.partition(CANDIDATE_SEPARATOR)
        row: dict[str, object] = {
            "source_company": member.source_company,
            "target_company": member.target_company,
            "have_material": member.material,
            "quantity": member.quantity,
            "unit": member.unit,
            "distance_km": _distance(companies, member.source_company, member.target_company),
        }
        if member.kind == "candidate":
            if want in streams.index:
                row["want_material"] = streams.at[want, "material"]
                row["want_quantity"] = streams.at[want, "quantity"]
            flagged = [streams.at[s, "hazardous"] for s in (have, want) if s in streams.index]
            row["hazardous"] = any(v is not pd.NA and bool(v) for v in flagged)
        exchanges.append(candidate_exchange(row, dataset, exchange_id=member.ref_id))
    return exchanges


def _distance(companies: pd.DataFrame, source: str | None, target: str | None) -> float | None:
    if source not in companies.index or target not in companies.index:
        return None
    a, b = companies.loc[source], companies.loc[target]
    coordinates = [optional_number(v) for v in (a["lat"], a["lon"], b["lat"], b["lon"])]
    if None in coordinates:
        return None
    return haversine_km(*coordinates)  # type: ignore[arg-type]


class Listed(NamedTuple):
    """A chain as the page lists it: its label, name and members."""

    label: str
    name: str
    members: list[Member]


def listed_chains(
    saved: Iterable[StoredChain],
    detected: Iterable[Chain],
    flows: pd.DataFrame,
    shown: Iterable[str] | None = None,
) -> dict[str, Listed]:
    """Key -> listed chain: the saved chains (`saved:<id>`), then the detected ones
    (`detected:<id>`) that have a company in `shown` (all when None)."""
    listed = {
        f"saved:{c.id}": Listed(t("chainsui.saved_label", name=c.name), c.name, list(c.members))
        for c in saved
    }
    by_id = flows.set_index(flows["flow_id"].astype(str), drop=False)
    shown = None if shown is None else set(shown)
    for chain in detected:
        if shown is None or shown & set(chain.companies):
            members = flow_members(by_id.loc[list(chain.flow_ids)])
            label = t("chainsui.detected_label", name=chain.name)
            listed[f"detected:{chain.chain_id}"] = Listed(label, chain.name, members)
    return listed
