"""A chain's scoring sheet as people fill it in: criteria grouped in areas, each given a level
on an ordinal five-step scale with a confidence and a comment, and the chain's readiness on the
six CORALIS axes scored the same way; who scored and when. Kept in the shared database
(`dashboard.store.sheets`); read by `dashboard.analysis.soft_mca`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

LEVELS = (1, 2, 3, 4, 5)
"""1 very poor, 2 poor, 3 acceptable, 4 good, 5 very good (for the chain's success)."""
CONFIDENCE = ("low", "medium", "high")
AREAS: dict[str, tuple[str, ...]] = {
    "technical": ("process_fit", "quality", "safety"),
    "environmental": ("ghg", "resources"),
    "economic": ("net_benefit", "investment"),
    "market": ("alternative_uses", "demand"),
    "institutional": ("legal_status", "permits"),
    "organisational": ("trust", "contracts", "actors"),
    "social": ("acceptance",),
    "maturity": ("maturity", "infrastructure"),
}
CRITERIA: tuple[str, ...] = tuple(c for criteria in AREAS.values() for c in criteria)
AREA_OF = {criterion: area for area, criteria in AREAS.items() for criterion in criteria}
READINESS_AXES = ("technology", "business", "organisational", "legal", "societal",
                  "environmental")  # fmt: skip
"""CORALIS (H2020) industrial-symbiosis readiness axes."""
MAX_COMMENT = 1000
MAX_SCORER = 80


@dataclass(frozen=True)
class Entry:
    """One scored line: a criterion (or readiness axis), its level (None: not scored), the
    confidence in it, a comment, and the level the evidence suggested."""

    criterion: str
    level: int | None = None
    confidence: str | None = None
    comment: str = ""
    suggested: int | None = None

    def problems(self) -> list[str]:
        """Codes of what is wrong with the entry ([] when it is valid)."""
        found = []
        if self.level is not None and self.level not in LEVELS:
            found.append("level")
        if self.confidence is not None and self.confidence not in CONFIDENCE:
            found.append("confidence")
        if len(self.comment) > MAX_COMMENT:
            found.append("comment")
        return found


@dataclass(frozen=True)
class Sheet:
    """A scoring sheet of one chain by one scorer at one time."""

    dataset_id: str
    chain_key: str
    scorer: str
    scored_at: datetime
    entries: tuple[Entry, ...]
    readiness: tuple[Entry, ...] = ()
    sheet_id: str = field(default="", compare=False)

    def levels(self) -> dict[str, int | None]:
        return {e.criterion: e.level for e in self.entries}

    def readiness_levels(self) -> dict[str, int | None]:
        return {e.criterion: e.level for e in self.readiness}


class InvalidSheet(ValueError):
    """A sheet with an unknown criterion, a level off the scale, or an over-long text."""


def blank_readiness() -> tuple[Entry, ...]:
    return tuple(Entry(axis) for axis in READINESS_AXES)


def validated(sheet: Sheet) -> Sheet:
    """The sheet when it is valid; otherwise InvalidSheet naming the first problem."""
    if not sheet.scorer.strip() or len(sheet.scorer) > MAX_SCORER:
        raise InvalidSheet("scorer")
    for entries, known in ((sheet.entries, CRITERIA), (sheet.readiness, READINESS_AXES)):
        names = [e.criterion for e in entries]
        if len(set(names)) != len(names) or not set(names) <= set(known):
            raise InvalidSheet("criterion")
        for entry in entries:
            if entry.problems():
                raise InvalidSheet(f"{entry.criterion}: {entry.problems()[0]}")
    return sheet
