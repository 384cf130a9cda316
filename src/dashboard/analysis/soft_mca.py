"""The soft multi-criteria assessment of a chain, scored by people: a scoring sheet of criteria
grouped in areas, each given a level on an ordinal five-step scale with a confidence and a
comment, and the chain's readiness on the six CORALIS axes scored the same way.

The method follows the "soft" multi-criteria assessment of Lindfors, Feiz, Eklund & Ammenberg
(2019, Sustainability 11(14):3756) and Feiz & Ammenberg (2017, Resources, Conservation &
Recycling 122:373-387): local knowledge structured by criteria, read as a profile rather than
collapsed into one number. The computed indicators of the chain's assessment (`mca.criteria_scores`)
are the evidence beside a criterion and suggest a level, which a person confirms or changes.

Levels are ordinal: an area's level is the median of its scored criteria, never a mean. A
weighted aggregate is offered only on request, and says which weak criteria it averages away.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

import pandas as pd

from dashboard.domain.scoring import AREA_OF, AREAS, CRITERIA, READINESS_AXES, Entry, Sheet

EVIDENCE: dict[str, str] = {
    "process_fit": "quantity_fit",
    "safety": "hazard",
    "ghg": "ghg",
    "resources": "quantity",
    "net_benefit": "net_benefit",
    "legal_status": "regulatory",
    "maturity": "readiness",
    "infrastructure": "distance",
}
"""The computed indicator (`mca.CRITERIA`) that is evidence for a criterion."""
def suggested_level(score: float | None) -> int | None:
    """The level an indicator normalised to 0..1 suggests: 0 -> 1, 1 -> 5; unknown stays None."""
    if score is None:
        return None
    return 1 + round(4 * min(1.0, max(0.0, score)))


def suggestions(indicators: Mapping[str, float | None]) -> dict[str, int | None]:
    """Suggested level per criterion from the chain's computed indicators (`mca.criteria_scores`);
    criteria no indicator speaks for are None."""
    return {c: suggested_level(indicators.get(EVIDENCE[c])) if c in EVIDENCE else None
            for c in CRITERIA}  # fmt: skip


def blank_entries(indicators: Mapping[str, float | None]) -> tuple[Entry, ...]:
    """A new sheet's lines: every criterion unscored, with the level its evidence suggests."""
    suggested = suggestions(indicators)
    return tuple(Entry(c, suggested=suggested[c]) for c in CRITERIA)


def accept_suggestions(entries: Iterable[Entry]) -> tuple[Entry, ...]:
    """Unscored lines given the level their evidence suggests (a person's choice to confirm)."""
    return tuple(
        replace(e, level=e.suggested) if e.level is None and e.suggested is not None else e
        for e in entries
    )


def area_levels(levels: Mapping[str, int | None]) -> dict[str, float | None]:
    """Each area's median level over its scored criteria (None when none is scored)."""
    result: dict[str, float | None] = {}
    for area, criteria in AREAS.items():
        scored = [levels[c] for c in criteria if levels.get(c) is not None]
        result[area] = float(statistics.median(scored)) if scored else None
    return result


def profile(sheets: Mapping[str, Sheet]) -> pd.DataFrame:
    """Criteria (rows, grouped by area) by sheet (columns, in the order given): the level, or
    NaN where unscored."""
    index = pd.MultiIndex.from_tuples([(AREA_OF[c], c) for c in CRITERIA],
                                      names=["area", "criterion"])  # fmt: skip
    columns = {
        label: [sheet.levels().get(c) for c in CRITERIA] for label, sheet in sheets.items()
    }
    return pd.DataFrame(columns, index=index, dtype=float)


def readiness_profile(sheets: Mapping[str, Sheet]) -> pd.DataFrame:
    """Readiness axes (rows) by sheet (columns): the level, or NaN where unscored."""
    columns = {
        label: [sheet.readiness_levels().get(a) for a in READINESS_AXES]
        for label, sheet in sheets.items()
    }
    return pd.DataFrame(columns, index=pd.Index(READINESS_AXES, name="axis"), dtype=float)


@dataclass(frozen=True)
class Aggregate:
    """A weighted mean of the levels, the share of the weight that was scored, and the weak
    criteria (level 1 or 2) the mean averages away: what a single number hides."""

    value: float | None
    scored_share: float
    hidden_weak: tuple[str, ...]


def weighted_aggregate(
    levels: Mapping[str, int | None], weights: Mapping[str, float] | None = None
) -> Aggregate:
    """The optional single figure: weights default to 1 per criterion; unscored criteria are
    left out (not counted as any level) and reported through `scored_share`."""
    weights = {c: 1.0 for c in CRITERIA} | dict(weights or {})
    total = sum(w for c, w in weights.items() if c in CRITERIA and w > 0)
    scored = {c: lv for c, lv in levels.items() if lv is not None and weights.get(c, 0) > 0}
    weight = sum(weights[c] for c in scored)
    value = sum(weights[c] * lv for c, lv in scored.items()) / weight if weight else None
    weak = tuple(c for c in CRITERIA if c in scored and scored[c] <= 2)
    return Aggregate(value, weight / total if total else 0.0, weak if value is not None else ())


def sheet_rows(sheet: Sheet) -> pd.DataFrame:
    """The sheet as rows for a CSV: part (criterion or readiness), area, criterion, level,
    confidence, comment, suggested level, scorer, date."""
    rows = [
        {"part": part, "area": AREA_OF.get(e.criterion, ""), "criterion": e.criterion,
         "level": e.level, "confidence": e.confidence, "comment": e.comment,
         "suggested": e.suggested, "scorer": sheet.scorer,
         "scored_at": sheet.scored_at.isoformat(timespec="seconds")}
        for part, entries in (("criterion", sheet.entries), ("readiness", sheet.readiness))
        for e in entries
    ]  # fmt: skip
    columns = ["part", "area", "criterion", "level", "confidence", "comment", "suggested",
               "scorer", "scored_at"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns).astype({"level": "Int64", "suggested": "Int64"})
