"""A chain's scoring sheet as people read and fill it in: the editor's rows (area, criterion,
evidence, suggested level, level, confidence, comment) in the current language, the edits read
back into entries, and the profile as a coloured matrix and a radar of the areas."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping
from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go

from dashboard.analysis.soft_mca import EVIDENCE, area_levels
from dashboard.domain.labels import score_text
from dashboard.domain.scoring import (
    AREA_OF,
    AREAS,
    CONFIDENCE,
    CRITERIA,
    LEVELS,
    READINESS_AXES,
    Entry,
    Sheet,
)
from dashboard.i18n import t
from dashboard.views.chain_tables import criterion_label
from dashboard.views.plotly_text import escape_plotly, separators

SHEET_COLUMNS = ("area", "criterion", "evidence", "suggested", "level", "confidence", "comment")
LEVEL_COLOURS = ((0.0, "#d7191c"), (0.25, "#fdae61"), (0.5, "#ffffbf"), (0.75, "#a6d96a"),
                 (1.0, "#1a9641"))  # fmt: skip


def level_label(level: int | None) -> str:
    return t(f"mca.level.{level}") if level in LEVELS else ""


def level_options() -> list[str]:
    return [level_label(level) for level in LEVELS]


def confidence_label(confidence: str | None) -> str:
    return t(f"mca.confidence.{confidence}") if confidence in CONFIDENCE else ""


def confidence_options() -> list[str]:
    return [confidence_label(c) for c in CONFIDENCE]


def line_label(name: str) -> str:
    """A criterion's or a readiness axis's name."""
    return t(f"mca.criterion.{name}") if name in AREA_OF else t(f"mca.axis.{name}")


def evidence_text(criterion: str, indicators: Mapping[str, float | None]) -> str:
    """'GHG avoided: 0.84 of 1' for a criterion with a computed indicator, '' otherwise."""
    indicator = EVIDENCE.get(criterion)
    if indicator is None:
        return ""
    return t("mca.evidence", indicator=criterion_label(indicator),
             score=score_text(indicators.get(indicator)))  # fmt: skip


def sheet_frame(entries: tuple[Entry, ...], indicators: Mapping[str, float | None]) -> pd.DataFrame:
    """The editor's rows, one per line of the sheet, in the current language."""
    rows = [
        {
            "area": t(f"mca.area.{AREA_OF[e.criterion]}") if e.criterion in AREA_OF else "",
            "criterion": line_label(e.criterion),
            "evidence": evidence_text(e.criterion, indicators),
            "suggested": level_label(e.suggested),
            "level": level_label(e.level) or None,
            "confidence": confidence_label(e.confidence) or None,
            "comment": e.comment,
        }
        for e in entries
    ]
    return pd.DataFrame(rows, columns=list(SHEET_COLUMNS))


def edited_entries(entries: tuple[Entry, ...], edited_rows: Mapping) -> tuple[Entry, ...]:
    """The entries with the editor's changes (`edited_rows`: row -> {column: shown value})
    applied; a shown level or confidence is read back to its code, an emptied one is None."""
    levels = {level_label(level): level for level in LEVELS}
    confidences = {confidence_label(c): c for c in CONFIDENCE}
    result = list(entries)
    for row, changes in edited_rows.items():
        index = int(row)
        if not 0 <= index < len(result):
            continue
        entry = result[index]
        if "level" in changes:
            entry = replace(entry, level=levels.get(changes["level"] or ""))
        if "confidence" in changes:
            entry = replace(entry, confidence=confidences.get(changes["confidence"] or ""))
        if "comment" in changes:
            entry = replace(entry, comment=str(changes["comment"] or "").strip())
        result[index] = entry
    return tuple(result)


def sheet_label(sheet: Sheet, chain_name: str) -> str:
    """'Brewery → … · Anna, 2026-12-02': the chain's name shortened, who scored and when."""
    short = textwrap.shorten(chain_name, 32, placeholder=" …")
    return t("mca.sheet_label", chain=short, scorer=sheet.scorer,
             date=sheet.scored_at.strftime("%Y-%m-%d"))  # fmt: skip


