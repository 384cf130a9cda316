"""Candidates are alternatives: an allocation that never gives a have or a want more than it has.

The matching engine offers every compatible pair; several haves can meet one want and one have
can meet several wants. Adding them all counts the same heat or ash many times. `allocate`
keeps candidates in rank order (`find_candidates` returns them best first) and gives each what
is still left on both sides:

- `BOTH_SIDES`: a want may be met by several haves, a have may serve several wants, each
  candidate getting `min(have left, want left)`;
- `BEST_PER_WANT`: each want takes only its best candidate that still has something left (one
  supplier per want, what a facilitator would pursue first), capped by the have's remainder.

What is left of a want is the engine's `want_quantity` (after the existing and planned flows
into it); what is left of a have is `have_remaining` (after the existing and planned flows out
of it), else its declared quantity. A want in another unit (warm water in m3 met by heat in
MWh) is consumed in its own unit through the engine's conversion (`coverage`).

`over_allocation` checks a set of exchanges (a chain) the other way round: which haves and
wants it uses beyond their declared quantities, and which exchanges it holds twice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from dashboard.domain import taxonomy
from dashboard.domain.statuses import COVERING

BEST_PER_WANT, BOTH_SIDES = "best_per_want", "both_sides"
MODES = (BEST_PER_WANT, BOTH_SIDES)
TOLERANCE = 1e-9
HAVE, WANT = "have", "want"


def have_remaining(streams: pd.DataFrame, flows: pd.DataFrame) -> pd.Series:
    """Stream id -> what is left of each have after the existing and planned flows out of its
    company of the same material and unit, shared among that company's haves of the material in
    proportion to their size (the mirror of the engine's remaining want)."""
    haves = streams[
        (streams["direction"] == "have") & streams["quantity"].notna() & streams["unit"].notna()
    ]
    left = haves.set_index("stream_id")["quantity"].astype(float)
    covering = flows[flows["status"].isin(COVERING) & flows["quantity"].notna()]
    used = covering.groupby(["source_company", "material", "unit"])["quantity"].sum()
    if used.empty or haves.empty:
        return left
    keys = pd.MultiIndex.from_frame(haves[["company_id", "material", "unit"]])
    totals = haves.groupby(["company_id", "material", "unit"])["quantity"].transform("sum")
    out = used.reindex(keys).fillna(0.0).to_numpy()
    share = 1 - out / totals.where(totals > 0).to_numpy()
    return (left * pd.Series(share, index=left.index).fillna(1.0).clip(lower=0.0)).rename(
        "quantity"
    )


def allocate(
    candidates: pd.DataFrame,
    mode: str = BOTH_SIDES,
    have_left: Mapping[str, float] | pd.Series | None = None,
) -> pd.DataFrame:
    """The candidates that get something, in rank order, `quantity` set to what they get (in the
    have's unit) and `offered` to what the engine offered; see the module docstring."""
    if mode not in MODES:
        raise ValueError(mode)
    haves = dict(have_left.items()) if have_left is not None else {}
    wants: dict[str, float] = {}
    served: set[str] = set()
    kept, given = [], []
    for i, row in enumerate(candidates.itertuples(index=False)):
        offered = float(row.quantity)
        if not offered > 0:
            continue
        factor = float(row.coverage) * float(row.want_quantity) / offered
        have = haves.setdefault(row.have_stream_id, float(row.have_quantity))
        want = wants.setdefault(row.want_stream_id, float(row.want_quantity))
        if mode == BEST_PER_WANT and row.want_stream_id in served:
            continue
        amount = min(offered, have, want / factor)
        if amount <= TOLERANCE:
            continue
        haves[row.have_stream_id] = have - amount
        wants[row.want_stream_id] = want - amount * factor
        served.add(row.want_stream_id)
        kept.append(i)
        given.append(amount)
    result = candidates.iloc[kept].assign(offered=candidates["quantity"].iloc[kept])
    return result.assign(quantity=given).reset_index(drop=True)


def allocation_summary(candidates: pd.DataFrame, allocated: pd.DataFrame) -> pd.DataFrame:
    """Per unit: candidates offered and kept, the quantity they offer together (as if all
    happened, which they cannot), the quantity allocated, and what is left out."""
    offered = candidates.groupby("unit").agg(
        candidates=("quantity", "size"), offered=("quantity", "sum")
    )
    kept = allocated.groupby("unit").agg(kept=("quantity", "size"), allocated=("quantity", "sum"))
    table = offered.join(kept, how="left").fillna({"kept": 0, "allocated": 0.0})
    table["kept"] = table["kept"].astype(int)
    table["left_out"] = table["candidates"] - table["kept"]
    table["not_allocated"] = table["offered"] - table["allocated"]
    return table.reset_index()


# -- a chain's use of the haves and wants -------------------------------------------------------


@dataclass(frozen=True)
class Overuse:
    """A company's haves (or wants) of one material and unit, used beyond their quantity."""

    side: str
    company: str
    material: str
    unit: str
    available: float
    used: float
    exchanges: tuple[str, ...]

    @property
    def excess(self) -> float:
        return self.used - self.available


@dataclass(frozen=True)
class ChainCheck:
    """What a set of exchanges over-allocates, and the exchange ids it holds more than once."""

    overused: tuple[Overuse, ...]
    duplicates: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.overused or self.duplicates)


