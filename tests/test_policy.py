"""Policy measures: the rule language, the bundled catalogue, catalogue validation, the bundled
datasets and the `measures` command."""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from dashboard import policy
from dashboard.chains import detect_chains
from dashboard.dataset import load_path
from dashboard.reference import DATASETS_DIR, REFERENCE_DIR

TODAY = dt.date(2026, 11, 27)
REPO = Path(__file__).resolve().parents[1]
BASE = {
    "measure_id": "T-1",
    "name_en": "Test measure",
    "name_ru": "Тестовая мера",
    "jurisdiction": "EU",
    "level": "eu",
    "type": "regulatory",
    "category": "support",
    "gives_or_requires": "Something.",
    "source_url": "https://eur-lex.europa.eu/",
    "last_checked": "2026-11-27",
    **dict.fromkeys(policy.RULE_COLUMNS, "*"),
    "applies_to": "exchange",
    "reason_en": "{material} from {source_name} ({party}).",
}


def catalogue_bytes(*rows: dict[str, str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(policy.COLUMNS), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({**BASE, **row})
    return buffer.getvalue().encode("utf-8")


def measure(**rules: str) -> policy.Measure:
    catalogue, problems = policy.load_catalogue(catalogue_bytes(rules), "t.csv", TODAY)
    assert catalogue is not None, [str(p) for p in problems]
    return catalogue.measures[0]


def party(company_id="A", country="RU", region="RU-LEN", nace="19.20", employees=None):
    return policy.Party(
        company_id, f"Company {company_id}", country, region, nace, _section(nace), employees
    )


def _section(nace: str) -> str:
    division = int(nace[:2])
    return {19: "C", 23: "C", 35: "D", 1: "A", 10: "C", 38: "E"}.get(division, "C")


def facts(source=None, target=None, material="fly_ash", status="waste", hazardous=False):
    return policy.ExchangeFacts(
        "X1", source or party("A"), target or party("B"), material, status, hazardous
    )


def applies(m: policy.Measure, ex: policy.ExchangeFacts) -> bool:
    return policy.evaluate(m, ex) is not None


# ------------------------------------------------------------------------------ rule types
@pytest.mark.parametrize(
    ("rules", "yes", "no"),
    [
        ({"countries": "RU"}, facts(), facts(party("A", "FI", "FI-18"), party("B", "FI", "FI-18"))),
        ({"countries": "EU"}, facts(party("A", "DK", "DK-85")), facts()),
        ({"countries": "EEA;!DK"}, facts(party("A", "NO", "NO-03")), facts(party("A", "DK"))),
        ({"countries": "!RU"}, facts(party("A", "FI", "FI-18")), facts()),
        (
            {"regions": "RU-LEN"},
            facts(),
            facts(party("A", "RU", "RU-SPE"), party("B", "RU", "RU-SPE")),
        ),
        (
            {"regions": "DK;DE-NW"},
            facts(party("A", "DE", "DE-NW")),
            facts(party("A", "DE", "DE-BY")),
        ),
        ({"nace": "C"}, facts(), facts(party("A", nace="35.11"), party("B", nace="35.11"))),
        ({"nace": "35"}, facts(party("A", nace="35.11")), facts()),
        ({"nace": "10.5"}, facts(party("A", nace="10.51")), facts(party("A", nace="10.11"))),
        ({"nace": "C;!19"}, facts(party("A", nace="23.51")), facts()),
        (
            {"company_size": "sme"},
            facts(party("A", employees=40)),
            facts(party("A", employees=900), party("B", employees=900)),
        ),
        (
            {"company_size": "large"},
            facts(party("A", employees=250)),
            facts(party("A", employees=249), party("B", employees=10)),
        ),
        ({"materials": "fly_ash"}, facts(), facts(material="slag")),
        ({"materials": "group:minerals"}, facts(material="slag"), facts(material="waste_oil")),
        ({"materials": "group:minerals;!slag"}, facts(), facts(material="slag")),
        ({"waste_status": "by_product"}, facts(status="by_product"), facts()),
        ({"waste_status": "waste;by_product"}, facts(), facts(status="not_waste")),
        ({"hazard": "hazardous"}, facts(hazardous=True), facts()),
        ({"hazard": "non_hazardous"}, facts(), facts(hazardous=True)),
        ({"cross_border": "yes"}, facts(target=party("B", "FI", "FI-18")), facts()),
        ({"cross_border": "no"}, facts(), facts(target=party("B", "FI", "FI-18"))),
    ],
)
def test_each_rule_type_matches_and_rejects(rules, yes, no):
    m = measure(**rules)
    assert applies(m, yes)
    assert not applies(m, no)


def test_applies_to_chooses_which_end_the_company_rules_test():
    ex = facts(party("A", "FI", "FI-18"), party("B", "RU", "RU-LEN"))
    assert applies(measure(countries="RU", applies_to="target"), ex)
    assert not applies(measure(countries="RU", applies_to="source"), ex)
    assert applies(measure(countries="RU", applies_to="exchange"), ex)
    assert not applies(measure(countries="RU", applies_to="both"), ex)
    assert applies(measure(countries="RU;FI", applies_to="both"), ex)


def test_unknown_company_size_applies_with_a_note():
    finding = policy.evaluate(measure(company_size="sme", applies_to="source"), facts())
    assert finding is not None
    assert finding.reasons[1] == (
        "The number of employees of Company A is unknown: this applies only if it is "
        "an SME (under 250 employees)."
    )


def test_reason_fills_placeholders_with_plain_words():
    m = measure(
        reason_en="{party} in {party_region}, {material} is {waste_status} ({hazard_class}).",
        applies_to="exchange",
    )
    finding = policy.evaluate(m, facts(material="waste_oil", hazardous=True))
    assert finding.reasons == (
        "source and target in Leningrad (RU-LEN), waste oil is waste (hazardous).",
    )
    ex = policy.ExchangeFacts("X", party("A"), party("B"), "fly_ash", "waste", False, "IV")
    assert policy.evaluate(m, ex).reasons[0].endswith("(hazard class IV).")


def test_unknown_country_never_counts_as_cross_border():
    ex = facts(target=party("B", None, None))
    assert ex.cross_border is None
    assert not applies(measure(cross_border="yes"), ex)
    assert not applies(measure(cross_border="no"), ex)


# ------------------------------------------------------------------------------ catalogue
def bundled() -> policy.Catalogue:
    catalogue, problems = policy.load_catalogue(REFERENCE_DIR / policy.CATALOGUE_FILE, today=TODAY)
    assert catalogue is not None, [str(p) for p in problems]
    return catalogue


def test_bundled_catalogue_has_forty_or_more_valid_measures():
    catalogue = bundled()
    assert len(catalogue.measures) >= 40
    assert {m.jurisdiction for m in catalogue.measures} >= {
        "EU", "RU", "RU-SPE", "RU-LEN", "DK", "SE", "FI", "EE", "LV", "LT", "PL", "DE", "DE-NW",
    }  # fmt: skip
    assert {m.category for m in catalogue.measures} == set(policy.CATEGORIES)


@pytest.mark.parametrize("m", bundled().measures, ids=lambda m: m.measure_id)
def test_every_entry_has_a_source_a_date_and_valid_rules(m: policy.Measure):
    assert m.source_url.startswith(("https://", "http://"))
    assert dt.date.fromisoformat(m.last_checked) <= TODAY
    assert m.name_en and m.name_ru and m.gives_or_requires
    for column in policy.RULE_COLUMNS:
        condition = m.rules[column]
        for value in condition.include | condition.exclude:
            assert policy._token_error(column, value) is None, (column, value)
    assert not policy.template_errors(m.reason_en)
    assert m.applies_to in policy.CHOICES["applies_to"]


def test_bundled_catalogue_round_trips_through_its_csv_export():
    catalogue = bundled()
    again, problems = policy.load_catalogue(policy.catalogue_csv_bytes(catalogue), "x.csv", TODAY)
    assert problems == []
    assert again.measures == catalogue.measures


JURISDICTION_PLACES = {
    "EU": ("DK", "DK-85"), "RU": ("RU", "RU-LEN"), "RU-SPE": ("RU", "RU-SPE"),
    "RU-LEN": ("RU", "RU-LEN"), "DK": ("DK", "DK-84"), "DK-85": ("DK", "DK-85"),
    "SE": ("SE", "SE-E"), "FI": ("FI", "FI-18"), "EE": ("EE", "EE-37"), "LV": ("LV", "LV-RIX"),
    "LT": ("LT", "LT-VL"), "PL": ("PL", "PL-PM"), "DE": ("DE", "DE-BY"), "DE-NW": ("DE", "DE-NW"),
}  # fmt: skip
TYPICAL = [
    ("fly_ash", "waste", False, "23.51"),
    ("waste_oil", "waste", True, "19.20"),
    ("surplus_heat", "not_waste", False, "35.11"),
    ("spent_grain", "by_product", False, "11.05"),
]


@pytest.mark.parametrize("jurisdiction", sorted(JURISDICTION_PLACES))
def test_an_exchange_in_each_jurisdiction_gets_one_of_its_measures(jurisdiction):
    country, region = JURISDICTION_PLACES[jurisdiction]
    own = [m for m in bundled().measures if m.jurisdiction == jurisdiction]
    assert own
    exchanges = [
        facts(
            party("A", country, region, nace, employees=50),
            party("B", country, region, nace, employees=50),
            material,
            status,
            hazardous,
        )
        for material, status, hazardous, nace in TYPICAL
    ]
    assert any(applies(m, ex) for m in own for ex in exchanges)


# ------------------------------------------------------------------------------ validation
def problems_of(data: bytes, name: str = "mine.csv") -> list[str]:
    catalogue, problems = policy.load_catalogue(data, name, TODAY)
    assert catalogue is None
    return [str(p) for p in problems]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            {"measure_id": "bad id"},
            "mine.csv:2:measure_id: 'bad id' is not a measure id (letters, digits, '-', '_' and '.', starting with a letter or digit)",
        ),
        (
            {"jurisdiction": "Europe"},
            "mine.csv:2:jurisdiction: 'Europe' is not a jurisdiction (EU, an ISO 3166-1 country code such as DK, or an ISO 3166-2 region code such as RU-LEN)",
        ),
        ({"level": "global"}, "mine.csv:2:level: 'global' is not one of: eu, national, regional"),
        (
            {"category": "help"},
            "mine.csv:2:category: 'help' is not one of: support, obligation, barrier",
        ),
        (
            {"source_url": "eur-lex.europa.eu"},
            "mine.csv:2:source_url: 'eur-lex.europa.eu' is not a web address starting with http:// or https://",
        ),
        (
            {"last_checked": "27.11.2026"},
            "mine.csv:2:last_checked: '27.11.2026' is not a date in the form YYYY-MM-DD",
        ),
        (
            {"last_checked": "2027-01-01"},
            "mine.csv:2:last_checked: 2027-01-01 is in the future (today is 2026-11-27)",
        ),
        (
            {"countries": "RU;Russia"},
            "mine.csv:2:countries: 'Russia' is not a country code (ISO 3166-1 alpha-2 such as DK) or a group (EU, EEA)",
        ),
        (
            {"countries": "*;RU"},
            "mine.csv:2:countries: '*' (any) cannot be combined with other values in '*;RU'",
        ),
        ({"regions": "DK;;SE"}, "mine.csv:2:regions: empty value in the list 'DK;;SE'"),
        (
            {"regions": "Leningrad"},
            "mine.csv:2:regions: 'Leningrad' is not a region code (ISO 3166-2 such as RU-LEN) or a country code",
        ),
        (
            {"nace": "99.99"},
            "mine.csv:2:nace: '99.99' is not a NACE Rev. 2 section letter or code (e.g. C, 35, 10.5)",
        ),
        (
            {"materials": "group:rocks"},
            "mine.csv:2:materials: 'group:rocks' is not a material id or a material group (e.g. fly_ash, group:minerals)",
        ),
        (
            {"company_size": "!sme"},
            "mine.csv:2:company_size: '!sme' is not one of: sme, large (or * for any)",
        ),
        (
            {"hazard": "toxic"},
            "mine.csv:2:hazard: 'toxic' is not one of: hazardous, non_hazardous (or * for any)",
        ),
        (
            {"applies_to": "everyone"},
            "mine.csv:2:applies_to: 'everyone' is not one of: source, target, both, exchange",
        ),
        (
            {"reason_en": "{material} for {company}"},
            "mine.csv:2:reason_en: unknown placeholder {company}; use {material}, {waste_status}, {hazard_class}, {source_name}, {target_name}, {source_region}, {target_region}, {source_country}, {target_country}, {party}, {party_name}, {party_region}, {party_country}",
        ),
        (
            {"reason_en": "{material"},
            "mine.csv:2:reason_en: the reason template is not valid: expected '}' before end of string",
        ),
        ({"gives_or_requires": ""}, "mine.csv:2:gives_or_requires: required value is empty"),
        ({"waste_status": ""}, "mine.csv:2:waste_status: required value is empty"),
    ],
)
def test_malformed_rows_are_reported_with_file_row_and_column(row, expected):
    assert problems_of(catalogue_bytes(row)) == [expected]


