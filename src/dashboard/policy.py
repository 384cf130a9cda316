"""Policy measures for exchanges and chains: a catalogue of rules (data) and a small evaluator.

Each measure in `data/reference/policy_measures.csv` carries eligibility rules written in the
rule language of `data/reference/policy_measures.md`. `evaluate` checks one measure against the
facts of one exchange (its two companies, material, waste status, hazard, border) and explains
a match in plain sentences; a chain gets the union over its exchanges.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pandas as pd

from dashboard import reference
from dashboard.i18n import t
from dashboard.problems import Problem
from dashboard.readers import RawTable, read_csv_bytes
from dashboard.validation import cell_text

CATALOGUE_FILE = "policy_measures.csv"
RULE_COLUMNS = (
    "countries", "regions", "nace", "company_size", "materials", "waste_status", "hazard",
    "cross_border",
)  # fmt: skip
COLUMNS = (
    "measure_id", "name_en", "name_ru", "jurisdiction", "level", "type", "category",
    "gives_or_requires", "source_url", "last_checked", *RULE_COLUMNS, "applies_to", "reason_en",
)  # fmt: skip
OPTIONAL_COLUMNS = ("name_ru",)
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
NEGATABLE = ("countries", "regions", "nace", "materials")
ROLES = {
    "source": ("source",),
    "target": ("target",),
    "both": ("source", "target"),
    "exchange": ("source", "target"),
}
ANY = "*"
SME_EMPLOYEES = 250
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
NOT_WASTE_GROUPS = ("energy", "water")
BY_PRODUCT_MATERIALS = frozenset(
    ("fgd_gypsum", "slag", "sulphur", "spent_grain", "yeast_slurry", "whey", "bark",
     "wood_residues", "manure")
)  # fmt: skip
PRODUCT_MATERIALS = frozenset(
    ("co2", "construction_material", "biomass_fuel", "wood_raw_material", "fibre_raw_material",
     "animal_feed", "biogas_feedstock", "fertiliser", "sulphuric_acid", "solvent_recovery",
     "fuel_oil", "plastics_raw_material", "rubber_raw_material")
)  # fmt: skip


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


@dataclass(frozen=True)
class Catalogue:
    """Validated measures and their table as read (text cells), for display and download."""

    name: str
    measures: tuple[Measure, ...]
    table: pd.DataFrame = field(compare=False, repr=False)

    def measure(self, measure_id: str) -> Measure:
        return next(m for m in self.measures if m.measure_id == measure_id)


@dataclass(frozen=True)
class Party:
    """One end of an exchange: what the rules look at."""

    company_id: str
    name: str
    country: str | None = None
    region: str | None = None
    nace_code: str | None = None
    nace_section: str | None = None
    employees: int | None = None


@dataclass(frozen=True)
class ExchangeFacts:
    """The facts of a flow or candidate exchange that eligibility rules test."""

    exchange_id: str
    source: Party
    target: Party
    material: str
    waste_status: str
    hazardous: bool
    hazard_class: str = ""

    @property
    def cross_border(self) -> bool | None:
        if not self.source.country or not self.target.country:
            return None
        return self.source.country != self.target.country


@dataclass(frozen=True)
class Finding:
    """A measure that applies to one exchange, with the reasons in plain sentences."""

    measure: Measure
    exchange_id: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class ChainFinding:
    """A measure that applies to a chain: the exchanges it applies to and their reasons."""

    measure: Measure
    flows: tuple[str, ...]
    reasons: tuple[str, ...]


# ------------------------------------------------------------------------------------ loading
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
        if column not in table.columns
    ]
    if problems:
        return None, problems
    if not table.records:
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
    catalogue, problems = load_catalogue(reference.REFERENCE_DIR / CATALOGUE_FILE)
    if catalogue is None:
        raise ValueError("\n".join(str(p) for p in problems))
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
    rules = {}
    for column in RULE_COLUMNS:
        if cells[column]:
            rules[column], errors = parse_condition(column, cells[column])
            for key, params in errors:
                report(column, key, **params)
    if cells["reason_en"]:
        for key, params in template_errors(cells["reason_en"]):
            report("reason_en", key, **params)
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
    if column == "countries":
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
    """Problems of a reason template: syntax, and placeholders outside PLACEHOLDERS."""
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]
    except ValueError as err:
        return [("bad_template", {"detail": str(err)})]
    allowed = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
    return [
        ("unknown_placeholder", {"name": name or "", "allowed": allowed})
        for name in dict.fromkeys(fields)
        if name not in PLACEHOLDERS
    ]


# ------------------------------------------------------------------------------------ facts
@cache
def material_defaults() -> pd.DataFrame:
    """Per material: default waste status, hazard by nature, and the rule that decided."""
    table = reference.materials()
    ewc, codes = reference.ewc_list(), reference.ewc_materials()
    mapped: dict[str, list[bool]] = {}
    for code, material in codes.items():
        if material and code in ewc.index:
            mapped.setdefault(material, []).append(bool(ewc.at[code, "hazardous"]))
    rows = []
    for material, group in table["group"].items():
        flags = mapped.get(material, [])
        if group in NOT_WASTE_GROUPS:
            status, rule = "not_waste", "energy_water"
        elif material in BY_PRODUCT_MATERIALS:
            status, rule = "by_product", "by_product_route"
        elif material in PRODUCT_MATERIALS:
            status, rule = "not_waste", "product"
        elif flags:
            status, rule = "waste", "ewc_entries"
        else:
            status, rule = "not_waste", "no_ewc_entry"
        rows.append(
            {
                "material": material,
                "group": group,
                "waste_status": status,
                "rule": rule,
                "hazardous": bool(flags) and all(flags),
            }
        )
    return pd.DataFrame(rows).set_index("material")


def waste_status(material: str, ewc_code: str | None = None, declared: str | None = None) -> str:
    """Waste status of a material in an exchange: declared by the dataset, else from an EWC
    code given on the stream, else the material's default."""
    if declared in TOKENS["waste_status"]:
        return declared
    if ewc_code:
        return "waste"
    defaults = material_defaults()
    return defaults.at[material, "waste_status"] if material in defaults.index else "not_waste"


