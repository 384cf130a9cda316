"""The policy-measure catalogue: the rule language, reading and validating a catalogue file
(the bundled one or an upload), filtering it, writing it back.

Each measure in `data/reference/policy_measures.csv` carries eligibility rules written in the
rule language of `data/reference/policy_measures.md`; `dashboard.analysis.policy.rules`
evaluates them. Problems are located as `file:row:column`.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pandas as pd

from dashboard.domain import reference
from dashboard.domain.values import cell_text
from dashboard.i18n import t
from dashboard.io.export import safe_csv_bytes
from dashboard.io.problems import Problem
from dashboard.io.readers import RawTable, read_csv_bytes

CATALOGUE_FILE = "policy_measures.csv"
RULE_COLUMNS = (
    "countries", "regions", "nace", "company_size", "materials", "waste_status", "hazard",
    "cross_border", "counterpart_countries",
)  # fmt: skip
COLUMNS = (
    "measure_id", "name_en", "name_ru", "jurisdiction", "level", "type", "category",
    "gives_or_requires", "source_url", "last_checked", *RULE_COLUMNS[:-1], "applies_to",
    "reason_en", "gives_or_requires_ru", "reason_ru", "counterpart_countries", "action_en",
    "action_ru",
)  # fmt: skip
MAY_BE_ABSENT = ("gives_or_requires_ru", "reason_ru", "counterpart_countries", "action_en",
                 "action_ru")  # fmt: skip
"""Columns a catalogue may leave out: the Russian texts (read as English only), the
counterpart rule (read as `*`) and the next steps (none shown)."""
OPTIONAL_COLUMNS = ("name_ru", *MAY_BE_ABSENT)
CHOICES = {
    "level": ("eu", "national", "regional"),
    "type": ("regulatory", "financial", "informational", "planning"),
    "category": ("support", "obligation", "barrier"),
    "applies_to": ("source", "target", "both", "exchange"),
}
CATEGORIES = CHOICES["category"]
TOKENS = {
    "company_size": ("sme", "large"),
    "waste_status": ("waste", "by_product", "not_waste"),
    "hazard": ("hazardous", "non_hazardous"),
    "cross_border": ("yes", "no"),
}
NEGATABLE = ("countries", "regions", "nace", "materials", "counterpart_countries")
ANY = "*"
EU_MEMBERS = frozenset(
    ("AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE",
     "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK")
)  # fmt: skip
COUNTRY_GROUPS = {"EU": EU_MEMBERS, "EEA": EU_MEMBERS | {"IS", "LI", "NO"}}
PLACEHOLDERS = (
    "material", "waste_status", "hazard_class", "source_name", "target_name", "source_region",
    "target_region", "source_country", "target_country", "party", "party_name", "party_region",
    "party_country",
)  # fmt: skip
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
JURISDICTION_PATTERN = re.compile(r"^(?:EU|[A-Z]{2}|[A-Z]{2}-[A-Z0-9]{1,3})$")
COUNTRY_PATTERN = re.compile(r"^[A-Z]{2}$")
REGION_PATTERN = re.compile(r"^[A-Z]{2}(?:-[A-Z0-9]{1,3})?$")
URL_PATTERN = re.compile(r"^https?://[^\s/]+\.[^\s/]+\S*$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# Default waste status of a material in an exchange (see policy_measures.md, "Facts").


class CatalogueProblem(Problem):
    """A catalogue problem worded by the `policy.problem.*` keys."""

    @property
    def message(self) -> str:
        return t(f"policy.problem.{self.key}", **self.params)


@dataclass(frozen=True)
class Condition:
    """One rule cell: values that must match (`include`, empty = any) and values that must not."""

    include: frozenset[str] = frozenset()
    exclude: frozenset[str] = frozenset()

    @property
    def any(self) -> bool:
        return not self.include and not self.exclude

    def allows(self, predicate) -> bool:
        if self.include and not any(predicate(v) for v in self.include):
            return False
        return not any(predicate(v) for v in self.exclude)

    def text(self) -> str:
        parts = sorted(self.include) + [f"!{v}" for v in sorted(self.exclude)]
        return ";".join(parts) or ANY


@dataclass(frozen=True)
class Measure:
    """One validated catalogue row."""

    measure_id: str
    name_en: str
    name_ru: str
    jurisdiction: str
    level: str
    type: str
    category: str
    gives_or_requires: str
    source_url: str
    last_checked: str
    rules: Mapping[str, Condition]
    applies_to: str
    reason_en: str
    gives_or_requires_ru: str = ""
    reason_ru: str = ""
    action_en: str = ""
    action_ru: str = ""

    def name(self, language: str) -> str:
        """The measure's name in `language` (English when it has none in that language)."""
        return (self.name_ru if language == "ru" else "") or self.name_en

    def summary(self, language: str) -> str:
        """What the measure gives or requires, in `language` when the catalogue has it."""
        return (self.gives_or_requires_ru if language == "ru" else "") or self.gives_or_requires

    def reason_template(self, language: str) -> str:
        """The reason's template (`{placeholder}` fields) in `language` when there is one."""
        return (self.reason_ru if language == "ru" else "") or self.reason_en

    def action(self, language: str) -> str:
        """The next step to take, in `language` when the catalogue has it ("" when none)."""
        return (self.action_ru if language == "ru" else "") or self.action_en


