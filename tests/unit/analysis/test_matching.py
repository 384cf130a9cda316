"""The matching engine: candidates, distances, scores, reasons, filters, scale, command line."""

from __future__ import annotations

import csv
import importlib.util
import random
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from dashboard.analysis import matching
from dashboard.analysis.matching import (
    COLUMNS,
    MatchOptions,
    count_candidates,
    find_candidates,
    score,
)
from dashboard.domain.dataset import Dataset
from dashboard.domain.geo import haversine_km
from dashboard.domain.reference import DATASETS_DIR
from dashboard.domain.values import as_objects
from dashboard.io.datasets import load_path
from dashboard.views.candidate_reasons import reasons

from ...paths import REPO
from ..regions import COMPANIES, EXPECTED, STREAMS, WORTH, load, pairs, region_files


@pytest.fixture(scope="module")
def region() -> Dataset:
    return load(region_files())


def benchmark_module():
    spec = importlib.util.spec_from_file_location("bench", REPO / "benchmarks" / "matching.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- distance and score ------------------------------------------------------------------------


def test_haversine_against_known_distances():
    assert haversine_km(59.9386, 30.3141, 60.1699, 24.9384) == pytest.approx(300, rel=0.01)
    assert haversine_km(60, 30, 61, 30) == pytest.approx(111.195, abs=0.001)
    assert haversine_km(60, 30, 60, 30) == 0
    far = haversine_km(np.array([0.0, 0.0]), np.array([0.0, 0.0]), np.array([0.0, 0.0]), [90, 180])
    assert far == pytest.approx([np.pi / 2 * 6371.0088, np.pi * 6371.0088])


def test_score_formula_worked_by_hand():
    # exact, at 0 km, full coverage, safe: every weight counts fully
    assert score(True, 0.0, 100, 1.0, False) == 100.0
    # substitute at 12 of 100 km covering 80 %, safe: 100 * (0.125 + 0.308 + 0.24 + 0.1)
    assert score(False, 12.0, 100, 0.8, False) == 77.3
    # exact at the maximum distance, covering 10 %, hazardous: 100 * (0.25 + 0 + 0.03 + 0)
    assert score(True, 50.0, 50, 0.1, True) == 28.0
    weights = matching.W_COMPATIBILITY + matching.W_DISTANCE
    assert weights + matching.W_COVERAGE + matching.W_SAFETY == pytest.approx(1)


# --- the candidates of a small region ------------------------------------------------------------


def test_candidates_rules_scores_and_order(region):
    found = find_candidates(region)
    assert list(found.columns) == list(COLUMNS)
    columns = ["have_stream_id", "want_stream_id", "fit", "distance_km"]
    got = list(found[columns].itertuples(index=False, name=None))
    assert got == EXPECTED
    assert found["score"].tolist() == WORTH
    first = found.iloc[0]
    assert (first["source_company"], first["target_company"]) == ("P", "C")
    assert (first["source_name"], first["target_name"]) == ("Power Plant", "Cement Works")
    assert (first["have_material"], first["want_material"]) == ("fly_ash", "cement_raw_material")
    assert first["compatibility"] == "substitute"
    assert (first["have_quantity"], first["want_quantity"], first["quantity"]) == (
        40000,
        50000,
        40000,
    )
    assert first["unit"] == "t/yr" and first["coverage"] == pytest.approx(0.8)
    assert first["source_lat"] == pytest.approx(60) and first["target_lon"] == pytest.approx(30)
    assert first["existing_flow_id"] is None
    assert found["hazardous"].tolist() == [False, True, False, False]


def test_output_dtypes(region):
    found = find_candidates(region)
    for column in matching.FLOAT_COLUMNS:
        assert found[column].dtype == "float64", column
    assert found["hazardous"].dtype == bool
    assert found["have_stream_id"].dtype == object
    empty = find_candidates(region, MatchOptions(min_score=100))
    assert empty.empty and list(empty.columns) == list(COLUMNS)
    assert (empty.dtypes == found.dtypes).all()


@pytest.mark.parametrize("name", ["leningrad", "kalundborg"])
def test_categorical_columns_hold_the_same_candidates_and_reasons(name):
    dataset = load_path(DATASETS_DIR / name)[0]
    options = MatchOptions(include_existing=True)
    objects = find_candidates(dataset, options)
    coded = find_candidates(dataset, options, categorical=True)
    text = [c for c in COLUMNS if objects[c].dtype == object]
    assert "existing_flow_id" in text and "checks" in text
    assert all(isinstance(coded[c].dtype, pd.CategoricalDtype) for c in text)
    pd.testing.assert_frame_equal(coded.assign(**{c: as_objects(coded[c].array) for c in text}), objects)
    assert list(reasons(coded)) == list(reasons(objects))


def test_same_company_is_never_matched(region):
    found = find_candidates(region, MatchOptions(max_per_have=None, include_existing=True))
    assert (found["source_company"] != found["target_company"]).all()
    assert ("P-ash", "P-want-ash") not in pairs(found)


def test_units_must_match():
    assert "F-sludge" not in set(find_candidates(load(region_files()))["have_stream_id"])
    streams = [s if s[0] != "B-feed" else (*s[:5], "t/yr", "") for s in STREAMS]
    found = find_candidates(load(region_files(streams=streams)))
    assert ("F-sludge", "B-feed") in pairs(found)


def test_each_material_has_its_own_reach(region):
    # surplus heat reaches 10 km: the greenhouse's heat want at 15 km is out of its reach
    assert ("P-heat", "G-heat") not in pairs(find_candidates(region))
    # district heat reaches 25 km, so the same pair with district heat is a candidate
    streams = [
        ("P-heat", "P", "have", "district_heat", 5000, "MWh/yr", "") if s[0] == "P-heat" else s
        for s in STREAMS
    ]
    found = find_candidates(load(region_files(streams=streams)))
    assert {w for h, w in pairs(found) if h == "P-heat"} == {"F-heat", "G-heat"}


def test_the_radius_is_inclusive_and_distances_are_great_circle(region):
    at = region.companies.set_index("company_id")[["lat", "lon"]]
    km = float(haversine_km(*at.loc["P"], *at.loc["C"]))
    found = find_candidates(region, MatchOptions(max_km=km))
    assert ("P-ash", "C-raw") in pairs(found)
    assert found["distance_km"].iloc[0] == round(km, 1)
    assert ("P-ash", "C-raw") not in pairs(find_candidates(region, MatchOptions(max_km=km - 1e-6)))


# --- options -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (MatchOptions(max_km=20), [0, 3]),
        (MatchOptions(max_km=0), []),
        (MatchOptions(min_score=56.2), [0, 1, 2]),
        (MatchOptions(min_score=90.9), [0]),
        (MatchOptions(materials=("heat",)), [3]),
        (MatchOptions(materials=("fly_ash",)), [0, 2]),
        (MatchOptions(materials=("solvent_recovery", "construction_material")), [1, 2]),
        (MatchOptions(sectors=("F",)), [2]),
        (MatchOptions(sectors=("D",)), [0, 2, 3]),
        (MatchOptions(sectors=("A",)), []),
        (MatchOptions(regions=("RU-SPE",)), [2]),
        (MatchOptions(regions=("RU-LEN",)), [0, 1, 2, 3]),
        (MatchOptions(max_per_have=1), [0, 1, 3]),
        (MatchOptions(max_per_have=None), [0, 1, 2, 3]),
    ],
)
def test_options_filter_candidates(region, options, expected):
    found = find_candidates(region, options)
    assert pairs(found) == [EXPECTED[i][:2] for i in expected]
    assert count_candidates(region, options) == len(expected)