def row_labels(frame: pd.DataFrame) -> list[str]:
    """The rows of a profile: 'Area · criterion', or the readiness axis."""
    if isinstance(frame.index, pd.MultiIndex):
        return [f"{t(f'mca.area.{area}')} · {line_label(c)}" for area, c in frame.index]
    return [line_label(axis) for axis in frame.index]


def profile_figure(frame: pd.DataFrame, title: str) -> go.Figure:
    """A profile as a matrix: criteria or readiness axes (rows) by sheet (columns), each cell
    coloured by its level from red (1) to green (5), unscored cells blank."""
    rows = row_labels(frame)
    values = frame.to_numpy(dtype=float)
    text = [[level_label(int(v)) if not math.isnan(v) else "" for v in row] for row in values]
    figure = go.Figure(
        go.Heatmap(
            z=values, x=[escape_plotly(str(c)) for c in frame.columns],
            y=[escape_plotly(r) for r in rows], zmin=1, zmax=5, colorscale=LEVEL_COLOURS,
            text=text, texttemplate="%{text}", hoverongaps=False, showscale=False,
            hovertemplate="%{y}<br>%{x}: %{text}<extra></extra>", xgap=2, ygap=2,
        )
    )  # fmt: skip
    figure.update_layout(
        separators=separators(), title=escape_plotly(title),
        height=max(320, 26 * len(rows) + 120), margin={"l": 10, "r": 10, "t": 50, "b": 10},
        yaxis={"autorange": "reversed", "automargin": True},
        xaxis={"automargin": True, "tickangle": 0},
    )  # fmt: skip
    return figure


def radar_figure(sheets: Mapping[str, Sheet], title: str) -> go.Figure:
    """Each sheet's area levels (medians of its criteria) on a radar, 1 to 5; an unscored area
    is left open, not drawn as zero."""
    areas = list(AREAS)
    labels = [t(f"mca.area.{a}") for a in areas]
    figure = go.Figure()
    for name, sheet in sheets.items():
        levels = area_levels(sheet.levels())
        values = [levels[a] for a in areas]
        figure.add_trace(
            go.Scatterpolar(
                r=[*values, values[0]], theta=[*labels, labels[0]], name=escape_plotly(name),
                connectgaps=False, mode="lines+markers",
            )
        )  # fmt: skip
    figure.update_layout(
        separators=separators(), title=escape_plotly(title), height=460,
        polar={"radialaxis": {"range": [0, 5], "tickvals": list(LEVELS)}},
        legend={"orientation": "h", "y": -0.15}, margin={"l": 40, "r": 40, "t": 60, "b": 40},
    )  # fmt: skip
    return figure


def _cell(entry: Entry | None) -> str:
    """'4 good · medium: the comment' for a scored line, '' for an unscored one."""
    if entry is None or entry.level is None:
        return ""
    text = level_label(entry.level)
    if entry.confidence:
        text += f" · {confidence_label(entry.confidence)}"
    return f"{text}: {entry.comment}" if entry.comment else text


def sheets_tables(sheets: Mapping[str, Sheet]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The sheets for a report: criteria by sheet and readiness axes by sheet, each cell the
    level, its confidence and the comment in words (the first column names the line)."""
    def table(names, entries_of) -> pd.DataFrame:
        first = t("mca.col.criterion")
        rows = []
        for name in names:
            row = {first: (f"{t(f'mca.area.{AREA_OF[name]}')} · " if name in AREA_OF else "")
                   + line_label(name)}  # fmt: skip
            for label, sheet in sheets.items():
                row[label] = _cell({e.criterion: e for e in entries_of(sheet)}.get(name))
            rows.append(row)
        return pd.DataFrame(rows, columns=[first, *sheets])

    return (table(CRITERIA, lambda s: s.entries), table(READINESS_AXES, lambda s: s.readiness))
