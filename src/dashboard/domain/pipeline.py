"""The Living Lab pipeline: a followed chain's stage, its dated changes and notes, and what it
delivered each year once it runs, with the rules a change must keep.

A chain enters the pipeline as an `idea` and moves to any other stage (forward, skipping stages
it went through unrecorded, or back, as a pilot that fails returns to feasibility); `stopped`
needs a reason, and a stopped chain may be reopened. Changes are dated, never in the future and
never before the last one. Realised figures are recorded by calendar year, only for a year in
which the chain was at pilot or operating, each with its provenance and source."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from dashboard.domain.factors import PROVENANCES

STAGES = ("idea", "contacted", "feasibility", "pilot", "operating", "stopped")
FIRST, STOPPED = STAGES[0], STAGES[-1]
RUNNING = ("pilot", "operating")
"""Stages in which a chain delivers, so has realised figures."""
STOP_REASONS = (
    "economics", "regulation", "logistics", "quality", "volume", "partner", "technology",
    "other",
)  # fmt: skip
METRICS = {
    "diverted_t": "t",
    "ghg_avoided_t_co2e": "t CO2e",
    "money_saved_eur": "EUR",
    "jobs": "jobs",
}
"""What a funder asks for each year (NISP's reporting: tonnes diverted, CO2 avoided, money
saved, jobs where reported), with the unit of each."""
NEVER_NEGATIVE = ("diverted_t", "jobs")
TEXT_LIMIT = 2000


@dataclass(frozen=True)
class StageChange:
    on: date
    stage: str
    reason: str = ""


@dataclass(frozen=True)
class Note:
    on: date
    text: str
    author: str = ""


@dataclass(frozen=True)
class YearResult:
    """What a running chain delivered in one calendar year; None is unknown (not reported)."""

    year: int
    values: dict[str, float | None]
    provenance: str = "reported"
    source: str = ""


@dataclass(frozen=True)
class Pipeline:
    """One followed chain: its owner, stage changes (oldest first), notes and yearly results."""

    chain_id: str
    owner: str
    changes: tuple[StageChange, ...]
    notes: tuple[Note, ...] = ()
    years: tuple[YearResult, ...] = ()

    @property
    def stage(self) -> str:
        return self.changes[-1].stage if self.changes else FIRST

    @property
    def reason(self) -> str:
        return self.changes[-1].reason if self.changes and self.stage == STOPPED else ""


@dataclass(frozen=True)
class Span:
    """A stretch of time spent at one stage; `end` None while the chain is still there."""

    stage: str
    start: date
    end: date | None
    days: int


def move_refusal(pipeline: Pipeline, change: StageChange, today: date) -> str | None:
    """Why `change` may not be recorded (a code), or None."""
    if change.stage not in STAGES:
        return "unknown_stage"
    if change.stage == pipeline.stage:
        return "same_stage"
    if change.on > today:
        return "future_date"
    if pipeline.changes and change.on < pipeline.changes[-1].on:
        return "before_last"
    if change.stage == STOPPED and change.reason not in STOP_REASONS:
        return "reason_needed"
    if change.stage != STOPPED and change.reason:
        return "reason_only_stopped"
    return None


def spans(pipeline: Pipeline, today: date) -> list[Span]:
    """The stages the chain went through, in order, each with its length in days (to today
    for the stage it is at; a stopped chain's last span has no end)."""
    found = []
    changes = pipeline.changes
    for i, change in enumerate(changes):
        end = changes[i + 1].on if i + 1 < len(changes) else None
        days = ((end or today) - change.on).days
        found.append(Span(change.stage, change.on, end, days))
    return found


def running_in(pipeline: Pipeline, year: int) -> bool:
    """Whether the chain was at pilot or operating for some time in `year`."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    return any(
        span.stage in RUNNING and span.start <= last and (span.end is None or span.end > first)
        for span in spans(pipeline, last)
    )


def year_refusal(pipeline: Pipeline, result: YearResult, today: date) -> str | None:
    """Why a year's figures may not be recorded (a code), or None."""
    if result.year > today.year:
        return "future_year"
    if not running_in(pipeline, result.year):
        return "not_running"
    if result.provenance not in PROVENANCES:
        return "provenance"
    values = [result.values.get(m) for m in METRICS]
    if all(v is None for v in values):
        return "empty"
    if any(v is not None and not math.isfinite(v) for v in values):
        return "not_number"
    if any((result.values.get(m) or 0) < 0 for m in NEVER_NEGATIVE):
        return "negative"
    return None


def note_refusal(note: Note, today: date) -> str | None:
    """Why a note may not be recorded (a code), or None."""
    if not note.text.strip():
        return "empty_note"
    if len(note.text) > TEXT_LIMIT:
        return "too_long"
    if note.on > today:
        return "future_date"
    return None