@pytest.mark.parametrize(
    "options",
    [{"max_km": -1}, {"min_score": 101}, {"min_score": -0.1}, {"max_per_have": 0}],
)
def test_invalid_options_are_rejected(options):
    with pytest.raises(ValueError):
        MatchOptions(**options)


def test_existing_and_planned_flows_drop_or_mark_candidates():
    flows = [
        ("F1", "P", "C", "fly_ash", "existing"),
        ("F2", "P", "R", "construction_material", "planned"),
        ("F3", "C", "S", "spent_solvents", "potential"),
        ("F4", "P", "F", "surplus_heat", "discontinued"),
    ]
    dataset = load(region_files(flows=flows))
    assert pairs(find_candidates(dataset)) == [EXPECTED[1][:2], EXPECTED[3][:2]]
    marked = find_candidates(dataset, MatchOptions(include_existing=True))
    assert pairs(marked) == [e[:2] for e in EXPECTED]
    assert marked["existing_flow_id"].tolist() == ["F1", None, "F2", None]
    texts = reasons(marked)
    assert texts[0].endswith("; already covered by flow F1")
    assert "flow" not in texts[1]


def test_order_is_deterministic_whatever_the_row_order(region):
    shuffled = random.Random(7)
    companies, streams = list(COMPANIES), list(STREAMS)
    shuffled.shuffle(companies)
    shuffled.shuffle(streams)
    again = find_candidates(load(region_files(companies=companies, streams=streams)))
    pd.testing.assert_frame_equal(find_candidates(region), again)