def test_duplicate_ids_missing_columns_and_empty_files_are_reported():
    assert problems_of(catalogue_bytes({}, {})) == [
        "mine.csv:3:measure_id: duplicate id 'T-1' (first used on row 2)"
    ]
    header_only = b"measure_id,name_en\nA,B\n"
    found = problems_of(header_only)
    assert "mine.csv:1:jurisdiction: required column is missing" in found
    assert len(found) == len(policy.COLUMNS) - 2
    assert problems_of(b"") == ["mine.csv: the file is empty"]
    assert problems_of(catalogue_bytes()) == ["mine.csv: the table has no data rows"]


def test_every_bad_row_is_listed_and_nothing_is_returned():
    data = catalogue_bytes(
        {"measure_id": "A", "level": "x"}, {"measure_id": "B"}, {"measure_id": "C", "type": "y"}
    )
    found = problems_of(data)
    assert [p.split(":")[1] for p in found] == ["2", "4"]


def test_semicolon_windows_1251_catalogue_is_read():
    text = catalogue_bytes({"name_ru": "Лицензия"}).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    data = "\n".join(";".join(f'"{c}"' for c in r) for r in rows).encode("cp1251")
    catalogue, problems = policy.load_catalogue(data, "ru.csv", TODAY)
    assert problems == []
    assert catalogue.measures[0].name_ru == "Лицензия"


