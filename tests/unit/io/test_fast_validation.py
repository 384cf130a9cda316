"""The column-wise validation of clean CSV tables: the same typed frames as the row-wise path on
every bundled dataset and a synthetic region, and for any table with a problem it steps aside,
so the problems and their `file:row:column:` messages are the row-wise path's."""

from __future__ import annotations

import sys

import pandas as pd
import pytest

from dashboard.domain.reference import DATASETS_DIR
from dashboard.io import fast_validation
from dashboard.io.datasets import load_files, load_path

from ..paths_bench import BENCHMARKS

sys.path.insert(0, str(BENCHMARKS))
from match_command import write_region

FOLDERS = sorted(p.parent for p in DATASETS_DIR.glob("*/companies.csv"))


@pytest.fixture
def row_wise(monkeypatch):
    """Validation with the column-wise path switched off."""
    monkeypatch.setattr(fast_validation, "companies", lambda table: None)
    monkeypatch.setattr(fast_validation, "streams", lambda table, ids: None)


def loaded(folder):
    dataset, problems = load_path(folder)
    return dataset, [str(p) for p in problems]


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    folder = tmp_path_factory.mktemp("region") / "synthetic"
    write_region(1500, folder)
    return folder


def test_clean_tables_go_column_wise_and_give_the_row_wise_frames(region, monkeypatch):
    for folder in [*FOLDERS, region]:
        fast, problems = loaded(folder)
        assert problems == []
        assert fast_validation.companies(_table(folder, "companies")) is not None, folder.name
        with monkeypatch.context() as off:
            off.setattr(fast_validation, "companies", lambda table: None)
            off.setattr(fast_validation, "streams", lambda table, ids: None)
            slow, _ = loaded(folder)
        for name in ("companies", "streams", "flows"):
            pd.testing.assert_frame_equal(fast.table(name), slow.table(name))


def _table(folder, name):
    from dashboard.io.readers import read_csv_bytes

    table, _ = read_csv_bytes(f"{name}.csv", (folder / f"{name}.csv").read_bytes())
    return table


BAD_CELLS = [
    ("companies", 2, "lat", "91"), ("companies", 3, "lon", "east"),
    ("companies", 2, "nace", "99.99"), ("companies", 4, "company_id", ""),
    ("companies", 2, "employees", "-3"), ("companies", 3, "region_code", "nowhere"),
    ("companies", 2, "lat", "1 000,5"), ("companies", 2, "name", "a\x07b"),
    ("streams", 2, "quantity", "-1"), ("streams", 3, "unit", "barrels"),
    ("streams", 2, "material", "unobtainium"), ("streams", 4, "direction", "sideways"),
    ("streams", 2, "company_id", "nobody"), ("streams", 3, "hazardous", "perhaps"),
    ("streams", 2, "quantity", "1,000"), ("streams", 2, "ewc_code", "10 01 02"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "line", "column", "value"), BAD_CELLS)
def test_a_table_with_a_problem_is_worded_by_the_row_wise_path(region, name, line, column,
                                                               value, request):  # fmt: skip
    files = {f"{n}.csv": (region / f"{n}.csv").read_bytes() for n in ("companies", "streams",
                                                                      "flows")}  # fmt: skip
    frame = pd.read_csv(region / f"{name}.csv", dtype=str, keep_default_na=False)
    if column not in frame:
        frame[column] = ""
    frame.loc[line - 2, column] = value
    files[f"{name}.csv"] = frame.to_csv(index=False).encode()
    fast = load_files("bad", files)
    request.getfixturevalue("row_wise")
    slow = load_files("bad", files)
    assert [str(p) for p in fast[1]] == [str(p) for p in slow[1]]
    if fast[0] is not None:  # a form only the row-wise parser reads: the same frames
        for table in ("companies", "streams"):
            pd.testing.assert_frame_equal(fast[0].table(table), slow[0].table(table))


def test_a_users_own_column_named_like_another_tables_number_stays_text(region):
    files = {f"{n}.csv": (region / f"{n}.csv").read_bytes() for n in ("companies", "streams")}
    frame = pd.read_csv(region / "streams.csv", dtype=str, keep_default_na=False)
    frame["employees"], frame["lat"] = "", "north"
    frame.loc[0, "employees"] = "a dozen"
    files["streams.csv"] = frame.to_csv(index=False).encode()
    dataset, problems = load_files("own columns", files)
    assert problems == []
    assert dataset.streams["lat"].iloc[0] == "north"
    assert dataset.streams["employees"].iloc[0] == "a dozen"
