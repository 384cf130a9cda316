"""Files for spreadsheets: text cells that a spreadsheet would run as a formula are neutralised.

The scheme is reversible: the writer puts one apostrophe before every text matching
`^'*[=+\\-@\\t\\r]` (a formula start after any apostrophes), and `readers.read_csv_bytes` takes
one off every cell matching `^'+[=+\\-@\\t\\r]`, so what is written reads back unchanged.
"""

from __future__ import annotations

import re

import pandas as pd

TRIGGER = re.compile(r"^'*[=+\-@\t\r]")


def neutralise_formula(value: object) -> object:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and TRIGGER.match(value):
        return "'" + value
    return value


def _is_text(column: pd.Series) -> bool:
    if isinstance(column.dtype, pd.StringDtype):
        return True
    return column.dtype == object and pd.api.types.infer_dtype(column, skipna=True) in (
        "string",
        "mixed",
        "mixed-integer",
    )


def safe_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV for spreadsheets, text cells neutralised by `TRIGGER`.

    Lines end in LF; when some text holds a carriage return they end in CRLF, since only then
    does the csv writer quote a cell holding a lone CR."""
    safe = frame.copy()
    carriage_return = False
    for position in range(safe.shape[1]):
        column = safe.iloc[:, position]
        if not _is_text(column):
            continue
        text = column.where(column.map(type).eq(str))
        flagged = text.str.match(TRIGGER.pattern, na=False).astype(bool)
        if flagged.any():
            safe.iloc[:, position] = column.mask(flagged, "'" + text)
        carriage_return = carriage_return or bool(text.str.contains("\r", na=False).any())
    lineterminator = "\r\n" if carriage_return else "\n"
    return safe.to_csv(index=False, lineterminator=lineterminator).encode("utf-8")


CHUNK_ROWS = 50_000
"""Rows converted and written at a time by the streaming writers."""


def _arrow_schema(frame: pd.DataFrame):
    """Arrow types by the frame's dtypes (text columns as strings even when a chunk holds
    only missing cells, so every chunk has the first one's schema)."""
    import pyarrow as pa

    fields = []
    for name, dtype in frame.dtypes.items():
        if pd.api.types.is_bool_dtype(dtype):
            kind = pa.bool_()
        elif pd.api.types.is_integer_dtype(dtype):
            kind = pa.int64()
        elif pd.api.types.is_float_dtype(dtype):
            kind = pa.float64()
        else:
            kind = pa.string()
        fields.append(pa.field(str(name), kind))
    return pa.schema(fields)


def _arrow_chunk(frame: pd.DataFrame, schema, neutralise: bool, known: dict | None = None):
    """The chunk as an Arrow table of `schema`, text that starts a formula prefixed with an
    apostrophe column by column (Arrow's regex kernels, no Python call per cell). Columns of
    Python strings are converted and neutralised once per distinct value, then taken by code:
    the candidates repeat the same few objects over millions of rows. The categories of a
    Categorical column are converted once for all the chunks that share them (kept in `known`,
    column name -> categories and their text)."""
    import pyarrow as pa

    known = {} if known is None else known
    columns = []
    for field in schema:
        values = frame[field.name]
        if not pa.types.is_string(field.type):
            columns.append(pa.array(values, type=field.type, from_pandas=True))
        elif isinstance(values.dtype, pd.CategoricalDtype):
            categories = values.cat.categories
            if field.name not in known or known[field.name][0] is not categories:
                text = _text_array(pa.array(categories.to_numpy(), from_pandas=True), neutralise)
                known[field.name] = (categories, text)
            codes = values.cat.codes.to_numpy()
            columns.append(known[field.name][1].take(pa.array(codes, mask=codes < 0)))
        elif values.dtype == object:
            codes, uniques = pd.factorize(values.to_numpy())
            text = _text_array(pa.array(uniques, from_pandas=True), neutralise)
            columns.append(text.take(pa.array(codes, mask=codes < 0)))
        else:
            columns.append(_text_array(pa.array(values, from_pandas=True), neutralise))
    return pa.Table.from_arrays(columns, schema=schema)


def _text_array(array, neutralise: bool):
    """A string array, neutralised by `TRIGGER` when asked."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not pa.types.is_string(array.type):
        array = array.cast(pa.string())
    if neutralise:
        flagged = pc.fill_null(pc.match_substring_regex(array, TRIGGER.pattern), False)
        if pc.any(flagged).as_py():
            array = pc.if_else(flagged, pc.binary_join_element_wise("'", array, ""), array)
    return array


def chunks(frame: pd.DataFrame, rows: int = CHUNK_ROWS):
    """The frame `rows` rows at a time (views, not copies)."""
    for start in range(0, max(len(frame), 1), rows):
        yield frame.iloc[start : start + rows]


def write_safe_csv(parts, sink) -> int:
    """Frames of one shape written one after another to the binary `sink` as one UTF-8 CSV
    (the header once, as `safe_csv_bytes` writes it), text cells neutralised by `TRIGGER` as
    `safe_csv_bytes` does; text is quoted, numbers are not, missing cells are empty. Returns
    the rows written."""
    import csv as text_csv
    import io

    from pyarrow import csv

    def open_writer(schema):
        header = io.StringIO()  # the header as the csv module writes it: quoted if need be
        text_csv.writer(header, lineterminator="\n").writerow(schema.names)
        sink.write(header.getvalue().encode("utf-8"))
        return csv.CSVWriter(sink, schema, write_options=csv.WriteOptions(
            include_header=False, quoting_style="needed"))  # fmt: skip

    return _write_behind(parts, open_writer, neutralise=True)


def write_parquet(parts, sink) -> int:
    """Frames of one shape written to the binary `sink` as one Parquet file (text as it is:
    a Parquet file is not opened by a spreadsheet). Returns the rows written."""
    import pyarrow.parquet as pq

    return _write_behind(parts, lambda schema: pq.ParquetWriter(sink, schema), neutralise=False)


def _write_behind(parts, open_writer, neutralise: bool) -> int:
    """Convert each frame of `parts` to Arrow and hand it to the writer `open_writer(schema)`
    makes for the first; a chunk is written in a second thread while the next one is made
    (Arrow formats and compresses without holding the GIL), at most one chunk ahead. Returns
    the rows written."""
    from concurrent.futures import ThreadPoolExecutor

    writer, pending, written, known = None, None, 0, {}
    with ThreadPoolExecutor(max_workers=1) as pool:
        for part in parts:
            if writer is None:
                schema = _arrow_schema(part)
                writer = open_writer(schema)
            table = _arrow_chunk(part, schema, neutralise, known)
            if pending is not None:
                pending.result()
            pending = pool.submit(writer.write_table, table)
            written += len(part)
        if pending is not None:
            pending.result()
    if writer is not None:
        writer.close()
    return written
