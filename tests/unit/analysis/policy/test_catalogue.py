"""The bundled catalogue and catalogue validation: every problem located as file:row:column."""

from __future__ import annotations

import csv
import datetime as dt
import io
import string

import pytest

from dashboard.analysis.policy import catalogue as cat
from dashboard.domain.reference import REFERENCE_DIR

from .measures import BASE, TODAY, applies, catalogue_bytes, facts, party

BASE_REASON = BASE["reason_en"]


def bundled() -> cat.Catalogue:
    catalogue, problems = cat.load_catalogue(REFERENCE_DIR / cat.CATALOGUE_FILE, today=TODAY)
    assert catalogue is not None, [str(p) for p in problems]
    return catalogue


def test_bundled_catalogue_has_forty_or_more_valid_measures():
    catalogue = bundled()
    assert len(catalogue.measures) >= 40
    assert {m.jurisdiction for m in catalogue.measures} >= {
        "EU", "RU", "RU-SPE", "RU-LEN", "DK", "SE", "FI", "EE", "LV", "LT", "PL", "DE", "DE-NW",
    }  # fmt: skip
    assert {m.category for m in catalogue.measures} == set(cat.CATEGORIES)


@pytest.mark.parametrize("m", bundled().measures, ids=lambda m: m.measure_id)
def test_every_entry_has_a_source_a_date_and_valid_rules(m: cat.Measure):
    assert m.source_url.startswith(("https://", "http://"))
    assert dt.date.fromisoformat(m.last_checked) <= TODAY
    assert m.name_en and m.name_ru and m.gives_or_requires
    for column in cat.RULE_COLUMNS:
        condition = m.rules[column]
        for value in condition.include | condition.exclude:
            assert cat._token_error(column, value) is None, (column, value)
    assert not cat.template_errors(m.reason_en)
    assert m.applies_to in cat.CHOICES["applies_to"]


def test_bundled_catalogue_round_trips_through_its_csv_export():
    catalogue = bundled()
    again, problems = cat.load_catalogue(cat.catalogue_csv_bytes(catalogue), "x.csv", TODAY)
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


