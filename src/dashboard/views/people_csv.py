"""Downloads meant for people (a diagram's links, the candidate exchanges, the policy findings)
with their headers and code values in the reader's language. Files meant to be read back (the
interchange format, a policy catalogue, the command line's output) keep their column names."""

from __future__ import annotations

import pandas as pd

from dashboard.i18n import has, language, t
from dashboard.io.export import safe_csv_bytes
from dashboard.views.candidate_reasons import with_reasons
from dashboard.views.policy_text import code_word
from dashboard.views.table_words import in_words

CODE_WORDS = {"category": "kind", "type": "type"}


def for_people(frame: pd.DataFrame) -> pd.DataFrame:
    """The table as a person reads it in the current language; English keeps the column names."""
    if language() == "en":
        return frame
    frame = in_words(frame)
    values = {}
    for column in frame.columns:
        if column == "kind":
            values[column] = frame[column].map(lambda k: t(f"export.kind.{k}"))
        elif column in CODE_WORDS:
            kind = CODE_WORDS[column]
            values[column] = frame[column].map(lambda c, kind=kind: code_word(kind, c))
    headers = {c: t(f"export.col.{c}") for c in frame.columns if has(f"export.col.{c}")}
    return frame.assign(**values).rename(columns=headers)


def candidates_csv(candidates: pd.DataFrame) -> bytes:
    """The candidates with their reasons as a CSV file for people (`for_people`)."""
    return safe_csv_bytes(for_people(with_reasons(candidates)))
