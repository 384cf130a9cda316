"""Validation of a clean CSV table column by column: companies and streams whose every cell
passes every rule are typed with pandas string and numeric operations, no Python call per row.

Each function returns the typed frame exactly as the row-wise validator (`validation`) builds
it, or None as soon as a column holds anything that is not plainly valid (a problem, or a form
that only the row-wise parser reads, such as `1 000,5` or an EWC code): the row-wise path then
validates the table and words its problems. So the problems and their messages are the
row-wise path's, and a valid register of 100,000 rows is not read cell by cell.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.domain import reference
from dashboard.domain.taxonomy import hazardous_by_default
from dashboard.io.readers import RawTable
from dashboard.io.rules import (
    CONTROL_CHARACTER,
    COUNTRY_PATTERN,
    FALSE_WORDS,
    MAX_EMPLOYEES,
    MAX_QUANTITY,
    MAX_TEXT_LENGTH,
    REGION_PATTERN,
    TRUE_WORDS,
    UNIT_ALIASES,
    extra_columns,
)

SIMPLE_NUMBER = {
    ".": r"[+-]?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?",
    ",": r"[+-]?[0-9]+(?:[.,][0-9]+)?(?:[eE][+-]?[0-9]+)?",
}
"""Numbers both paths read alike (no thousands separators, no spaces)."""
PLAIN_INTEGER = r"[0-9]+"
DECLARED = ("use", "fate", "transfer_price", "temperature_c", "ewc_code")
"""Optional columns checked by the row-wise path only: a table that fills one goes there."""


class _Unclear(Exception):
    """A column the fast path does not vouch for."""


def _cells(table: RawTable) -> pd.DataFrame | None:
    """The cells of a CSV table (a CSV reader gives text only; a workbook, read with decimal
    "auto", also numbers and dates) as stripped text in pyarrow strings, or None when a cell is
    missing, too long or holds a control character."""
    if table.decimal not in SIMPLE_NUMBER or not len(table):
        return None
    if len(set(table.columns)) != len(table.columns):
        return None
    stripped = {}
    for column in table.columns:
        try:
            values = (
                table.arrays[column] if table.arrays is not None
                else pa.array([record.get(column) for record in table.records], type=pa.string())
            )  # fmt: skip
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            return None
        if values.null_count or pc.max(pc.utf8_length(values)).as_py() > MAX_TEXT_LENGTH:
            return None
        if pc.any(pc.match_substring_regex(values, CONTROL_CHARACTER.pattern)).as_py():
            return None
        stripped[column] = pd.Series(pd.arrays.ArrowStringArray(pc.utf8_trim_whitespace(values)))
    return pd.DataFrame(stripped, columns=table.columns)


def _required(frame: pd.DataFrame, column: str) -> pd.Series:
    values = frame[column]
    if values.eq("").any():
        raise _Unclear(column)
    return values


def _optional(frame: pd.DataFrame, column: str) -> pd.Series:
    """The column with empty cells as None (an absent column is all None)."""
    if column not in frame:
        return pd.Series(np.full(len(frame), None), dtype=object)
    values = frame[column]
    return values.astype(object).where(values.ne("").to_numpy(bool), None)


def _given(frame: pd.DataFrame, column: str) -> pd.Series:
    """The column, or empty cells when the table has none."""
    return frame[column] if column in frame else pd.Series(np.full(len(frame), ""), dtype=object)


def _unique(values: pd.Series) -> pd.Series:
    if values.duplicated().any():
        raise _Unclear(values.name)
    return values


def _numbers(values: pd.Series, decimal: str) -> pd.Series:
    """Plain numbers as floats (empty cells NaN); anything else is unclear."""
    cells = pa.array(values)
    present = pc.not_equal(cells, "")
    if not pc.all(pc.match_substring_regex(pc.filter(cells, present),
                                           f"^(?:{SIMPLE_NUMBER[decimal]})$")).as_py():  # fmt: skip
        raise _Unclear(values.name)
    dotted = pc.replace_substring(pc.if_else(present, cells, None), ",", ".")
    numbers = pc.cast(dotted, pa.float64()).to_numpy(zero_copy_only=False)
    if not np.isfinite(numbers[present.to_numpy(zero_copy_only=False)]).all():
        raise _Unclear(values.name)  # 1e400 does not fit a float
    return pd.Series(numbers, index=values.index, name=values.name)


def _within(numbers: pd.Series, low: float, high: float) -> pd.Series:
    known = numbers.dropna()
    if not ((known >= low) & (known <= high)).all():
        raise _Unclear(numbers.name)
    return numbers


def _choice(values: pd.Series, allowed, empty: object = None) -> pd.Series:
    lowered = values.str.lower()
    present = lowered.ne("").to_numpy(bool)
    if not _all_in(lowered[present], allowed):
        raise _Unclear(values.name)
    return lowered.astype(object).where(present, empty)


def _all_in(values: pd.Series, allowed) -> bool:
    """Whether every value is one of `allowed` (strings), by a pyarrow hash lookup."""
    cells = pa.array(values, type=pa.string())
    return bool(pc.all(pc.is_in(cells, value_set=pa.array(list(allowed), pa.string()))).as_py())


def _lookup(values: pd.Series, table: dict, dtype=object) -> np.ndarray:
    """`table[value]` for each value (every value a key), by a pyarrow hash lookup."""
    keys = pa.array(list(table), pa.string())
    where = pc.index_in(pa.array(values, type=pa.string()), value_set=keys)
    return np.asarray(list(table.values()), dtype=dtype)[where.to_numpy(zero_copy_only=False)]


def _extras(frame: pd.DataFrame, table: RawTable, name: str) -> dict[str, pd.Series]:
    return {column: frame[column] for column in extra_columns(table, name)}


def companies(table: RawTable) -> pd.DataFrame | None:
    """The companies frame of a clean table (before its places and regions are derived)."""
    frame = _cells(table)
    if frame is None:
        return None
    try:
        ids = _unique(_required(frame, "company_id"))
        nace = _required(frame, "nace")
        codes = {raw: reference.resolve_nace(raw) for raw in nace.unique()}
        if any(code is None for code in codes.values()):
            raise _Unclear("nace")
        lat = _within(_numbers(_required(frame, "lat"), table.decimal), -90, 90)
        lon = _within(_numbers(_required(frame, "lon"), table.decimal), -180, 180)
        region = _optional(frame, "region_code").str.upper()
        country = _optional(frame, "country").str.upper()
        if not region.dropna().str.fullmatch(REGION_PATTERN.pattern).all():
            raise _Unclear("region_code")
        if not country.dropna().str.fullmatch(COUNTRY_PATTERN.pattern).all():
            raise _Unclear("country")
        both = region.notna() & country.notna()
        if (region[both].str[:2] != country[both]).any():
            raise _Unclear("country")
        employees = _optional(frame, "employees")
        if not employees.dropna().str.fullmatch(PLAIN_INTEGER).all():
            raise _Unclear("employees")
        staff = _within(pd.to_numeric(employees), 0, MAX_EMPLOYEES)
        provenance = _choice(_given(frame, "provenance"),
                             reference.PROVENANCES, "unspecified")  # fmt: skip
        name = _required(frame, "name")
    except _Unclear:
        return None
    columns = {
        "company_id": ids, "name": name, "nace": nace, "lat": lat, "lon": lon,
        "region_code": region.where(region.notna(), None).astype(object),
        "country": country.where(country.notna(), None).astype(object),
        "employees": [None if v != v else int(v) for v in staff.tolist()],
        "provenance": provenance, "source": _optional(frame, "source"),
        "nace_code": nace.map({raw: c.code for raw, c in codes.items()}),
        "nace_section": nace.map({raw: c.section for raw, c in codes.items()}),
        "nace_division": nace.map({raw: c.division for raw, c in codes.items()}),
    } | _extras(frame, table, "companies")  # fmt: skip
    return pd.DataFrame(columns)


def streams(table: RawTable, company_ids: set[str] | None) -> pd.DataFrame | None:
    """The streams frame of a clean table that names its materials (no EWC codes)."""
    frame = _cells(table)
    if frame is None or "material" not in frame:
        return None
    if any(column in frame and frame[column].ne("").any() for column in DECLARED):
        return None
    try:
        ids = _unique(_required(frame, "stream_id"))
        company = _required(frame, "company_id")
        if company_ids is not None and not _all_in(company, company_ids):
            raise _Unclear("company_id")
        material = _choice(_required(frame, "material"), reference.materials().index)
        quantity = _within(_numbers(_required(frame, "quantity"), table.decimal), 0, MAX_QUANTITY)
        unit_text = (_required(frame, "unit").str.lower().str.replace(" ", "", regex=False)
                     .str.replace("per", "/", regex=False))  # fmt: skip
        if not _all_in(unit_text, UNIT_ALIASES):
            raise _Unclear("unit")
        direction = _choice(_required(frame, "direction"), reference.DIRECTIONS)
        flagged = _choice(_given(frame, "hazardous"),
                          TRUE_WORDS | FALSE_WORDS)  # fmt: skip
        provenance = _choice(_given(frame, "provenance"),
                             reference.PROVENANCES, "unspecified")  # fmt: skip
    except _Unclear:
        return None
    units = _lookup(unit_text, {alias: unit for alias, (unit, _) in UNIT_ALIASES.items()})
    factor = _lookup(unit_text, {alias: f for alias, (_, f) in UNIT_ALIASES.items()}, float)
    always = _lookup(material, {m: hazardous_by_default(m) for m in material.unique()}, bool)
    flag = np.where(flagged.isna(), None, flagged.isin(list(TRUE_WORDS)))
    hazardous = np.where(always, True, flag)
    columns = {
        "stream_id": ids, "company_id": company, "direction": direction, "material": material,
        "ewc_code": np.full(len(frame), None), "quantity": quantity * factor, "unit": units,
        "hazardous": hazardous, "provenance": provenance, "source": _optional(frame, "source"),
        "notes": _optional(frame, "notes"),
    } | _extras(frame, table, "streams")  # fmt: skip
    return pd.DataFrame(columns)


__all__ = ["companies", "streams"]