@dataclass(frozen=True)
class Catalogue:
    """Validated measures and their table as read (text cells), for display and download."""

    name: str
    measures: tuple[Measure, ...]
    table: pd.DataFrame = field(compare=False, repr=False)

    def measure(self, measure_id: str) -> Measure:
        return next(m for m in self.measures if m.measure_id == measure_id)


def load_catalogue(
    source: str | Path | bytes, name: str | None = None, today: dt.date | None = None
) -> tuple[Catalogue | None, list[Problem]]:
    """Read and validate a catalogue CSV (a path or the bytes of an upload); None with every
    problem as `file:row:column: message` when any row is invalid."""
    if isinstance(source, bytes):
        file, data = name or CATALOGUE_FILE, source
    else:
        path = Path(source)
        file = name or path.name
        if not path.is_file():
            return None, [Problem(str(path), None, None, "no_such_path")]
        data = path.read_bytes()
    table, problems = read_csv_bytes(file, data)
    if table is None:
        return None, problems
    problems += [
        Problem(file, table.header_line, column, "missing_column")
        for column in COLUMNS
        if column not in table.columns and column not in MAY_BE_ABSENT
    ]
    if problems:
        return None, problems
    if not len(table):
        return None, [Problem(file, None, None, "no_rows")]
    measures, problems = _parse_rows(table, today or dt.date.today())
    if problems:
        return None, problems
    frame = pd.DataFrame(
        [{c: cell_text(r.get(c)) for c in COLUMNS} for r in table.records], columns=list(COLUMNS)
    )
    return Catalogue(file, tuple(measures), frame), []


@cache
def bundled_catalogue() -> Catalogue:
    """The catalogue shipped in data/reference (validated once per process)."""
    path = reference.REFERENCE_DIR / CATALOGUE_FILE
    catalogue, problems = load_catalogue(path)
    if catalogue is None:
        raise reference.ReferenceDataError(path, f"{len(problems)} problems, first: {problems[0]}")
    return catalogue


def _parse_rows(table: RawTable, today: dt.date) -> tuple[list[Measure], list[Problem]]:
    measures, problems, seen = [], [], {}
    for record, line in zip(table.records, table.lines, strict=True):
        measure, found = _parse_row(table.file, line, record, seen, today)
        problems += found
        if measure is not None:
            measures.append(measure)
    return measures, problems


def _parse_row(
    file: str, line: int, record: dict, seen: dict[str, int], today: dt.date
) -> tuple[Measure | None, list[Problem]]:
    found: list[Problem] = []
    cells = {c: cell_text(record.get(c)) for c in COLUMNS}

    def report(column: str, key: str, generic: bool = False, **params: object) -> None:
        kind = Problem if generic else CatalogueProblem
        found.append(kind(file, line, column, key, params))

    for column in COLUMNS:
        if not cells[column] and column not in OPTIONAL_COLUMNS:
            report(column, "required", generic=True)
    measure_id = cells["measure_id"]
    if measure_id and not ID_PATTERN.match(measure_id):
        report("measure_id", "bad_id", value=measure_id)
    elif measure_id in seen:
        first = seen[measure_id]
        report("measure_id", "duplicate_id", generic=True, value=measure_id, first=first)
    elif measure_id:
        seen[measure_id] = line
    if cells["jurisdiction"] and not JURISDICTION_PATTERN.match(cells["jurisdiction"]):
        report("jurisdiction", "bad_jurisdiction", value=cells["jurisdiction"])
    for column, allowed in CHOICES.items():
        if cells[column] and cells[column] not in allowed:
            options = ", ".join(allowed)
            report(column, "bad_enum", generic=True, value=cells[column], allowed=options)
    if cells["source_url"] and not URL_PATTERN.match(cells["source_url"]):
        report("source_url", "bad_url", value=cells["source_url"])
    if cells["last_checked"]:
        _check_date(cells["last_checked"], today, report)
    rules = dict.fromkeys(RULE_COLUMNS, Condition())  # an empty optional rule cell is `*`
    for column in RULE_COLUMNS:
        if cells[column]:
            rules[column], errors = parse_condition(column, cells[column])
            for key, params in errors:
                report(column, key, **params)
    for column in ("reason_en", "reason_ru"):
        for key, params in template_errors(cells[column]) if cells[column] else ():
            report(column, key, **params)
    return (None if found else _measure(cells, rules)), found


def _measure(cells: dict[str, str], rules: dict[str, Condition]) -> Measure:
    return Measure(**{c: cells[c] for c in COLUMNS if c not in RULE_COLUMNS}, rules=rules)