# ------------------------------------------------------------------------------ datasets
def test_leningrad_hazardous_waste_chain_gets_the_89fz_licence():
    dataset, _ = load_path(DATASETS_DIR / "leningrad")
    found = policy.flow_findings(dataset, policy.bundled_catalogue())
    chain = next(
        c for c in detect_chains(dataset.flows, dataset.companies) if "len-f13" in c.flow_ids
    )
    split = policy.by_category(policy.chain_findings(found, chain.flow_ids))
    licence = next(f for f in split["obligation"] if f.measure.measure_id == "RU-89FZ-LICENCE")
    assert "len-f13" in licence.flows
    assert any("waste oil is waste (hazardous)" in r and "89-FZ" in r for r in licence.reasons)
    passports = [f.measure.measure_id for f in split["obligation"]]
    assert "RU-89FZ-FKKO-PASSPORT" in passports


def test_kalundborg_chain_gets_eu_and_danish_measures():
    dataset, _ = load_path(DATASETS_DIR / "kalundborg")
    table = policy.measures_table(dataset)
    chains = table[table["kind"] == "chain"]
    assert {"EU", "DK"} <= set(chains["jurisdiction"])
    assert {"EU-SEWAGE-SLUDGE", "DK-WASTE-TAX", "DK-GREEN-INDUSTRIAL-SYMBIOSIS"} <= set(
        chains["measure_id"]
    )
    assert not (chains["jurisdiction"].str.startswith("RU")).any()


