"""Assessment factors (emission factors, prices, fees) with sources, editable per session.

A factor row is keyed by `kind` plus optional `material` (a material id or `group:<group>`),
`route_or_mode` and `country`; an empty key field matches any value. A lookup takes the most
specific matching row. A missing factor is `None`, never a silent 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

import pandas as pd

from dashboard.domain import reference
from dashboard.domain.values import text

FACTORS_FILE = "factors.csv"
COLUMNS = (
    "factor_id",
    "kind",
    "material",
    "route_or_mode",
    "country",
    "value",
    "unit",
    "source",
    "source_url",
    "provenance",
    "note",
)
KINDS = (
    "ef_virgin",
    "virgin_share",
    "ef_disposal",
    "ef_processing",
    "ef_transport",
    "price_virgin",
    "gate_fee",
    "transport_cost",
    "treatment_cost",
    "transaction_cost",
    "disposal_route",
    "virgin_distance",
    "detour_factor",
)
PROVENANCES = ("documented", "estimated")


@dataclass(frozen=True)
class Factor:
    """One factor row; `value` is the effective value (after a session override)."""

    factor_id: str
    kind: str
    material: str
    route: str
    country: str
    value: float
    unit: str
    source: str
    source_url: str
    provenance: str
    note: str
    default: float = math.nan

    @property
    def overridden(self) -> bool:
        return self.value != self.default


def read_factors(path: str | Path | None = None) -> list[Factor]:
    """Read the factor table (default: the bundled `data/reference/factors.csv`)."""
    table = pd.read_csv(
        path or reference.REFERENCE_DIR / FACTORS_FILE, dtype=str, keep_default_na=False
    )
    factors = []
    for row in table.to_dict("records"):
        value = float(row["value"])
        factors.append(
            Factor(
                row["factor_id"],
                row["kind"],
                row["material"],
                row["route_or_mode"],
                row["country"],
                value,
                row["unit"],
                row["source"],
                row["source_url"],
                row["provenance"],
                text(row["note"]),
                value,
            )
        )
    return factors


@cache
def bundled() -> tuple[Factor, ...]:
    return tuple(read_factors())


@dataclass
class Factors:
    """The factor table plus session overrides (factor_id -> value); `reset` restores."""

    rows: tuple[Factor, ...] = field(default_factory=bundled)
    overrides: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._by_id = {f.factor_id: f for f in self.rows}
        self._by_kind: dict[str, list[Factor]] = {}
        for row in self.rows:
            self._by_kind.setdefault(row.kind, []).append(row)
        unknown = set(self.overrides) - set(self._by_id)
        if unknown:
            raise KeyError(", ".join(sorted(unknown)))

    def override(self, factor_id: str, value: float) -> None:
        if factor_id not in self._by_id:
            raise KeyError(factor_id)
        self.overrides[factor_id] = float(value)

    def reset(self, factor_id: str | None = None) -> None:
        """Drop one override, or all of them."""
        if factor_id is None:
            self.overrides.clear()
        else:
            self.overrides.pop(factor_id, None)

    def with_overrides(self, overrides: dict[str, float]) -> Factors:
        """A copy with `overrides` applied on top of this object's overrides."""
        return Factors(self.rows, {**self.overrides, **overrides})

    def get(self, factor_id: str) -> Factor | None:
        row = self._by_id.get(factor_id)
        if row is None or factor_id not in self.overrides:
            return row
        return replace(row, value=self.overrides[factor_id])

    def lookup(
        self, kind: str, material: str = "", route: str | None = "", country: str | None = ""
    ) -> Factor | None:
        """The most specific row of `kind` matching the keys, or None when nothing matches.

        A row's empty key matches anything; a key passed as None accepts any row value.
        Specificity: material id (8) > material group (6) > country (2) > route (1).
        """
        group = _group(material)
        best, best_score = None, -1
        for row in self._by_kind.get(kind, ()):
            score = _match(row, material, group, route, country)
            if score > best_score:
                best, best_score = row, score
        return None if best is None else self.get(best.factor_id)

    def table(self) -> pd.DataFrame:
        """All factors with their default and effective values, for display and export."""
        records = []
        for row in self.rows:
            effective = self.get(row.factor_id)
            records.append(
                {
                    "factor_id": row.factor_id,
                    "kind": row.kind,
                    "material": row.material,
                    "route_or_mode": row.route,
                    "country": row.country,
                    "value": effective.value,
                    "default": row.default,
                    "unit": row.unit,
                    "source": row.source,
                    "source_url": row.source_url,
                    "provenance": row.provenance,
                    "note": row.note,
                }
            )
        return pd.DataFrame(records)


def _group(material: str) -> str:
    table = reference.materials()
    return table.at[material, "group"] if material in table.index else ""


def _match(row: Factor, material: str, group: str, route: str | None, country: str | None) -> int:
    score = 0
    if row.material:
        if row.material == material:
            score += 8
        elif group and row.material == f"group:{group}":
            score += 6
        else:
            return -1
    for key, wanted, weight in ((row.country, country, 2), (row.route, route, 1)):
        if key and wanted is not None:
            if key != wanted:
                return -1
            score += weight
    return score
