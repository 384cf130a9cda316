"""Property: reading column by column (pyarrow) and validating column by column give exactly
what the row-wise reader and validator give, problems and frames alike, on random corruptions of
a valid region: bad cells, and files changed in form (blank and ragged lines, quotes, line
breaks in cells, CRLF, a BOM, semicolons with decimal commas, neutralised formulas)."""

from __future__ import annotations

import csv
import io
import sys
from functools import cache

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.io import fast_validation, readers
from dashboard.io.datasets import load_files

from ..paths_bench import BENCHMARKS

sys.path.insert(0, str(BENCHMARKS))
from match_command import write_region

TABLES = ("companies", "streams", "flows")
VALUES = st.sampled_from([
    "", " ", "x", "abc def", "91", "-1", "0", "1e400", "1 000,5", "1,5", "2.5", "+3", "NaN",
    "inf", "=1+1", "'=1+1", "''-2", "@x", "a\x07b", "\u00a0x\u00a0", "T/YR", "t per yr", "mwh/yr",
    "have", "WANT", "yes", "да", "no", "unobtainium", "fly_ash", "10 01 02", "C", "35.11",
    "RU-SPE", "ru", "FI", "documented", "Synthetic", '"quoted"', 'a"b', "a,b", "a;b",
    "line\nbreak", "x" * 600, "c-1", "s-1", "nobody",
])  # fmt: skip


EXTRA_LINES = ["\n", " \n", ",,,\n", ";;\n", "x\n", "a,b,c,d,e,f,g,h,i,j,k,l,m,n\n", '"\n']


@cache
def region_files() -> dict[str, bytes]:
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp()) / "region"
    write_region(40, folder)
    return {f"{name}.csv": (folder / f"{name}.csv").read_bytes() for name in TABLES}


@st.composite
def corrupted(draw) -> dict[str, bytes]:
    files = {}
    for name in TABLES:
        frame = pd.read_csv(io.BytesIO(region_files()[f"{name}.csv"]), dtype=str,
                            keep_default_na=False)  # fmt: skip
        for _ in range(draw(st.integers(0, 2)) if len(frame) else 0):
            column = draw(st.sampled_from([*frame.columns, "region_code", "employees", "notes"]))
            if column not in frame:
                frame[column] = ""
            frame.loc[draw(st.integers(0, len(frame) - 1)), column] = draw(VALUES)
        semicolon = draw(st.booleans())
        if semicolon:
            for column in ("lat", "lon", "quantity"):
                if column in frame:
                    frame[column] = frame[column].str.replace(".", ",", regex=False)
        out = io.StringIO()
        csv.writer(out, delimiter=";" if semicolon else ",",
                   lineterminator=draw(st.sampled_from(["\n", "\r\n"])),
                   quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])),
                   ).writerows([frame.columns.tolist(), *frame.values.tolist()])  # fmt: skip
        lines = out.getvalue().splitlines(keepends=True)
        for _ in range(draw(st.integers(0, 2))):
            at = draw(st.integers(0, len(lines)))
            lines.insert(at, draw(st.sampled_from(EXTRA_LINES)))
        text = "".join(lines)
        if draw(st.booleans()):
            text = "\ufeff" + text
        files[f"{name}.csv"] = text.encode(draw(st.sampled_from(["utf-8", "cp1251"])), "replace")
    return files


def _outcome(files):
    dataset, problems = load_files("property", files, readers.FILE_LIMITS)
    frames = None if dataset is None else [dataset.table(name) for name in TABLES]
    return [str(p) for p in problems], frames


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corrupted())
def test_column_wise_and_row_wise_give_the_same_problems_and_frames(files):
    fast = _outcome(files)
    saved = readers._read_columns, fast_validation.companies, fast_validation.streams
    try:
        readers._read_columns = lambda *args: None
        fast_validation.companies = lambda table: None
        fast_validation.streams = lambda table, ids: None
        slow = _outcome(files)
    finally:
        readers._read_columns, fast_validation.companies, fast_validation.streams = saved
    assert fast[0] == slow[0]
    assert (fast[1] is None) == (slow[1] is None)
    for one, other in zip(fast[1] or [], slow[1] or [], strict=True):
        pd.testing.assert_frame_equal(one, other)


def test_a_clean_region_is_read_column_by_column():
    tables, problems = readers.read_upload(region_files(), readers.FILE_LIMITS)
    assert problems == []
    assert all(tables[name].arrays is not None for name in TABLES)
    assert tables["companies"].lines[:2] == [2, 3]
