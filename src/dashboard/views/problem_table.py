"""Validation problems as a table a person reads: where (file, row, column) and what."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from dashboard.i18n import t
from dashboard.io.problems import Problem

COLUMNS = ("file", "row", "column", "message")


def problem_table(problems: Iterable[Problem]) -> pd.DataFrame:
    """One row per problem; a problem of a whole file or sheet says so in the row column, a
    problem of a whole row leaves the column empty."""
    rows = [
        {
            "file": p.file,
            "row": t("problems.whole_file") if p.row is None else str(p.row),
            "column": p.column or "",
            "message": p.message,
        }
        for p in problems
    ]
    return pd.DataFrame(rows, columns=list(COLUMNS))
