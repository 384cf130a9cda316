"""Validation of raw tables against the interchange format, producing typed tables.

Every rule reports `Problem(file, line, column, key)`; a dataset with any problem is rejected.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from dashboard.domain import fates, reference
from dashboard.domain.geo import locate
from dashboard.domain.places import nearest_places
from dashboard.domain.statuses import FLOW_STATUSES
from dashboard.domain.taxonomy import hazardous_by_default
from dashboard.domain.values import cell_text
from dashboard.io import fast_validation
from dashboard.io.problems import Problem
from dashboard.io.readers import RawTable
from dashboard.io.rules import (  # noqa: F401 (the format's rules, read here too)
    AMBIGUOUS_COMMA,
    COMMA_THOUSANDS,
    COMPANY_COLUMNS,
    CONTRACT_COLUMNS,
    CONTROL_CHARACTER,
    COUNTRY_PATTERN,
    DERIVED_COLUMNS,
    FALSE_WORDS,
    FLOW_COLUMNS,
    MAX_EMPLOYEES,
    MAX_QUANTITY,
    MAX_TEXT_LENGTH,
    MAX_TRANSFER_PRICE,
    NUMBER_PATTERN,
    NUMBER_SPACES,
    POINT_THOUSANDS,
    REGION_PATTERN,
    STREAM_COLUMNS,
    TRUE_WORDS,
    UNIT_ALIASES,
    YEAR_RANGE,
    extra_columns,
)


class CellError(ValueError):
    """A cell that does not parse; `key` and `params` word the problem."""

    def __init__(self, key: str, **params: object):
        super().__init__(key)
        self.key = key
        self.params = params


def _mantissa(digits: str, decimal: str, raw: str) -> str:
    """`digits` (digits, points, commas) written with a point as the only separator.

    Both separators: the obvious grouping (`1,000.5`, `1.000,5`) or not a number. A comma
    alone is a decimal comma, except in a point-decimal file (an error) and, in a workbook's
    text cell, before exactly three digits (`1,000`: ambiguous)."""
    commas, points = digits.count(","), digits.count(".")
    if commas and decimal == ".":
        raise CellError("comma_in_number", value=raw)
    if commas and points:
        if COMMA_THOUSANDS.fullmatch(digits):
            return digits.replace(",", "")
        if POINT_THOUSANDS.fullmatch(digits):
            return digits.replace(".", "").replace(",", ".")
        raise CellError("not_number", value=raw)
    if decimal == "auto" and commas == 1 and AMBIGUOUS_COMMA.fullmatch(digits):
        raise CellError("ambiguous_number", value=raw)
    if decimal == "auto" and commas > 1 and COMMA_THOUSANDS.fullmatch(digits):
        return digits.replace(",", "")
    if commas + points > 1:
        raise CellError("not_number", value=raw)
    return digits.replace(",", ".")


def parse_number(value: object, decimal: str) -> float:
    """Parse a number written with `decimal` ('.', ',' or 'auto' for text cells of a workbook).

    Text must be ASCII digits with at most one sign, the separators `_mantissa` allows, an
    optional exponent and thousands spaces: no `1_000`, `inf`, `0x10` or non-ASCII digits."""
    if isinstance(value, bool):
        raise CellError("not_number", value=value)
    if isinstance(value, int | float):
        try:
            number = float(value)
        except OverflowError:
            raise CellError("not_number", value=cell_text(value)) from None
    else:
        raw = str(value).strip()
        match = NUMBER_PATTERN.fullmatch(NUMBER_SPACES.sub("", raw))
        if match is None:
            raise CellError("not_number", value=raw)
        sign, digits, exponent = match.groups()
        number = float(sign + _mantissa(digits, decimal, raw) + exponent)
    if not math.isfinite(number):
        raise CellError("not_number", value=cell_text(value))
    return number


def _bounded(number: float, value: object, low: float, high: float) -> float:
    if not low <= number <= high:
        raise CellError("out_of_range", value=cell_text(value), low=low, high=high)
    return number


def parse_quantity(value: object, decimal: str) -> float:
    number = parse_number(value, decimal)
    if number < 0:
        raise CellError("negative", value=cell_text(value))
    return _bounded(number, value, 0, MAX_QUANTITY)


def parse_integer(value: object, decimal: str) -> int:
    number = parse_number(value, decimal)
    if not number.is_integer():
        raise CellError("not_integer", value=cell_text(value))
    return int(number)


def parse_employees(value: object, decimal: str) -> int:
    number = parse_integer(value, decimal)
    if number < 0:
        raise CellError("negative", value=cell_text(value))
    return int(_bounded(number, value, 0, MAX_EMPLOYEES))


def parse_year(value: object, decimal: str) -> int:
    return int(_bounded(parse_integer(value, decimal), value, *YEAR_RANGE))


def parse_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = cell_text(value).lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise CellError("bad_bool", value=cell_text(value))


def parse_choice(value: object, allowed: tuple[str, ...]) -> str:
    text = cell_text(value).lower()
    if text not in allowed:
        raise CellError("bad_enum", value=cell_text(value), allowed=", ".join(allowed))
    return text


def parse_unit(value: object) -> tuple[str, float]:
    text = cell_text(value).lower().replace(" ", "").replace("per", "/")
    if text not in UNIT_ALIASES:
        raise CellError("unknown_unit", value=cell_text(value))
    return UNIT_ALIASES[text]


def parse_material(value: object) -> str:
    text = cell_text(value).lower()
    if text not in reference.materials().index:
        raise CellError("unknown_material", value=cell_text(value))
    return text


@dataclass
class RowContext:
    """Collects the problems of one row of one table."""

    file: str
    line: int
    problems: list[Problem]

    def report(self, column: str | None, key: str, **params: object) -> None:
        self.problems.append(Problem(self.file, self.line, column, key, params))

    def parse(self, record: dict, column: str, parser: Callable, required: bool = False):
        """Parse one cell; empty cells give None (reported when required)."""
        raw = record.get(column, "")
        if cell_text(raw) == "":
            if required:
                self.report(column, "required")
            return None
        try:
            return parser(raw)
        except CellError as err:
            self.report(column, err.key, **err.params)
            return None


def _text_problem(value: str) -> tuple[str, dict[str, object]] | None:
    """Text no workbook can hold: too long, or with a control character."""
    if len(value) > MAX_TEXT_LENGTH:
        return "text_too_long", {"length": len(value), "limit": MAX_TEXT_LENGTH}
    found = CONTROL_CHARACTER.search(value)
    if found:
        return "control_character", {"char": f"U+{ord(found.group()):04X}"}
    return None


def check_text(ctx: RowContext, record: dict) -> None:
    """Report every text cell of a row that a workbook could not hold."""
    for column, value in record.items():
        if isinstance(value, str) and (found := _text_problem(value)):
            ctx.report(column, found[0], **found[1])


def _header_text_problems(table: RawTable) -> list[Problem]:
    return [
        Problem(table.file, table.header_line, None, found[0], found[1])
        for column in table.columns
        if (found := _text_problem(column))
    ]


def _column_problems(table: RawTable, required: tuple[str, ...]) -> list[Problem]:
    return [
        Problem(table.file, table.header_line, column, "missing_column")
        for column in required
        if column not in table.columns
    ]


def _check_unique(ctx: RowContext, column: str, value: str | None, seen: dict[str, int]) -> None:
    if value is None:
        return
    if value in seen:
        ctx.report(column, "duplicate_id", value=value, first=seen[value])
    else:
        seen[value] = ctx.line


def _text(value: object) -> str:
    return cell_text(value)


def validate_companies(table: RawTable) -> tuple[pd.DataFrame, list[Problem]]:
    """Validate the companies table; derive NACE section/division, region and country."""
    required = ("company_id", "name", "nace", "lat", "lon")
    problems = _column_problems(table, required)
    if problems:
        return empty_table("companies"), problems
    if not len(table):
        return empty_table("companies"), [Problem(table.file, None, None, "no_rows")]
    problems += _header_text_problems(table)
    if not problems and (fast := fast_validation.companies(table)) is not None:
        return _typed(_derive_location(fast), "companies"), problems
    number = lambda v: parse_number(v, table.decimal)  # noqa: E731
    extra = extra_columns(table, "companies")
    rows, seen = [], {}
    for record, line in zip(table.records, table.lines, strict=True):
        ctx = RowContext(table.file, line, problems)
        check_text(ctx, record)
        company_id = ctx.parse(record, "company_id", _text, required=True)
        _check_unique(ctx, "company_id", company_id, seen)
        nace_raw = ctx.parse(record, "nace", _text, required=True)
        code = reference.resolve_nace(nace_raw) if nace_raw else None
        if nace_raw and code is None:
            ctx.report("nace", "unknown_nace", value=nace_raw)
        lat = ctx.parse(record, "lat", number, required=True)
        lon = ctx.parse(record, "lon", number, required=True)
        if lat is not None and not -90 <= lat <= 90:
            ctx.report("lat", "out_of_range", value=cell_text(record["lat"]), low=-90, high=90)
            lat = None
        if lon is not None and not -180 <= lon <= 180:
            ctx.report("lon", "out_of_range", value=cell_text(record["lon"]), low=-180, high=180)
            lon = None
        region = ctx.parse(record, "region_code", lambda v: cell_text(v).upper())
        if region and not REGION_PATTERN.match(region):
            ctx.report("region_code", "bad_region", value=region)
        country = ctx.parse(record, "country", lambda v: cell_text(v).upper())
        if country and not COUNTRY_PATTERN.match(country):
            ctx.report("country", "bad_country", value=country)
        if region and country and REGION_PATTERN.match(region) and region[:2] != country:
            ctx.report("country", "region_country_mismatch", region=region, country=country)
        employees = ctx.parse(record, "employees", lambda v: parse_employees(v, table.decimal))
        rows.append(
            {
                "company_id": company_id,
                "name": ctx.parse(record, "name", _text, required=True),
                "nace": nace_raw,
                "lat": lat,
                "lon": lon,
                "region_code": region,
                "country": country,
                "employees": employees,
                "provenance": ctx.parse(
                    record, "provenance", lambda v: parse_choice(v, reference.PROVENANCES)
                )
                or "unspecified",
                "source": ctx.parse(record, "source", _text),
                "nace_code": code.code if code else None,
                "nace_section": code.section if code else None,
                "nace_division": code.division if code else None,
            }
            | {c: cell_text(record.get(c)) for c in extra}
        )
    frame = pd.DataFrame(rows)
    if not problems:
        frame = _derive_location(frame)
    return _typed(frame, "companies"), problems


def _derive_location(frame: pd.DataFrame) -> pd.DataFrame:
    frame["place"] = nearest_places(frame["lat"], frame["lon"])
    missing_region = frame["region_code"].isna()
    missing_country = frame["country"].isna()
    if missing_region.any() or missing_country.any():
        need = missing_region | missing_country
        found = locate(frame.loc[need, "lat"], frame.loc[need, "lon"])
        frame.loc[need & missing_region, "region_code"] = found["region_code"]
        from_region = frame["region_code"].str[:2].where(frame["region_code"].notna())
        frame.loc[missing_country, "country"] = from_region.where(
            from_region.notna(), found["country"]
        )
    return frame


def validate_streams(
    table: RawTable, company_ids: set[str] | None
) -> tuple[pd.DataFrame, list[Problem]]:
    """Validate streams; derive the material from the EWC code and the hazard by `_hazard`,
    convert GJ to MWh.

    Company references are checked only when `company_ids` is given (companies loaded).
    """
    problems = _column_problems(table, ("stream_id", "company_id", "direction", "quantity", "unit"))
    if not problems and "material" not in table.columns and "ewc_code" not in table.columns:
        problems.append(Problem(table.file, table.header_line, "material", "missing_column"))
    if problems:
        return empty_table("streams"), problems
    problems += _header_text_problems(table)
    if not problems and (fast := fast_validation.streams(table, company_ids)) is not None:
        return _typed(fast, "streams"), problems
    extra = extra_columns(table, "streams")
    rows, seen = [], {}
    ewc_table, ewc_to_material = reference.ewc_list(), reference.ewc_materials()
    for record, line in zip(table.records, table.lines, strict=True):
        ctx = RowContext(table.file, line, problems)
        check_text(ctx, record)
        stream_id = ctx.parse(record, "stream_id", _text, required=True)
        _check_unique(ctx, "stream_id", stream_id, seen)
        company = ctx.parse(record, "company_id", _text, required=True)
        if company is not None and company_ids is not None and company not in company_ids:
            ctx.report("company_id", "unknown_company", value=company)
        material = ctx.parse(record, "material", parse_material)
        ewc, hazardous_from_ewc = _parse_ewc_cell(ctx, record, ewc_table)
        if material is None and ewc is not None:
            material = ewc_to_material.get(ewc) or None
        if cell_text(record.get("material")) == "" and cell_text(record.get("ewc_code")) == "":
            ctx.report("material", "material_or_ewc")
        quantity = ctx.parse(record, "quantity", lambda v: parse_quantity(v, table.decimal), True)
        unit = ctx.parse(record, "unit", parse_unit, required=True)
        if unit is not None and quantity is not None:
            quantity *= unit[1]
        hazardous = ctx.parse(record, "hazardous", parse_bool)
        rows.append(
            {
                "stream_id": stream_id,
                "company_id": company,
                "direction": ctx.parse(
                    record, "direction", lambda v: parse_choice(v, reference.DIRECTIONS), True
                ),
                "material": material,
                "ewc_code": ewc,
                "quantity": quantity,
                "unit": unit[0] if unit else None,
                "hazardous": _hazard(hazardous_from_ewc, material, hazardous),
            }
            | _provenance_fields(ctx, record)
            | {c: cell_text(record.get(c)) for c in extra}
            | _declared(ctx, record, table.decimal)
        )
    return _typed(pd.DataFrame(rows), "streams"), problems


def _hazard(from_ewc: bool | None, material: str | None, flagged: bool | None) -> bool | None:
    """One rule: the EWC code's asterisk when there is a code; else hazardous when the material
    always is (every List-of-Waste entry of waste oil is); else the file's flag."""
    if from_ewc is not None:
        return from_ewc
    if material is not None and hazardous_by_default(material):
        return True
    return flagged