def test_sort_keys_break_ties_by_distance_then_ids():
    bench = benchmark_module()
    found = find_candidates(bench.synthetic_dataset(300, seed=5), MatchOptions(max_per_have=None))
    keys = list(
        zip(
            -found["score"],
            found["distance_km"],
            found["have_stream_id"],
            found["want_stream_id"],
            strict=True,
        )
    )
    assert keys == sorted(keys)


# --- scale: the same as the naive all-pairs loop, and the n best are exact -----------------------


def test_same_candidates_as_the_naive_all_pairs_loop():
    bench = benchmark_module()
    dataset = bench.synthetic_dataset(400, seed=11)
    everything = find_candidates(dataset, MatchOptions(max_per_have=None))
    naive = bench.naive_candidates(dataset)
    assert len(everything) == len(naive) > 1000
    assert bench.same_candidates(everything, naive)


def test_n_best_per_have_equal_a_full_sort(monkeypatch):
    bench = benchmark_module()
    dataset = bench.synthetic_dataset(1500, seed=3)
    calls = []
    original = matching._Context._cut_radii
    monkeypatch.setattr(
        matching._Context,
        "_cut_radii",
        lambda self, *args: calls.append(1) or original(self, *args),
    )
    for n in (1, 3):
        options = MatchOptions(max_per_have=n, min_score=40)
        found = find_candidates(dataset, options)
        every = find_candidates(dataset, MatchOptions(max_per_have=None))
        # each have keeps its n best-fitting wants; the minimum applies to the worth score
        best = every.sort_values(
            ["have_stream_id", "fit", "distance_km", "want_stream_id"],
            ascending=[True, False, True, True],
        )
        best = best[best.groupby("have_stream_id").cumcount() < n]
        best = best[best["score"] >= 40]
        best = best.sort_values(
            ["score", "distance_km", "have_stream_id", "want_stream_id"],
            ascending=[False, True, True, True],
        )
        pd.testing.assert_frame_equal(found, best.reset_index(drop=True))
        assert count_candidates(dataset, options) == len(found)
    assert calls, "the dense-group shortcut was not exercised"


# --- bundled datasets ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["leningrad", "kalundborg", "finland_eprtr"])
def test_bundled_datasets(name):
    dataset, problems = load_path(DATASETS_DIR / name)
    assert problems == []
    found = find_candidates(dataset)
    marked = find_candidates(dataset, MatchOptions(include_existing=True, max_per_have=None))
    assert len(marked) >= len(found)
    assert found["existing_flow_id"].isna().all()
    assert "reasons" not in found.columns
    assert pd.Series(reasons(found), dtype=object).str.len().gt(20).all()
    if name == "leningrad":
        assert len(found) > 50
    if name == "kalundborg":
        assert len(found) == 0 and len(marked) > 0
        assert marked["existing_flow_id"].notna().all()


