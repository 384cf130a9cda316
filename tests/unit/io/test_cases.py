"""The library of documented cases: every case file loads, validates as a dataset, and cites a
listed source for every figure; a bad file is refused with what is wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboard.domain.cases import Case
from dashboard.io.cases import case_dataset, case_files, load_case, load_library, select

FILES = case_files()
SHEET = {
    "id": "demo", "name": {"en": "Demo park", "ru": "Демо-парк"}, "country": "KR",
    "place": {"en": "Ulsan", "ru": "Ульсан"}, "lat": 35.5, "lon": 129.3, "type": "planned",
    "summary": {"en": "A demo case", "ru": "Демо-случай", "sources": ["s1"]},
    "how_it_started": {"en": "By a plan", "ru": "По плану", "sources": ["s1"]},
    "drivers": [{"en": "Steam prices", "ru": "Цены на пар", "sources": ["s1"]}],
    "barriers": [{"en": "Trust", "ru": "Доверие", "sources": ["s1"]}],
    "lessons": [{"en": "Start small", "ru": "Начинать с малого"}],
    "partners": [
        {"id": "a", "name": "Incinerator", "nace": "38.21", "lat": 35.5, "lon": 129.3},
        {"id": "b", "name": "Paper mill", "nace": "17.12", "lat": 35.52, "lon": 129.31},
    ],
    "exchanges": [
        {"source": "a", "target": "b", "material": "steam", "quantity": 300000,
         "unit": "MWh/yr", "year": 2010, "sources": ["s1"], "provenance": "documented"},
        {"source": "b", "target": "a", "material": "biosludge", "sources": ["s1"],
         "provenance": "reported"},
    ],
    "sources": [{"id": "s1", "title": "A paper", "url": "https://example.org/x",
                 "accessed": "2026-12-02"}],
}  # fmt: skip


def write(tmp_path: Path, sheet: dict) -> Path:
    path = tmp_path / f"{sheet['id']}.json"
    path.write_text(json.dumps(sheet, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_sheet_becomes_a_dataset_with_unknown_quantities_left_empty(tmp_path):
    case, problems = load_case(write(tmp_path, SHEET))
    assert problems == []
    dataset, problems = case_dataset(case)
    assert problems == []
    assert list(dataset.flows["quantity"].isna()) == [False, True]
    gold, problems = case_dataset(case, with_flows=False)
    assert problems == [] and gold.flows.empty
    haves = gold.streams[gold.streams["direction"] == "have"]
    assert set(haves["material"]) == {"steam", "biosludge"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s["exchanges"][0].update(sources=["nowhere"]), "sources not listed: nowhere"),
        (lambda s: s["exchanges"][0].update(target="c"), "partners not listed: c"),
        (lambda s: s["exchanges"][1].update(material="sludge"), "not in the vocabulary"),
        (lambda s: s["exchanges"][0].update(unit="t/yr"), "the material's unit is 'MWh/yr'"),
        (lambda s: s["exchanges"][0].update(unit=None), "quantity and unit go together"),
        (lambda s: s["exchanges"][0].update(sources=[]), "exchanges.0.sources"),
        (lambda s: s["sources"][0].update(url="example.org"), "sources.0.url"),
        (lambda s: s.update(drivers=[]), "drivers"),
    ],
)
def test_a_bad_sheet_is_refused_with_what_is_wrong(tmp_path, change, message):
    sheet = json.loads(json.dumps(SHEET))
    change(sheet)
    case, problems = load_case(write(tmp_path, sheet))
    assert case is None
    assert any(message in p for p in problems), problems


def test_the_library_has_at_least_fifteen_cases():
    assert len(FILES) >= 15, [f.stem for f in FILES]


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_every_case_loads_validates_and_cites_a_source_for_every_figure(path):
    case, problems = load_case(path)
    assert problems == [], problems
    assert isinstance(case, Case)
    listed = {s.id for s in case.sources}
    for e in case.exchanges:
        assert e.sources and set(e.sources) <= listed
    for r in case.results:
        assert r.sources and set(r.sources) <= listed
    for text in (case.summary, case.how_it_started, *case.drivers, *case.barriers):
        assert text.sources, text.en
    dataset, problems = case_dataset(case)
    assert problems == [], problems[:3]
    assert len(dataset.flows) == len(case.exchanges)


def test_the_library_keeps_good_cases_names_bad_files_and_filters(tmp_path):
    write(tmp_path, SHEET)
    broken = json.loads(json.dumps(SHEET)) | {"id": "broken"}
    broken["exchanges"][0]["sources"] = ["nowhere"]
    write(tmp_path, broken)
    entries, failed = load_library(tmp_path)
    assert [e.case.id for e in entries] == ["demo"]
    assert [name for name, _ in failed] == ["broken.json"]
    assert select(entries, types=["planned"]) == entries
    assert select(entries, types=["facilitated"]) == []
    assert select(entries, sectors=["E"], countries=["KR"], materials=["steam"]) == entries
    assert select(entries, materials=["fly_ash"]) == []