def _parse_ewc_cell(ctx: RowContext, record: dict, ewc_table: pd.DataFrame):
    raw = cell_text(record.get("ewc_code"))
    if not raw:
        return None, None
    parsed = reference.parse_ewc(raw)
    if parsed is None:
        ctx.report("ewc_code", "bad_ewc", value=raw)
        return None, None
    code, star = parsed
    if code not in ewc_table.index:
        ctx.report("ewc_code", "unknown_ewc", value=raw)
        return None, None
    hazardous = bool(ewc_table.at[code, "hazardous"])
    if star and not hazardous:
        ctx.report("ewc_code", "ewc_star_mismatch", value=raw)
    return code, hazardous


def _provenance_fields(ctx: RowContext, record: dict) -> dict[str, object]:
    return {
        "provenance": ctx.parse(
            record, "provenance", lambda v: parse_choice(v, reference.PROVENANCES)
        )
        or "unspecified",
        "source": ctx.parse(record, "source", _text),
        "notes": ctx.parse(record, "notes", _text),
    }


def validate_flows(
    table: RawTable, company_ids: set[str] | None
) -> tuple[pd.DataFrame, list[Problem]]:
    """Validate flows; an empty quantity stays unknown (NaN), never 0."""
    required = ("flow_id", "source_company", "target_company", "material", "status")
    problems = _column_problems(table, required)
    if problems:
        return empty_table("flows"), problems
    problems += _header_text_problems(table)
    extra = extra_columns(table, "flows")
    rows, seen = [], {}
    for record, line in zip(table.records, table.lines, strict=True):
        ctx = RowContext(table.file, line, problems)
        check_text(ctx, record)
        flow_id = ctx.parse(record, "flow_id", _text, required=True)
        _check_unique(ctx, "flow_id", flow_id, seen)
        ends = {}
        for column in ("source_company", "target_company"):
            ends[column] = ctx.parse(record, column, _text, required=True)
            if None not in (ends[column], company_ids) and ends[column] not in company_ids:
                ctx.report(column, "unknown_company", value=ends[column])
        if ends["source_company"] is not None and ends["source_company"] == ends["target_company"]:
            ctx.report("target_company", "self_flow", value=ends["source_company"])
        quantity = ctx.parse(record, "quantity", lambda v: parse_quantity(v, table.decimal))
        unit = ctx.parse(record, "unit", parse_unit)
        if quantity is not None and unit is None and cell_text(record.get("unit")) == "":
            ctx.report("unit", "quantity_without_unit")
        if unit is not None and quantity is not None:
            quantity *= unit[1]
        year = ctx.parse(record, "since_year", lambda v: parse_year(v, table.decimal))
        rows.append(
            {
                "flow_id": flow_id,
                **ends,
                "material": ctx.parse(record, "material", parse_material, required=True),
                "quantity": quantity,
                "unit": unit[0] if unit else None,
                "status": ctx.parse(
                    record, "status", lambda v: parse_choice(v, FLOW_STATUSES), True
                ),
                "since_year": year,
            }
            | _provenance_fields(ctx, record)
            | {c: cell_text(record.get(c)) for c in extra}
            | _declared(ctx, record, table.decimal)
        )
    return _typed(pd.DataFrame(rows), "flows"), problems