# --- command line --------------------------------------------------------------------------------

CLI_COLUMNS = (
    "have_stream_id,want_stream_id,source_company,target_company,have_material,"
    "want_material,distance_km,quantity,unit,score,reasons,fit,ghg_avoided_t_co2e,"
    "net_benefit_eur,fate,use,relation,checks,have_provenance,want_provenance,factor_provenance"
)


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dashboard", *args], capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def region_folder(tmp_path):
    companies = [("=cmd", *COMPANIES[0][1:]), *COMPANIES[1:]]
    streams = [("=cmd" if s[1] == "P" else s[1]) for s in STREAMS]
    streams = [(s[0], company, *s[2:]) for s, company in zip(STREAMS, streams, strict=True)]
    for name, text in region_files(companies=companies, streams=streams).items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_cli_match_writes_csv_to_stdout(region_folder):
    result = run("match", str(region_folder))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == CLI_COLUMNS
    assert len(lines) == 1 + len(EXPECTED)
    first = next(csv.reader([lines[1]]))  # text quoted, numbers not (the streaming writer)
    assert first[:8] == ["P-ash", "C-raw", "'=cmd", "C", "fly_ash", "cement_raw_material",
                         "12", "40000"]  # fmt: skip
    assert result.stderr.strip() == "candidate exchanges found: 4"
    assert "Traceback" not in result.stderr


def test_cli_match_options_and_out_file(region_folder, tmp_path):
    out = tmp_path / "out.csv"
    result = run(
        "match", str(region_folder), "--max-km", "20", "--min-score", "77.1", "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    frame = pd.read_csv(out)
    assert ",".join(frame.columns) == CLI_COLUMNS
    assert frame["want_stream_id"].tolist() == ["C-raw"]
    assert result.stderr.strip() == "candidate exchanges found: 1"


def test_cli_match_invalid_dataset_exits_1(region_folder):
    (region_folder / "flows.csv").write_text(
        "flow_id,source_company,target_company,material,status\nF1,C,C,fly_ash,existing\n"
    )
    result = run("match", str(region_folder))
    assert result.returncode == 1
    assert result.stdout.strip() == "flows.csv:2:target_company: a flow from company 'C' to itself"
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("match",),
        ("match", "/no/such/folder"),
        ("match", "{path}", "--max-km", "-1"),
        ("match", "{path}", "--max-km", "far"),
        ("match", "{path}", "--min-score", "101"),
        ("match", "{path}", "--min-score", "nan"),
        ("match", "{path}", "--unknown"),
    ],
)
def test_cli_match_usage_errors_exit_2(region_folder, args):
    result = run(*(a.format(path=region_folder) for a in args))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "error" in result.stderr or "no such file" in result.stderr


def test_cli_match_unwritable_out_exits_1(region_folder, tmp_path):
    result = run("match", str(region_folder), "--out", str(tmp_path / "missing" / "out.csv"))
    assert result.returncode == 1
    assert "cannot write" in result.stderr and "Traceback" not in result.stderr


def test_weighed_chunks_cover_every_have_once_with_close_radii():
    radii = np.sort(np.random.default_rng(4).uniform(0.5, 300, 5000))
    pairs = np.full(len(radii), matching.CHUNK_PAIRS / 700)
    parts = list(matching._weighed_chunks(pairs, radii))
    assert np.array_equal(np.concatenate([np.arange(len(radii))[p] for p in parts]),
                          np.arange(len(radii)))  # fmt: skip
    assert all(radii[p].max() <= radii[p].min() * matching.RADIUS_SPREAD for p in parts)
    assert max(pairs[p].sum() for p in parts) <= matching.CHUNK_PAIRS + pairs.max()