def test_measures_table_has_one_row_per_flow_or_chain_and_measure():
    dataset, _ = load_path(DATASETS_DIR / "leningrad")
    table = policy.measures_table(dataset)
    assert list(table.columns) == list(policy.TABLE_COLUMNS)
    assert not table.duplicated(["kind", "id", "measure_id"]).any()
    assert set(table["category"]) <= set(policy.CATEGORIES)
    chain_rows = table[table["kind"] == "chain"]
    for flows in chain_rows["flows"]:
        assert set(flows.split(";")) <= set(dataset.flows["flow_id"])


def test_matching_candidates_get_facts_and_measures():
    from dashboard.matching import MatchOptions, find_candidates

    dataset, _ = load_path(DATASETS_DIR / "leningrad")
    candidates = find_candidates(dataset, MatchOptions(min_score=50)).head(30)
    exchanges = policy.candidate_facts(dataset, candidates)
    assert len(exchanges) == len(candidates)
    assert all(ex.source.country == "RU" for ex in exchanges)
    assert any(policy.findings(policy.bundled_catalogue(), ex) for ex in exchanges)


def test_dataset_columns_declare_waste_status_and_hazard_class():
    dataset, _ = load_path(DATASETS_DIR / "leningrad")
    flows = dataset.flows.assign(waste_status="", hazard_class="")
    flows.loc[flows["flow_id"] == "len-f15", ["waste_status", "hazard_class"]] = ["by_product", "v"]
    dataset.flows = flows
    ex = next(e for e in policy.flow_facts(dataset) if e.exchange_id == "len-f15")
    assert (ex.waste_status, ex.hazard_class) == ("by_product", "V")