def hazardous_by_nature(material: str) -> bool:
    """True when every List-of-Waste entry of the material is hazardous (e.g. waste oil)."""
    defaults = material_defaults()
    return bool(defaults.at[material, "hazardous"]) if material in defaults.index else False


def _party(companies: pd.DataFrame, company_id: str) -> Party:
    if company_id not in companies.index:
        return Party(company_id, company_id)
    row = companies.loc[company_id]
    employees = row.get("employees")
    return Party(
        company_id,
        str(row["name"]),
        _text(row.get("country")),
        _text(row.get("region_code")),
        _text(row.get("nace_code")),
        _text(row.get("nace_section")),
        None if employees is None or pd.isna(employees) else int(employees),
    )


def _text(value: object) -> str | None:
    text = cell_text(value) if value is not None and not _missing(value) else ""
    return text or None


def _missing(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _have_facts(streams: pd.DataFrame) -> dict[tuple[str, str], dict[str, object]]:
    """(company, material) -> hazard flag, first EWC code and declared status of its haves."""
    haves = streams[streams["direction"] == "have"]
    found: dict[tuple[str, str], dict[str, object]] = {}
    for row in haves.to_dict("records"):
        facts = found.setdefault(
            (row["company_id"], row["material"]),
            {"hazardous": False, "ewc_code": None, "waste_status": None, "hazard_class": None},
        )
        facts["hazardous"] = facts["hazardous"] or _flag(row.get("hazardous"))
        for key in ("ewc_code", "waste_status", "hazard_class"):
            value = cell_text(row.get(key)) if not _missing(row.get(key)) else ""
            if value and not facts[key]:
                facts[key] = value
    return found


class FactsBuilder:
    """Builds exchange facts for one dataset (companies and have streams indexed once)."""

    def __init__(self, dataset):
        self.companies = dataset.companies.set_index("company_id", drop=False)
        self.haves = _have_facts(dataset.streams)

    def facts(
        self, exchange_id: str, source: str, target: str, material: str, row: Mapping | None = None
    ) -> ExchangeFacts:
        """Facts of one exchange; `row` may declare `waste_status`, `hazard_class` or
        `hazardous` (extra flow columns), which override what the streams say."""
        row = row or {}
        have = self.haves.get((source, material), {})
        declared = _cell(row.get("waste_status")).lower() or str(have.get("waste_status") or "")
        hazard_class = _cell(row.get("hazard_class")) or str(have.get("hazard_class") or "")
        hazardous = (
            bool(have.get("hazardous"))
            or hazardous_by_nature(material)
            or _cell(row.get("hazardous")).lower() == "true"
        )
        return ExchangeFacts(
            exchange_id=exchange_id,
            source=_party(self.companies, source),
            target=_party(self.companies, target),
            material=material,
            waste_status=waste_status(material, have.get("ewc_code"), declared.lower()),
            hazardous=hazardous,
            hazard_class=hazard_class.upper(),
        )


def _flag(value: object) -> bool:
    return not _missing(value) and bool(value)


def _cell(value: object) -> str:
    return "" if _missing(value) else cell_text(value)


def flow_facts(dataset, flow_ids: Iterable[str] | None = None) -> list[ExchangeFacts]:
    """Facts of the dataset's flows (all, or `flow_ids` in that order)."""
    builder = FactsBuilder(dataset)
    flows = dataset.flows.set_index("flow_id", drop=False)
    ids = list(flows.index) if flow_ids is None else [f for f in flow_ids if f in flows.index]
    return [
        builder.facts(
            str(flow_id),
            flows.at[flow_id, "source_company"],
            flows.at[flow_id, "target_company"],
            flows.at[flow_id, "material"],
            flows.loc[flow_id].to_dict(),
        )
        for flow_id in ids
    ]


def candidate_facts(dataset, candidates: pd.DataFrame) -> list[ExchangeFacts]:
    """Facts of matching-engine candidates (`have_stream_id`, `want_stream_id`,
    `source_company`, `target_company`, `have_material`, `hazardous`)."""
    builder = FactsBuilder(dataset)
    return [
        builder.facts(
            f"{row['have_stream_id']}>{row['want_stream_id']}",
            row["source_company"],
            row["target_company"],
            row["have_material"],
            {"hazardous": row.get("hazardous")},
        )
        for row in candidates.to_dict("records")
    ]


def exchange_facts(dataset, exchanges: Iterable) -> list[ExchangeFacts]:
    """Facts of assessment exchanges (flows or candidates, see `dashboard.assessment.Exchange`):
    a flow's own row may declare waste status or hazard; a candidate brings its hazard flag."""
    builder = FactsBuilder(dataset)
    flows = dataset.flows.set_index("flow_id", drop=False)
    return [
        builder.facts(
            ex.exchange_id,
            ex.source_company,
            ex.target_company,
            ex.material,
            flows.loc[ex.exchange_id].to_dict()
            if ex.exchange_id in flows.index
            else {"hazardous": str(bool(ex.hazardous)).lower()},
        )
        for ex in exchanges
    ]


def exchanges_findings(
    dataset, catalogue: Catalogue, exchanges: Iterable
) -> dict[str, list[ChainFinding]]:
    """The measures of a chain given as assessment exchanges, split by category."""
    facts = exchange_facts(dataset, exchanges)
    found = {ex.exchange_id: findings(catalogue, ex) for ex in facts}
    return by_category(chain_findings(found, [ex.exchange_id for ex in facts]))


def findings_table(items: Iterable[ChainFinding]) -> pd.DataFrame:
    """Findings as rows: measure, name, jurisdiction, type, flows, reasons, source."""
    rows = [
        {
            "measure_id": i.measure.measure_id,
            "name": i.measure.name_en,
            "jurisdiction": i.measure.jurisdiction,
            "type": i.measure.type,
            "flows": ", ".join(i.flows),
            "reasons": " ".join(i.reasons),
            "source_url": i.measure.source_url,
        }
        for i in items
    ]
    columns = ["measure_id", "name", "jurisdiction", "type", "flows", "reasons", "source_url"]
    return pd.DataFrame(rows, columns=columns)


# ------------------------------------------------------------------------------------ evaluation
def _country_match(country: str | None):
    return lambda v: country is not None and (country == v or country in COUNTRY_GROUPS.get(v, ()))


def _region_match(party: Party):
    return lambda v: (party.region == v) or (len(v) == 2 and party.country == v)


def _nace_match(party: Party):
    code, section = party.nace_code or "", party.nace_section or ""

    def match(value: str) -> bool:
        if value.isalpha():
            return section == value
        if code == value or code.startswith(value + "."):
            return True
        return "." in value and code.startswith(value)

    return match


def _size(party: Party) -> str | None:
    if party.employees is None:
        return None
    return "sme" if party.employees < SME_EMPLOYEES else "large"


def _party_match(measure: Measure, party: Party) -> tuple[bool, list[str]]:
    """Whether the company rules hold for one party, and caveats for unknown facts."""
    rules = measure.rules
    checks = (
        ("countries", _country_match(party.country)),
        ("regions", _region_match(party)),
        ("nace", _nace_match(party)),
    )
    for column, predicate in checks:
        condition = rules.get(column, Condition())
        if not condition.any and not condition.allows(predicate):
            return False, []
    size_rule = rules.get("company_size", Condition())
    if size_rule.any:
        return True, []
    size = _size(party)
    if size is None:
        sizes = " / ".join(t(f"policy.size.{s}") for s in sorted(size_rule.include))
        return True, [t("policy.note.size_unknown", name=party.name, size=sizes)]
    return size_rule.allows(lambda v: v == size), []


def _exchange_match(measure: Measure, ex: ExchangeFacts) -> bool:
    rules = measure.rules
    group = reference.materials()["group"].get(ex.material, "")
    values = {
        "materials": lambda v: v == ex.material or v == f"group:{group}",
        "waste_status": lambda v: v == ex.waste_status,
        "hazard": lambda v: v == ("hazardous" if ex.hazardous else "non_hazardous"),
        "cross_border": lambda v: (
            ex.cross_border is not None and v == ("yes" if ex.cross_border else "no")
        ),
    }
    return all(rules.get(c, Condition()).allows(p) for c, p in values.items())


def evaluate(measure: Measure, ex: ExchangeFacts) -> Finding | None:
    """The finding when `measure` applies to the exchange, else None."""
    if not _exchange_match(measure, ex):
        return None
    ends = {"source": ex.source, "target": ex.target}
    roles = ROLES[measure.applies_to]
    results = {role: _party_match(measure, ends[role]) for role in roles}
    matched = [role for role, (ok, _) in results.items() if ok]
    if not matched or (measure.applies_to == "both" and len(matched) < 2):
        return None
    notes = [note for role in matched for note in results[role][1]]
    reason = measure.reason_en.format_map(_values(ex, matched))
    return Finding(measure, ex.exchange_id, (reason, *dict.fromkeys(notes)))


def _region_name(party: Party) -> str:
    regions = reference.region_table()
    if party.region and party.region in regions.index:
        return f"{regions.at[party.region, 'name_en']} ({party.region})"
    return party.region or party.country or t("policy.unknown_place")


def _values(ex: ExchangeFacts, matched: list[str]) -> dict[str, str]:
    from dashboard.taxonomy import label

    parties = [ex.source if role == "source" else ex.target for role in matched]
    unknown = t("policy.unknown_place")

    def joined(values: Iterable[str]) -> str:
        return t("policy.and").join(dict.fromkeys(values))

    hazard = ex.hazard_class and t("policy.hazard_class", value=ex.hazard_class)
    hazard_key = "hazardous" if ex.hazardous else "non_hazardous"
    return {
        "material": label(ex.material),
        "waste_status": t(f"policy.status.{ex.waste_status}"),
        "hazard_class": hazard or t(f"policy.hazard.{hazard_key}"),
        "source_name": ex.source.name,
        "target_name": ex.target.name,
        "source_region": _region_name(ex.source),
        "target_region": _region_name(ex.target),
        "source_country": ex.source.country or unknown,
        "target_country": ex.target.country or unknown,
        "party": t(f"policy.party.{'both' if len(matched) == 2 else matched[0]}"),
        "party_name": joined(p.name for p in parties),
        "party_region": joined(_region_name(p) for p in parties),
        "party_country": joined(p.country or unknown for p in parties),
    }


def findings(catalogue: Catalogue, ex: ExchangeFacts) -> list[Finding]:
    """Every measure of the catalogue that applies to the exchange, in catalogue order."""
    return [f for m in catalogue.measures if (f := evaluate(m, ex)) is not None]


def chain_findings(
    found: Mapping[str, list[Finding]], flow_ids: Iterable[str]
) -> list[ChainFinding]:
    """Union over a chain's flows: each measure once, with the flows it applies to."""
    merged: dict[str, tuple[Measure, list[str], dict[str, None]]] = {}
    for flow_id in flow_ids:
        for finding in found.get(flow_id, []):
            _, flows, reasons = merged.setdefault(
                finding.measure.measure_id, (finding.measure, [], {})
            )
            flows.append(flow_id)
            reasons.update(dict.fromkeys(finding.reasons))
    return [ChainFinding(m, tuple(f), tuple(r)) for m, f, r in merged.values()]


def by_category(items: Iterable) -> dict[str, list]:
    """Findings split into support, obligation and barrier (every key present)."""
    split: dict[str, list] = {c: [] for c in CATEGORIES}
    for item in items:
        split[item.measure.category].append(item)
    return split


# ------------------------------------------------------------------------------------ tables
TABLE_COLUMNS = (
    "kind", "id", "name", "flows", "measure_id", "measure_name", "category", "type",
    "jurisdiction", "reasons", "source_url", "last_checked",
)  # fmt: skip


def flow_findings(dataset, catalogue: Catalogue) -> dict[str, list[Finding]]:
    """Flow id -> the measures that apply to it."""
    return {ex.exchange_id: findings(catalogue, ex) for ex in flow_facts(dataset)}


def _row(kind, ident, name, flows, measure: Measure, reasons) -> dict[str, object]:
    return {
        "kind": kind, "id": ident, "name": name, "flows": ";".join(flows),
        "measure_id": measure.measure_id, "measure_name": measure.name_en,
        "category": measure.category, "type": measure.type,
        "jurisdiction": measure.jurisdiction, "reasons": " ".join(reasons),
        "source_url": measure.source_url, "last_checked": measure.last_checked,
    }  # fmt: skip


def measures_table(dataset, catalogue: Catalogue | None = None, chains=None) -> pd.DataFrame:
    """One row per (flow or chain, applicable measure); chains default to `detect_chains`."""
    from dashboard.chains import detect_chains

    catalogue = catalogue or bundled_catalogue()
    found = flow_findings(dataset, catalogue)
    names = dict(zip(dataset.companies["company_id"], dataset.companies["name"], strict=True))
    rows = []
    for flow in dataset.flows.itertuples(index=False):
        name = f"{names.get(flow.source_company, flow.source_company)} → "
        name += f"{names.get(flow.target_company, flow.target_company)}: {flow.material}"
        for item in found.get(flow.flow_id, []):
            rows.append(
                _row("flow", flow.flow_id, name, [flow.flow_id], item.measure, item.reasons)
            )
    if chains is None:
        chains = detect_chains(dataset.flows, dataset.companies)
    for chain in chains:
        for item in chain_findings(found, chain.flow_ids):
            row = _row("chain", chain.chain_id, chain.name, item.flows, item.measure, item.reasons)
            rows.append(row)
    return pd.DataFrame(rows, columns=list(TABLE_COLUMNS))


def chain_matrix(chains, found: Mapping[str, list[Finding]]) -> pd.DataFrame:
    """Chains (rows, by name) by measures (columns): how many of the chain's flows each
    measure applies to (0 for none); measures that apply to no chain are left out."""
    counts: dict[str, dict[str, int]] = {}
    for chain in chains:
        for item in chain_findings(found, chain.flow_ids):
            counts.setdefault(item.measure.measure_id, {})[chain.name] = len(item.flows)
    frame = pd.DataFrame(counts, index=[c.name for c in chains])
    return frame.reindex(columns=list(counts)).fillna(0).astype(int)


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
    """The catalogue in the file format (UTF-8 CSV, reads back unchanged)."""
    return catalogue.table.to_csv(index=False, lineterminator="\n").encode("utf-8")


def template_csv_bytes(rows: int = 2) -> bytes:
    """A catalogue template: the header and the first rows of the bundled catalogue."""
    buffer = io.StringIO()
    bundled_catalogue().table.head(rows).to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")