def _check_date(text: str, today: dt.date, report) -> None:
    try:
        if not DATE_PATTERN.match(text):
            raise ValueError(text)
        date = dt.date.fromisoformat(text)
    except ValueError:
        report("last_checked", "bad_date", value=text)
        return
    if date > today:
        report("last_checked", "future_date", value=text, today=today.isoformat())


def parse_condition(column: str, text: str) -> tuple[Condition, list[tuple[str, dict]]]:
    """Parse one rule cell: `*`, or `;`-separated values, `!value` excluding (list columns)."""
    if text.strip() == ANY:
        return Condition(), []
    include, exclude, errors = set(), set(), []
    for raw in text.split(";"):
        item = raw.strip()
        if not item:
            errors.append(("empty_item", {"value": text}))
            continue
        if item == ANY:
            errors.append(("star_mixed", {"value": text}))
            continue
        negated = item.startswith("!") and column in NEGATABLE
        value = item[1:].strip() if negated else item
        error = _token_error(column, value)
        if error:
            errors.append(error)
        (exclude if negated else include).add(value)
    return Condition(frozenset(include), frozenset(exclude)), errors


def _token_error(column: str, value: str) -> tuple[str, dict] | None:
    if column in ("countries", "counterpart_countries"):
        ok = value in COUNTRY_GROUPS or COUNTRY_PATTERN.match(value)
        return None if ok else ("bad_country", {"value": value})
    if column == "regions":
        return None if REGION_PATTERN.match(value) else ("bad_region", {"value": value})
    if column == "nace":
        return None if value in reference.nace().index else ("bad_nace", {"value": value})
    if column == "materials":
        return None if _is_material(value) else ("bad_material", {"value": value})
    allowed = TOKENS[column]
    if value not in allowed:
        return ("bad_token", {"value": value, "allowed": ", ".join(allowed)})
    return None


def _is_material(value: str) -> bool:
    table = reference.materials()
    if value.startswith("group:"):
        return value.removeprefix("group:") in set(table["group"])
    return value in table.index


def template_errors(template: str) -> list[tuple[str, dict]]:
    """Problems of a reason template: syntax, placeholders outside PLACEHOLDERS, and any
    conversion or format spec (`{material:>99999}` would write megabytes or crash): only plain
    `{name}` fields are allowed."""
    try:
        parts = [p for p in string.Formatter().parse(template) if p[1] is not None]
    except ValueError as err:
        return [("bad_template", {"detail": str(err)})]
    allowed = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
    problems: list[tuple[str, dict]] = [
        ("unknown_placeholder", {"name": name or "", "allowed": allowed})
        for name in dict.fromkeys(field for _, field, _, _ in parts)
        if name not in PLACEHOLDERS
    ]
    problems += [
        ("placeholder_format", {"name": field, "spec": (f"!{conv}" if conv else "") + (
            f":{spec}" if spec else "")})
        for _, field, spec, conv in parts
        if spec or conv
    ]  # fmt: skip
    return problems


def render_template(template: str, values: Mapping[str, object]) -> str:
    """A reason template with its `{name}` fields replaced by `values`, as plain text: no
    format spec or conversion is ever applied, and an unknown field stays as written."""
    out = []
    for literal, name, _, _ in string.Formatter().parse(template):
        out.append(literal)
        if name is not None:
            out.append(str(values[name]) if name in values else "{" + name + "}")
    return "".join(out)


def filter_catalogue(
    table: pd.DataFrame,
    jurisdictions: Iterable[str] = (),
    types: Iterable[str] = (),
    categories: Iterable[str] = (),
    text: str = "",
) -> pd.DataFrame:
    """Catalogue rows of the chosen jurisdictions, types and categories whose text contains
    every word of `text` (case-insensitive); an empty choice keeps everything."""
    keep = pd.Series(True, index=table.index)
    choices = {"jurisdiction": jurisdictions, "type": types, "category": categories}
    for column, chosen in choices.items():
        chosen = list(chosen)
        if chosen:
            keep &= table[column].isin(chosen)
    words = text.lower().split()
    if words:
        haystack = table[["measure_id", "name_en", "name_ru", "gives_or_requires", "jurisdiction"]]
        joined = haystack.apply(lambda r: " ".join(r).lower(), axis=1)
        keep &= joined.map(lambda s: all(w in s for w in words))
    return table[keep]


def catalogue_csv_bytes(catalogue: Catalogue) -> bytes:
    """The catalogue in the file format: UTF-8 CSV neutralised for spreadsheets, which
    `load_catalogue` reads back unchanged."""
    return safe_csv_bytes(catalogue.table)


def template_csv_bytes(rows: int = 2) -> bytes:
    """A catalogue template: the header and the first rows of the bundled catalogue."""
    return safe_csv_bytes(bundled_catalogue().table.head(rows))
