"""The interchange format's rules that both validators apply (`validation`, row by row, and
`fast_validation`, column by column): the columns, units, words, patterns and bounds."""

from __future__ import annotations

import re

from dashboard.io.readers import RawTable

COMPANY_COLUMNS = (
    "company_id", "name", "nace", "lat", "lon", "region_code", "country", "employees",
    "provenance", "source",
)  # fmt: skip
STREAM_COLUMNS = (
    "stream_id", "company_id", "direction", "material", "ewc_code", "quantity", "unit",
    "hazardous", "provenance", "source", "notes",
)  # fmt: skip
FLOW_COLUMNS = (
    "flow_id", "source_company", "target_company", "material", "quantity", "unit", "status",
    "since_year", "provenance", "source", "notes",
)  # fmt: skip
CONTRACT_COLUMNS = {"companies": COMPANY_COLUMNS, "streams": STREAM_COLUMNS, "flows": FLOW_COLUMNS}
DERIVED_COLUMNS = {
    "companies": ("nace_code", "nace_section", "nace_division", "place"),
    "streams": (),
    "flows": (),
}

UNIT_ALIASES = {
    "t/yr": ("t/yr", 1.0), "t/y": ("t/yr", 1.0), "t/a": ("t/yr", 1.0), "t/year": ("t/yr", 1.0),
    "tpa": ("t/yr", 1.0), "tonnes/yr": ("t/yr", 1.0), "tonnes/year": ("t/yr", 1.0),
    "m3/yr": ("m3/yr", 1.0), "m³/yr": ("m3/yr", 1.0), "m3/y": ("m3/yr", 1.0),
    "m3/a": ("m3/yr", 1.0), "m3/year": ("m3/yr", 1.0),
    "mwh/yr": ("MWh/yr", 1.0), "mwh/y": ("MWh/yr", 1.0), "mwh/a": ("MWh/yr", 1.0),
    "mwh/year": ("MWh/yr", 1.0),
    "gj/yr": ("MWh/yr", 1 / 3.6), "gj/y": ("MWh/yr", 1 / 3.6), "gj/a": ("MWh/yr", 1 / 3.6),
    "gj/year": ("MWh/yr", 1 / 3.6),
}  # fmt: skip
TRUE_WORDS = {"true", "yes", "y", "1", "да", "x"}
FALSE_WORDS = {"false", "no", "n", "0", "нет"}
REGION_PATTERN = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}(?:-[A-Z0-9]{1,20})?$")
COUNTRY_PATTERN = re.compile(r"^[A-Z]{2}$")
NUMBER_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")
# A number once its thousands spaces are gone: ASCII digits with points or commas, one optional
# sign, an optional exponent; which separator is the decimal one is decided by `_mantissa`.
NUMBER_PATTERN = re.compile(r"([+-]?)([0-9.,]*[0-9][0-9.,]*)((?:[eE][+-]?[0-9]+)?)")
COMMA_THOUSANDS = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?")
POINT_THOUSANDS = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+,[0-9]*")
AMBIGUOUS_COMMA = re.compile(r"[0-9]+,[0-9]{3}")

MAX_EMPLOYEES = 10_000_000
YEAR_RANGE = (1800, 2100)
# Per year, in any unit: large enough for any plant, small enough that sums and products with
# factors and prices stay finite.
MAX_QUANTITY = 1_000_000_000_000
MAX_TRANSFER_PRICE = 1_000_000
# The longest text an .xlsx cell holds, so every accepted dataset can be written as a workbook.
MAX_TEXT_LENGTH = 32_767
# C0 control characters other than tab, LF and CR, which a workbook cannot hold.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def extra_columns(table: RawTable, name: str) -> list[str]:
    known = set(CONTRACT_COLUMNS[name]) | set(DERIVED_COLUMNS[name])
    return [c for c in table.columns if c and c not in known]
