"""Catalogue rows, measures and exchange facts made by hand for the policy tests."""

from __future__ import annotations

import csv
import datetime as dt
import io

from dashboard.analysis.policy import catalogue as cat
from dashboard.analysis.policy import facts as fx
from dashboard.analysis.policy import rules as rl

TODAY = dt.date(2026, 12, 2)
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
    **dict.fromkeys(cat.RULE_COLUMNS, "*"),
    "applies_to": "exchange",
    "reason_en": "{material} from {source_name} ({party}).",
}


def catalogue_bytes(*rows: dict[str, str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(cat.COLUMNS), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({**BASE, **row})
    return buffer.getvalue().encode("utf-8")


def measure(**rules: str) -> cat.Measure:
    catalogue, problems = cat.load_catalogue(catalogue_bytes(rules), "t.csv", TODAY)
    assert catalogue is not None, [str(p) for p in problems]
    return catalogue.measures[0]


def party(company_id="A", country="RU", region="RU-LEN", nace="19.20", employees=None):
    return fx.Party(
        company_id, f"Company {company_id}", country, region, nace, _section(nace), employees
    )


def _section(nace: str) -> str:
    division = int(nace[:2])
    sections = {19: "C", 23: "C", 35: "D", 1: "A", 3: "A", 8: "B", 10: "C", 38: "E", 42: "F"}
    return sections.get(division, "C")


def facts(source=None, target=None, material="fly_ash", status="waste", hazardous=False):
    return fx.ExchangeFacts(
        "X1", source or party("A"), target or party("B"), material, status, hazardous
    )


def applies(m: cat.Measure, ex: fx.ExchangeFacts) -> bool:
    return rl.evaluate(m, ex) is not None
