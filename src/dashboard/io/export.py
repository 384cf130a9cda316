"""Files for spreadsheets: text cells that a spreadsheet would run as a formula are neutralised.

The scheme is reversible: the writer puts one apostrophe before every text matching
`^'*[=+\\-@\\t\\r]` (a formula start after any apostrophes), and `readers.read_csv_bytes` takes
one off every cell matching `^'+[=+\\-@\\t\\r]`, so what is written reads back unchanged.
"""

from __future__ import annotations

import re

import pandas as pd

TRIGGER = re.compile(r"^'*[=+\-@\t\r]")


def neutralise_formula(value: object) -> object:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and TRIGGER.match(value):
        return "'" + value
    return value


def _is_text(column: pd.Series) -> bool:
    if isinstance(column.dtype, pd.StringDtype):
        return True
    return column.dtype == object and pd.api.types.infer_dtype(column, skipna=True) in (
        "string",
        "mixed",
        "mixed-integer",
    )


def safe_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV for spreadsheets, text cells neutralised by `TRIGGER`.

    Lines end in LF; when some text holds a carriage return they end in CRLF, since only then
    does the csv writer quote a cell holding a lone CR."""
    safe = frame.copy()
    carriage_return = False
    for position in range(safe.shape[1]):
        column = safe.iloc[:, position]
        if not _is_text(column):
            continue
        text = column.where(column.map(type).eq(str))
        flagged = text.str.match(TRIGGER.pattern, na=False).astype(bool)
        if flagged.any():
            safe.iloc[:, position] = column.mask(flagged, "'" + text)
        carriage_return = carriage_return or bool(text.str.contains("\r", na=False).any())
    lineterminator = "\r\n" if carriage_return else "\n"
    return safe.to_csv(index=False, lineterminator=lineterminator).encode("utf-8")
