"""Assessment factors (emission factors, prices, fees) with sources, editable per session.

A factor row is keyed by `kind` plus optional `material` (a material id or `group:<group>`),
`route_or_mode` (a use, a fate, a transport mode), `country` and `sector` (a NACE code prefix of
the company the factor depends on); an empty key field matches any value. A lookup takes the
most specific matching row. A missing factor is `None`, never a silent 0.
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
    "sector",
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
    "ef_electricity",
    "ef_fuel",
    "price_virgin",
    "price_electricity",
    "price_fuel",
    "market_price",
    "gate_fee",
    "transport_cost",
    "treatment_cost",
    "transaction_cost",
    "fate",
    "market_use",
    "energy_recovery",
    "energy_content",
    "electricity_use",
    "supply_temperature",
    "required_temperature",
    "heat_pump_efficiency",
    "virgin_distance",
    "market_distance",
    "detour_factor",
    "co2_price",
)
PROVENANCES = ("documented", "reported", "estimated", "synthetic")
# kinds whose rows name a choice (a fate, a use); their value is not a number to edit
CHOICE_KINDS = ("fate", "market_use")


@dataclass(frozen=True)
class Factor:
    """One factor row; `value` is the effective value (after a session override)."""

    factor_id: str
    kind: str
    material: str
    route: str
    country: str
    sector: str
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
    source = Path(path) if path else reference.REFERENCE_DIR / FACTORS_FILE
    columns = ("factor_id", "kind", "material", "route_or_mode", "country", "value", "unit",
               "source", "source_url", "provenance", "note")  # fmt: skip
    table = reference.read_table(source, columns)
    factors = []
    for line, row in enumerate(table.to_dict("records"), start=2):
        try:
            value = float(row["value"])
        except ValueError:
            raise reference.ReferenceDataError(
                source, f"line {line}: value {row['value']!r} is not a number"
            ) from None
        factors.append(
            Factor(
                row["factor_id"],
                row["kind"],
                row["material"],
                row["route_or_mode"],
                row["country"],
                row.get("sector", ""),
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
        self._best: dict[tuple, str | None] = {}
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
        self,
        kind: str,
        material: str = "",
        route: str | None = "",
        country: str | None = "",
        sector: str | None = "",
    ) -> Factor | None:
        """The most specific row of `kind` matching the keys, or None when nothing matches.

        A row's empty key matches anything; a key passed as None accepts any row value; a
        row's sector matches the NACE codes it begins (`17` and `17.1` match `17.12`).
        Specificity: material id (16) > material group (12) > sector (4 + its length) >
        country (2) > route (1).
        """
        key = (kind, material, route, country, sector)
        if key not in self._best:
            self._best[key] = self._most_specific(*key)
        best = self._best[key]
        return None if best is None else self.get(best)

    def _most_specific(self, kind, material, route, country, sector) -> str | None:
        """The id of the row `lookup` takes (overrides change values, not the choice)."""
        group = _group(material)
        best, best_score = None, -1
        for row in self._by_kind.get(kind, ()):
            score = _match(row, material, group, route, country, sector)
            if score > best_score:
                best, best_score = row, score
        return None if best is None else best.factor_id

    def choices(self, kind: str, material: str = "") -> list[Factor]:
        """Every row of `kind` for the material (its own rows, else its group's, else the
        general ones), one per `route_or_mode`: the options a user can pick from."""
        group = _group(material)
        found: dict[str, tuple[int, Factor]] = {}
        for row in self._by_kind.get(kind, ()):
            score = _match(row, material, group, None, None, None)
            if score >= 0 and score >= found.get(row.route, (-1, row))[0]:
                found[row.route] = (score, row)
        return [self.get(row.factor_id) for _, row in found.values()]

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
                    "sector": row.sector,
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


def _match(
    row: Factor,
    material: str,
    group: str,
    route: str | None,
    country: str | None,
    sector: str | None,
) -> int:
    score = 0
    if row.material:
        if row.material == material:
            score += 16
        elif group and row.material == f"group:{group}":
            score += 12
        else:
            return -1
    if row.sector and sector is not None:
        if not sector.startswith(row.sector):
            return -1
        score += 4 + len(row.sector)
    for key, wanted, weight in ((row.country, country, 2), (row.route, route, 1)):
        if key and wanted is not None:
            if key != wanted:
                return -1
            score += weight
    return score
