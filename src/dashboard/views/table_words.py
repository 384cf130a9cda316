"""Code columns of a table written as words of the reader's language: units (`unit`,
`..._unit`), provenance (`provenance`, `..._provenance`) and exchange statuses (`status`).
Every table a person reads, on a page, in a report or a download for people, goes through it."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from dashboard.domain.labels import provenance_label, status_label, unit_label


def _word(column: str) -> Callable[[object], str] | None:
    if column == "unit" or column.endswith("_unit"):
        return unit_label
    if column == "provenance" or column.endswith("_provenance"):
        return provenance_label
    if column == "status":
        return status_label
    return None


def in_words(frame: pd.DataFrame) -> pd.DataFrame:
    """The table with its code columns in words; other columns as they are."""
    words = {c: w for c in frame.columns if isinstance(c, str) and (w := _word(c))}
    if not words:
        return frame
    return frame.assign(**{c: _mapped(frame[c], w) for c, w in words.items()})


def _mapped(column: pd.Series, word: Callable[[object], str]) -> pd.Series:
    """The column's codes as words, each distinct code worded once (a table of an upload may
    hold 100,000 rows and a handful of units)."""
    words = {code: word(code) for code in column.dropna().unique()}
    return column.map(words)