def _served_wants(material: str, unit: str, wants: pd.DataFrame) -> pd.DataFrame:
    """The wants of one company a material in `unit` can meet, with the conversion factor."""
    rows = wants[
        [taxonomy.is_compatible(material, m) if isinstance(m, str) else False
         for m in wants["material"]]
    ]  # fmt: skip
    factors = [taxonomy.unit_factor(unit, u) for u in rows["unit"]]
    rows = rows.assign(factor=factors)
    rows = rows[rows["factor"].notna()]
    exact = rows[rows["material"] == material]
    return exact if len(exact) else rows


def over_allocation(exchanges: Iterable, streams: pd.DataFrame) -> ChainCheck:
    """The haves and wants that `exchanges` (a chain's `Exchange`s) use beyond the quantities
    of the streams declared for them, and the exchanges given twice (by id).

    A have is all of the giver's have streams of the exchange's material and unit; a want is all
    of the receiver's want streams the material meets (the same material first, else the ones
    it substitutes for), converted to their unit. Exchanges of unknown quantity use nothing
    known, and a side with no declared quantity is not checked: unknown stays unknown.
    """
    exchanges = list(exchanges)
    counts = Counter(ex.exchange_id for ex in exchanges)
    duplicates = tuple(sorted(k for k, n in counts.items() if n > 1))
    known = streams[streams["quantity"].notna() & streams["unit"].notna()]
    by_company = {key: part for key, part in known.groupby(["company_id", "direction"])}
    pools: dict[tuple[str, str, str, str], list] = {}
    available: dict[tuple[str, str, str, str], float] = {}
    for ex in exchanges:
        if ex.quantity is None or ex.unit is None or pd.isna(ex.quantity):
            continue
        haves = by_company.get((ex.source_company, HAVE))
        if haves is not None:
            mine = haves[(haves["material"] == ex.material) & (haves["unit"] == ex.unit)]
            if len(mine):
                key = (HAVE, ex.source_company, ex.material, ex.unit)
                available[key] = float(mine["quantity"].sum())
                pools.setdefault(key, []).append((ex.exchange_id, float(ex.quantity)))
        wants = by_company.get((ex.target_company, WANT))
        if wants is not None:
            met = _served_wants(ex.material, ex.unit, wants)
            for (material, unit), part in met.groupby(["material", "unit"]):
                key = (WANT, ex.target_company, material, unit)
                available[key] = float(part["quantity"].sum())
                share = float(ex.quantity) * float(part["factor"].iloc[0])
                pools.setdefault(key, []).append((ex.exchange_id, share))
                break
    overused = []
    for key, uses in pools.items():
        used = sum(q for _, q in uses)
        if used > available[key] * (1 + 1e-9) + TOLERANCE:
            ids = tuple(dict.fromkeys(i for i, _ in uses))
            overused.append(Overuse(*key, available=available[key], used=used, exchanges=ids))
    return ChainCheck(tuple(sorted(overused, key=lambda o: (o.side, o.company, o.material))),
                      duplicates)  # fmt: skip
