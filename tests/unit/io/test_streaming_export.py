"""The streaming writers of large tables: CSV by Arrow in chunks (header once, text that starts
a formula neutralised column by column, read back unchanged by the reader) and Parquet; and the
`match` command writing either."""

from __future__ import annotations

import io

import pandas as pd
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard import cli
from dashboard.domain.reference import DATASETS_DIR
from dashboard.io.export import chunks, write_parquet, write_safe_csv
from dashboard.io.readers import read_csv_bytes

FRAME = pd.DataFrame({
    "id": ["r1", "r2", "r3", "r4", "r5"],
    "text": ["=1+1", "plain, with comma", None, "'-already", 'say "hi"\r\nthere'],
    "n": [-5.0, 1.25, None, 1e20, 0.1],
    "k": [1, 2, 3, 4, 5],
})  # fmt: skip


def csv_bytes(frame: pd.DataFrame, rows: int) -> bytes:
    sink = io.BytesIO()
    assert write_safe_csv(chunks(frame, rows), sink) == len(frame)
    return sink.getvalue()


def test_chunks_write_one_csv_with_one_header_and_neutralised_text():
    data = csv_bytes(FRAME, rows=2)
    assert data.startswith(b"id,text,n,k\n") and data.count(b"id,text") == 1
    table, problems = read_csv_bytes("t.csv", data)
    assert problems == []
    assert [r["text"] for r in table.records] == ["=1+1", "plain, with comma", "",
                                                  "'-already", 'say "hi"\r\nthere']  # fmt: skip
    assert b"\"'=1+1\"" in data and b"\"''-already\"" in data
    assert [r["n"] for r in table.records] == ["-5", "1.25", "", "1e+20", "0.1"]
    assert csv_bytes(FRAME, rows=2) == csv_bytes(FRAME, rows=100)


TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"))
CELLS = TEXT.filter(lambda s: not any(ord(c) < 32 and c not in "\t\r\n" for c in s))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(CELLS, CELLS), min_size=1, max_size=6))
def test_any_text_cells_read_back_unchanged(rows):
    frame = pd.DataFrame({"id": [f"r{i}" for i in range(len(rows))],
                          "a": [a for a, _ in rows], "b": [b for _, b in rows]})  # fmt: skip
    table, problems = read_csv_bytes("t.csv", csv_bytes(frame, rows=2))
    assert problems == []
    assert [(r["a"], r["b"]) for r in table.records] == rows


def test_parquet_keeps_the_values_as_they_are():
    sink = io.BytesIO()
    assert write_parquet(chunks(FRAME, 2), sink) == len(FRAME)
    back = pq.read_table(io.BytesIO(sink.getvalue())).to_pandas()
    pd.testing.assert_frame_equal(back, FRAME)


def test_the_match_command_writes_csv_or_parquet(tmp_path):
    leningrad = str(DATASETS_DIR / "leningrad")
    assert cli.main(["match", leningrad, "--out", str(tmp_path / "c.csv")]) == 0
    assert cli.main(["match", leningrad, "--out", str(tmp_path / "c.parquet")]) == 0
    table, problems = read_csv_bytes("c.csv", (tmp_path / "c.csv").read_bytes())
    parquet = pq.read_table(tmp_path / "c.parquet")
    assert problems == [] and table.columns == list(cli.MATCH_COLUMNS)
    assert parquet.column_names == list(cli.MATCH_COLUMNS)
    assert len(table.records) == parquet.num_rows > 0
    assert [r["have_stream_id"] for r in table.records] == parquet["have_stream_id"].to_pylist()


def test_an_object_column_of_numbers_is_written_as_text():
    frame = pd.DataFrame({"code": pd.Series([1, 2, None], dtype=object), "name": ["=1+1", "x", None]})
    sink = io.BytesIO()
    write_safe_csv(chunks(frame), sink)
    assert sink.getvalue().decode() == 'code,name\n"1","\'=1+1"\n"2","x"\n,\n'


@pytest.mark.parametrize("rows", [1, 2, 10])
def test_a_categorical_column_is_written_as_the_same_text_as_objects(rows):
    text = FRAME.assign(text=pd.Categorical(FRAME["text"]), id=pd.Categorical(FRAME["id"]))
    assert csv_bytes(text, rows) == csv_bytes(FRAME, rows)
    sink = io.BytesIO()
    write_parquet(chunks(text, rows), sink)
    pd.testing.assert_frame_equal(pq.read_table(io.BytesIO(sink.getvalue())).to_pandas(), FRAME)


class FailingSink(io.BytesIO):
    """A sink that fails from its `fail_at`-th write on, as a full disk does."""

    def __init__(self, fail_at: int):
        super().__init__()
        self.writes, self.fail_at = 0, fail_at

    def write(self, data) -> int:
        self.writes += 1
        if self.writes >= self.fail_at:
            raise OSError(28, "No space left on device")
        return super().write(data)


def test_a_failed_write_stops_the_writer_with_its_error_at_most_one_chunk_later():
    made = []

    def parts():
        for part in chunks(FRAME, 1):
            made.append(len(part))
            yield part

    with pytest.raises(OSError, match="No space left"):
        write_safe_csv(parts(), FailingSink(fail_at=2))
    assert len(made) <= 3 < len(FRAME)