def problems_of(data: bytes, name: str = "mine.csv") -> list[str]:
    catalogue, problems = cat.load_catalogue(data, name, TODAY)
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
            "mine.csv:2:last_checked: 2027-01-01 is in the future (today is 2026-12-02)",
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
            {"reason_en": "{material:>20000000}"},
            "mine.csv:2:reason_en: placeholder {material} has a format or conversion ':>20000000'; write it as plain {material}",
        ),
        (
            {"reason_en": "{material!r:>99999999999999999999}"},
            "mine.csv:2:reason_en: placeholder {material} has a format or conversion '!r:>99999999999999999999'; write it as plain {material}",
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
    assert len(found) == len(cat.COLUMNS) - 2 - len(cat.MAY_BE_ABSENT)
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
    catalogue, problems = cat.load_catalogue(data, "ru.csv", TODAY)
    assert problems == []
    assert catalogue.measures[0].name_ru == "Лицензия"


def test_a_reason_is_filled_as_plain_text_whatever_its_template_says():
    values = {"material": "fly ash {0} %s", "party": "the giver"}
    assert cat.render_template("{material} for {party}", values) == "fly ash {0} %s for the giver"
    # even a spec that validation would reject writes no padding and cannot crash
    assert cat.render_template("{material:>99999999999999999999}", values) == "fly ash {0} %s"
    assert cat.render_template("{unknown} stays", values) == "{unknown} stays"


def test_catalogue_download_is_neutralised_and_reads_back_unchanged():
    hostile = {
        "name_en": '=HYPERLINK("http://x","click")',
        "gives_or_requires": "+cmd|' /C calc'!A0",
        "name_ru": "'=1+1",
        "reason_en": "-{material} @ {party}",
    }
    catalogue, problems = cat.load_catalogue(catalogue_bytes(hostile), "t.csv", TODAY)
    assert problems == []
    data = cat.catalogue_csv_bytes(catalogue)
    cells = [c for row in csv.reader(io.StringIO(data.decode("utf-8"))) for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    again, problems = cat.load_catalogue(data, "t.csv", TODAY)
    assert problems == []
    assert again.measures == catalogue.measures
    assert again.measures[0].name_en == hostile["name_en"]
    # a hand-written apostrophe before a formula sign marks text, as a spreadsheet's does
    assert catalogue.measures[0].name_ru == again.measures[0].name_ru == "=1+1"


def test_catalogue_template_is_neutralised():
    data = cat.template_csv_bytes()
    cells = [c for row in csv.reader(io.StringIO(data.decode("utf-8"))) for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    again, problems = cat.load_catalogue(data, "t.csv", TODAY)
    assert problems == [] and again.measures == bundled().measures[:2]


def test_russian_texts_are_optional_columns_and_are_used_in_russian():
    english_only = catalogue_bytes({}).decode("utf-8").splitlines()
    header = english_only[0].split(",")
    keep = [i for i, c in enumerate(header) if c not in cat.MAY_BE_ABSENT]
    rows = list(csv.reader(io.StringIO("\n".join(english_only))))
    old = "\n".join(",".join(f'"{r[i]}"' for i in keep) for r in rows).encode("utf-8")
    catalogue, problems = cat.load_catalogue(old, "old.csv", TODAY)
    assert problems == [] and catalogue.measures[0].reason_template("ru") == BASE_REASON
    russian = {"reason_ru": "Материал: {material}; поставщик: {source_name}.",
               "gives_or_requires_ru": "Что-то."}  # fmt: skip
    catalogue, problems = cat.load_catalogue(catalogue_bytes(russian), "ru.csv", TODAY)
    measure = catalogue.measures[0]
    assert measure.reason_template("ru") == russian["reason_ru"]
    assert measure.reason_template("en") == BASE_REASON
    assert measure.summary("ru") == "Что-то." and measure.name("ru") == "Тестовая мера"
    bad = {"reason_ru": "{material:>999}"}
    _, problems = cat.load_catalogue(catalogue_bytes(bad), "bad.csv", TODAY)
    assert [(p.column, p.key) for p in problems] == [("reason_ru", "placeholder_format")]


def test_every_bundled_measure_has_its_russian_texts_with_the_same_placeholders():
    fields = lambda text: sorted(f for _, f, _, _ in string.Formatter().parse(text) if f)  # noqa: E731
    for m in bundled().measures:
        assert m.gives_or_requires_ru and m.reason_ru and m.name_ru, m.measure_id
        assert fields(m.reason_ru) == fields(m.reason_en), m.measure_id
        assert any("а" <= ch <= "я" for ch in m.reason_ru.lower()), m.measure_id


def test_next_steps_and_the_counterpart_rule_are_optional_columns():
    old = catalogue_bytes({}).decode("utf-8").splitlines()
    header = old[0].split(",")
    keep = [i for i, c in enumerate(header) if c not in ("action_en", "action_ru",
                                                          "counterpart_countries")]  # fmt: skip
    rows = list(csv.reader(io.StringIO("\n".join(old))))
    data = "\n".join(",".join(f'"{r[i]}"' for i in keep) for r in rows).encode("utf-8")
    catalogue, problems = cat.load_catalogue(data, "old.csv", TODAY)
    assert problems == [] and catalogue.measures[0].action("en") == ""
    assert catalogue.measures[0].rules["counterpart_countries"].any
    steps = {"action_en": "Ask the authority.", "action_ru": "Обратитесь в орган."}
    catalogue, problems = cat.load_catalogue(catalogue_bytes(steps), "steps.csv", TODAY)
    assert catalogue.measures[0].action("ru") == "Обратитесь в орган."
    assert catalogue.measures[0].action("en") == "Ask the authority."
    _, problems = cat.load_catalogue(
        catalogue_bytes({"counterpart_countries": "Russia"}), "bad.csv", TODAY
    )
    assert [(p.column, p.key) for p in problems] == [("counterpart_countries", "bad_country")]