def _price(value: object, decimal: str) -> float:
    return _bounded(parse_number(value, decimal), value, -MAX_TRANSFER_PRICE, MAX_TRANSFER_PRICE)


def _temperature(value: object, decimal: str) -> float:
    number = parse_number(value, decimal)
    if not -50 <= number <= 1500:
        raise CellError("out_of_range", value=cell_text(value), low=-50, high=1500)
    return number


def _declared(ctx: RowContext, record: dict, decimal: str) -> dict[str, str]:
    """The optional `use`, `fate`, `transfer_price` and `temperature_c` of a flow or stream,
    checked; kept as text
    (empty = the bundled default)."""
    found = {}
    for column, parse in (
        ("use", lambda v: parse_choice(v, fates.uses())),
        ("fate", lambda v: parse_choice(v, fates.FATES)),
        ("transfer_price", lambda v: str(_price(v, decimal))),
        ("temperature_c", lambda v: str(_temperature(v, decimal))),
    ):
        if column in record and cell_text(record.get(column)):
            value = ctx.parse(record, column, parse)
            found[column] = "" if value is None else str(value)
    return found


FLOAT_COLUMNS = ("lat", "lon", "quantity")
INT_COLUMNS = ("employees", "since_year")
BOOL_COLUMNS = ("hazardous",)


def empty_table(name: str) -> pd.DataFrame:
    return _typed(pd.DataFrame(columns=[*CONTRACT_COLUMNS[name], *DERIVED_COLUMNS[name]]), name)


def _typed(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """Give contract columns their dtypes and put them first, extra columns after."""
    columns = [*CONTRACT_COLUMNS[name], *DERIVED_COLUMNS[name]]
    for column in columns:
        if column not in frame.columns:
            frame[column] = None
    for column in frame.columns:
        if column not in columns:  # a user's own column stays text, whatever its name
            frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
        elif column in FLOAT_COLUMNS:
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
        elif column in INT_COLUMNS:
            frame[column] = pd.array(frame[column].tolist(), dtype="Int64")
        elif column in BOOL_COLUMNS:
            frame[column] = pd.array(frame[column].tolist(), dtype="boolean")
        else:
            frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    ordered = columns + [c for c in frame.columns if c not in columns]
    return frame[ordered].reset_index(drop=True)
