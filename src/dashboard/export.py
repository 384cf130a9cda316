"""Safe text for display and export: Markdown escaping and spreadsheet formula neutralising."""

from __future__ import annotations

import re

import pandas as pd

MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=])")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_markdown(text: object) -> str:
    """Text that `st.markdown` shows literally (no Markdown, HTML or LaTeX from data)."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def neutralise_formula(value: object) -> object:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV for spreadsheets: text cells starting with = + - @ are neutralised."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object:
            safe[column] = safe[column].map(neutralise_formula)
    return safe.to_csv(index=False).encode("utf-8")