def test_chain_matrix_counts_flows_per_chain_and_measure():
    dataset, _ = load_path(DATASETS_DIR / "leningrad")
    chains = detect_chains(dataset.flows, dataset.companies)
    found = policy.flow_findings(dataset, policy.bundled_catalogue())
    matrix = policy.chain_matrix(chains, found)
    assert list(matrix.index) == [c.name for c in chains]
    assert matrix.max().max() <= max(len(c.flow_ids) for c in chains)


def test_filter_catalogue_by_choices_and_words():
    table = policy.bundled_catalogue().table
    assert len(policy.filter_catalogue(table)) == len(table)
    russian = policy.filter_catalogue(table, jurisdictions=["RU-LEN", "RU-SPE"])
    assert set(russian["jurisdiction"]) == {"RU-LEN", "RU-SPE"}
    taxes = policy.filter_catalogue(table, types=["financial"], text="landfill TAX")
    assert len(taxes) >= 4 and (taxes["type"] == "financial").all()
    assert policy.filter_catalogue(table, categories=["barrier"], text="zzz").empty


# ------------------------------------------------------------------------------ command line
def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dashboard", "measures", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )


def test_cli_writes_measures_of_flows_and_chains(tmp_path):
    out = tmp_path / "m.csv"
    result = run_cli(str(DATASETS_DIR / "leningrad"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    table = pd.read_csv(out)
    assert {"kind", "id", "flows", "measure_id", "measure_name", "category", "jurisdiction",
            "reasons"} <= set(table.columns)  # fmt: skip
    assert set(table["kind"]) == {"flow", "chain"}
    assert "measure rows for" in result.stderr


def test_cli_neutralises_formulas_and_uses_a_given_catalogue(tmp_path):
    catalogue = tmp_path / "mine.csv"
    catalogue.write_bytes(catalogue_bytes({"reason_en": "=HYPERLINK({material})"}))
    result = run_cli(str(DATASETS_DIR / "kalundborg"), "--catalogue", str(catalogue))
    assert result.returncode == 0, result.stderr
    table = pd.read_csv(io.StringIO(result.stdout))
    assert set(table["measure_id"]) == {"T-1"}
    assert table["reasons"].str.startswith("'=HYPERLINK(").all()


def test_cli_rejects_an_invalid_catalogue_with_its_problems(tmp_path):
    catalogue = tmp_path / "mine.csv"
    catalogue.write_bytes(catalogue_bytes({"hazard": "toxic"}))
    result = run_cli(str(DATASETS_DIR / "kalundborg"), "--catalogue", str(catalogue))
    assert result.returncode == 1
    assert "mine.csv:2:hazard: 'toxic' is not one of" in result.stdout
    assert "Traceback" not in result.stderr


def test_cli_rejects_an_invalid_dataset(tmp_path):
    (tmp_path / "companies.csv").write_text("company_id,name\nA,B\n")
    (tmp_path / "streams.csv").write_text("")
    result = run_cli(str(tmp_path))
    assert result.returncode == 1
    assert "companies.csv:1:nace: required column is missing" in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args", [(), ("no/such/folder",), ("data/datasets/kalundborg", "--catalogue", "nope.csv"),
             ("data/datasets/kalundborg", "--bogus")],
)  # fmt: skip
def test_cli_usage_errors_exit_2_without_traceback(args):
    result = run_cli(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_waste_status_prefers_the_declared_status_then_an_ewc_code_then_the_default():
    assert policy.waste_status("slag") == "by_product"
    assert policy.waste_status("slag", ewc_code="100202") == "waste"
    assert policy.waste_status("slag", ewc_code="100202", declared="by_product") == "by_product"
    assert policy.waste_status("surplus_heat") == "not_waste"
    assert policy.waste_status("fly_ash") == "waste"
    assert policy.hazardous_by_nature("waste_oil") and not policy.hazardous_by_nature("fly_ash")


def test_assessment_exchanges_of_a_chain_get_the_same_measures_as_its_flows():
    from dashboard.assessment import candidate_exchange, flow_exchanges

    dataset, _ = load_path(DATASETS_DIR / "leningrad")
    chain = next(
        c for c in detect_chains(dataset.flows, dataset.companies) if "len-f13" in c.flow_ids
    )
    catalogue = policy.bundled_catalogue()
    split = policy.exchanges_findings(dataset, catalogue, flow_exchanges(dataset, chain.flow_ids))
    found = policy.flow_findings(dataset, catalogue)
    expected = policy.by_category(policy.chain_findings(found, chain.flow_ids))
    assert {k: [i.measure.measure_id for i in v] for k, v in split.items()} == {
        k: [i.measure.measure_id for i in v] for k, v in expected.items()
    }
    table = policy.findings_table(split["obligation"])
    assert "RU-89FZ-LICENCE" in set(table["measure_id"])
    hazardous = candidate_exchange(
        {
            "source_company": chain_flow_source(dataset, "len-f13"),
            "target_company": "syn-cement-slantsy",
            "have_material": "waste_oil",
            "quantity": 10.0,
            "unit": "t/yr",
            "distance_km": 50.0,
            "hazardous": True,
        },
        dataset,
        exchange_id="candidate-1",
    )
    candidate = policy.exchanges_findings(dataset, catalogue, [hazardous])
    licence = [i for i in candidate["obligation"] if i.measure.measure_id == "RU-89FZ-LICENCE"]
    assert licence and licence[0].flows == ("candidate-1",)


def chain_flow_source(dataset, flow_id: str) -> str:
    return dataset.flows.set_index("flow_id").at[flow_id, "source_company"]
