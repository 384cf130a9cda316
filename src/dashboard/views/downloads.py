"""The files the Data page offers, made for spreadsheets.

Every CSV goes through `dashboard.io.export.safe_csv_bytes`: a text cell that a spreadsheet
would run as a formula is neutralised, and `dashboard.io.datasets.load_files` reads the file
back unchanged. A workbook is written by `dashboard.io.datasets` (text cells stay text, never
formulas); the cells it cannot hold are found here first, so the page can say which they are
instead of failing when the file is asked for.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from dashboard.domain.dataset import TABLES, Dataset
from dashboard.io import datasets as ds
from dashboard.io.export import safe_csv_bytes
from dashboard.io.validation import CONTRACT_COLUMNS


def csv_zip_bytes(frames: Mapping[str, pd.DataFrame]) -> bytes:
    """A zip archive with one neutralised CSV file `<name>.csv` per table."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, frame in frames.items():
            archive.writestr(f"{name}.csv", safe_csv_bytes(frame))
    return buffer.getvalue()


def dataset_tables(dataset: Dataset) -> dict[str, pd.DataFrame]:
    """The dataset's tables as written in the interchange format."""
    return {name: ds.export_table(dataset.table(name), name) for name in TABLES}


def dataset_zip_bytes(dataset: Dataset) -> bytes:
    """The dataset as CSV files in one zip archive."""
    return csv_zip_bytes(dataset_tables(dataset))


def template_zip_bytes() -> bytes:
    """The template (every contract column, a few example rows) as CSV files in a zip."""
    return csv_zip_bytes(
        {
            name: pd.DataFrame(ds.TEMPLATE_ROWS[name], columns=list(CONTRACT_COLUMNS[name]))
            for name in TABLES
        }
    )


@dataclass(frozen=True)
class Cell:
    """A cell of a table: its sheet, its row in the sheet (the header is row 1), its column."""

    table: str
    row: int
    column: str


def _illegal(value: object) -> bool:
    return isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value) is not None


def _unwritable(frames: Mapping[str, pd.DataFrame]) -> Iterator[Cell]:
    for name, frame in frames.items():
        for column in frame.columns:
            if _illegal(column):
                yield Cell(name, 1, str(column))
        for position, column in enumerate(frame.columns):
            values = frame.iloc[:, position]
            if values.dtype != object:
                continue
            for row in values.map(_illegal).to_numpy().nonzero()[0]:
                yield Cell(name, int(row) + 2, str(column))


def unwritable_cells(dataset: Dataset) -> list[Cell]:
    """The cells a workbook cannot hold (control characters other than tab, line feed and
    carriage return: openpyxl refuses them), in sheet order."""
    cells = list(_unwritable(dataset_tables(dataset)))
    order = {name: i for i, name in enumerate(TABLES)}
    return sorted(cells, key=lambda c: (order[c.table], c.row))


def printable(text: str) -> str:
    """Text with its control characters shown as `\\x..` (for a message naming a cell)."""
    return re.sub(r"[\x00-\x1f]", lambda m: f"\\x{ord(m.group()):02x}", text)
