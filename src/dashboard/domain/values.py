"""What counts as a missing value, once: None, pandas NA and NaT, and float NaN."""

from __future__ import annotations

import numpy as np
import pandas as pd


def is_missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float | np.floating) and value != value


def optional_number(value: object) -> float | None:
    """A float, or None for a missing or non-numeric value."""
    if is_missing(value):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if np.isnan(number) else number


def optional_text(value: object) -> str | None:
    """The value as text, or None when it is missing."""
    return None if is_missing(value) else str(value)


def text(value: object) -> str:
    """The value as text, '' when it is missing."""
    return "" if is_missing(value) else str(value)


def cell_text(value: object) -> str:
    """A cell as it reads: '' when missing, whole floats without '.0', stripped."""
    if is_missing(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def flag(value: object) -> bool:
    """True for a present, truthy value."""
    return not is_missing(value) and bool(value)


def coded(codes: np.ndarray, values) -> pd.Categorical:
    """`values[codes]` as a Categorical, code -1 and missing values as missing: millions of
    rows that repeat a few values, taken, sorted and written as integer codes."""
    inner, uniques = pd.factorize(np.asarray(values, dtype=object))
    return pd.Categorical.from_codes(np.append(inner, -1)[codes], categories=pd.Index(uniques))


def as_objects(values) -> np.ndarray:
    """A column as an object array; missing values of a Categorical as None."""
    if isinstance(values, pd.Categorical):
        categories = np.append(values.categories.to_numpy(dtype=object), None)
        return categories[values.codes]
    return values
